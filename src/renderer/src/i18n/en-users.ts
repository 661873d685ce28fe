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
} satisfies typeof usersMessages;
