import type { usersMessages } from './da-users';

/** The admin's user screen's English texts (part of `en`, mirroring da-users.ts key for key). */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const enUsers = {
  nav: 'Users',
  heading: 'Users',
  intro:
    'The people who can log in to Sendeassistent on this installation. New users and reset passwords are recorded in the history with your name.',
  loading: 'Loading the users …',
  adminsOnly: 'Only administrators can see the users.',
  count: (n: number) => plural(n, 'user', 'users'),
  tableCaption: 'The users on this installation',
  columns: {
    name: 'Name',
    username: 'Username',
    role: 'Role',
    status: 'Status',
    actions: 'Actions',
  },
  status: {
    active: 'Active',
    disabled: 'Disabled',
    locked: (when: string) => `Locked until ${when}`,
  },
  reset: 'Reset password',
  resetFor: (name: string) => ` for ${name}`,
  create: {
    heading: 'Create a user',
    intro: 'The user logs in with the username and the password. Pass the password on in a secure way.',
    username: 'Username',
    usernameHint: '2–64 characters: letters, digits and . _ @ -',
    displayName: 'Full name',
    displayNameHint: 'Shown in the program and in the history.',
    role: 'Role',
    roleHint:
      "A caseworker sends letters. A supervisor can also approve other people's sends. An administrator sets the program up and creates users.",
    password: 'Password',
    passwordHint: (n: number) => `At least ${n} characters.`,
    repeat: 'Repeat the password',
    submit: 'Create user',
    busy: 'Creating the user …',
    usernameEmpty: 'Enter a username.',
    usernameInvalid:
      'The username must have 2–64 characters and may only contain letters, digits and . _ @ -',
    usernameTaken: 'The username is already in use.',
    displayNameEmpty: "Enter the user's full name.",
    passwordShort: (n: number) => `The password must have at least ${n} characters.`,
    repeatMismatch: 'The two passwords are not the same. Enter the same password in both fields.',
    created: (name: string) => `${name} has been created and can log in now.`,
  },
  resetDialog: {
    heading: 'Reset password',
    text: 'The user gets a new signing key; approvals the user gave before can still be verified.',
    unlocks: 'If the user is locked out after too many wrong passwords, the lock is lifted.',
    password: 'New password',
    repeat: 'Repeat the new password',
    submit: 'Reset the password',
    busy: 'Resetting …',
    done: (name: string) =>
      `The password for ${name} has been reset. The user can log in with the new password now.`,
  },
  roster: {
    heading: 'Roster of users for approval across computers',
    intro:
      "When several computers share a folder for approvals, a request or decision from another computer counts only if its user is on the roster signed by the trusted administrator. Each computer puts its users' public keys in the folder; you choose who is included.",
    loading: 'Loading the roster …',
    reload: 'Refresh',
    noFolder:
      'No shared folder for approvals has been chosen, so approval happens on this computer only, and there is no roster to issue.',
    toSettings: 'Choose the folder under Settings',
    folderLabel: 'Shared folder',
    reachable: 'The folder can be reached.',
    unreachable: 'The folder cannot be reached right now.',
    pinnedLabel: 'Trusted admin key',
    pinnedNone: 'No admin key has been pinned yet.',
    pinSource: {
      machine_file: 'Set by IT in the shared settings file.',
      set_up: "This computer's first administrator, pinned at set-up.",
    },
    ownLabel: 'Your key',
    ownIsPinned: 'Your key is the trusted admin key. You can issue the roster.',
    ownNotPinned:
      'Your key is not the trusted admin key. Only the administrator whose key is trusted can issue a roster; a roster signed with another key is refused on every computer.',
    currentLabel: 'Roster in force',
    current: (seq: number, when: string) => `No. ${seq}, issued ${when}.`,
    noCurrent: 'No roster has been issued yet.',
    candidatesHeading: 'Who is on the roster',
    candidatesHint:
      "Compare the fingerprint with the user's own (for example over the phone) before you tick a key from another computer. Users without a tick are removed from the roster, and their signatures no longer count.",
    tableCaption: 'Users who can be put on the roster',
    columns: {
      include: 'On it',
      name: 'Name',
      username: 'Username',
      role: 'Role',
      source: 'Source',
      keys: "The key's fingerprint",
    },
    include: (name: string) => `On the roster: ${name}`,
    source: {
      local: 'This computer',
      key_file: 'Key file from another computer',
    },
    noKeys: 'No valid key',
    chosen: (n: number) => `${plural(n, 'user', 'users')} chosen`,
    issue: 'Issue roster',
    issuing: 'Issuing the roster …',
    noneChosen: 'Choose at least one user for the roster.',
    issued: (seq: number, n: number) =>
      `Roster no. ${seq} has been issued with ${plural(n, 'user', 'users')}.`,
    problemsHeading: 'Files in the shared folder that could not be used:',
  },
} satisfies typeof usersMessages;
