import type { settingsMessages } from './da-settings';

/**
 * The settings screen's English texts (part of `en`, mirroring da-settings.ts key for key). The backend's and the
 * shared schema's messages about a field's value are shown as they are (they already name the rule).
 */
export const enSettings = {
  heading: 'Settings',
  intro: 'Settings for this computer. Fields that IT has fixed cannot be changed here.',
  loading: 'Loading the settings …',
  lockedByIt: 'Locked by IT',
  lockedHint: 'Fixed by IT in the shared settings file. Contact IT if it needs to be changed.',
  adminOnly: 'Administrator only',
  policyFileAdminOnly:
    'Only an administrator can change the policy, because the policy decides what the check stops and what must be approved.',
  approvalFolderAdminOnly:
    'Only an administrator can choose the shared folder, because it decides which computers requests and decisions travel between.',
  machineFile: (path: string) => `IT's shared settings file: ${path}`,
  storedProblems: 'Some saved settings are no longer valid and are not used:',
  nextStart:
    'Changes to the connection and the rule set take effect the next time Sendeassistent is started. Other changes apply at once.',
  optional: '(optional)',
  sections: {
    sender: 'Sender',
    connector: 'Connection to Digital Post',
    sending: 'Sending',
    policy: 'Rule set',
    data: 'Data and security',
    approval: 'Approval across computers',
  },
  fields: {
    cvr: "The municipality's CVR number",
    cvrHint: '8 digits. Shown as the sender in Digital Post.',
    senderName: "The sender's name",
    senderNameHint:
      'How the citizen sees the sender in Digital Post, for example "Eksempel Kommune, Jobcenter".',
    caseSystem: 'Case system',
    caseSystemHint:
      'The case system the case numbers come from, for example SBSYS (the MeMo field caseSystem).',
    memoVersion: 'MeMo version',
    kind: 'Connection type',
    kinds: {
      sandbox: 'Sandbox – practice environment on this computer; nothing is sent to citizens',
      folder: "Folder – the letters are placed in a folder for the municipality's own integration",
      sf1601: 'KOMBIT Serviceplatformen (SF1601) – real Digital Post',
    },
    port: "The sandbox's port",
    portHint: 'Empty: a free port is chosen.',
    outDir: 'Folder for letters',
    outDirHint: 'Full path, for example \\\\fileserver\\digitalpost\\outbox. The folder must exist.',
    endpoint: 'SF1601 environment',
    endpoints: { test: 'Test (the eksterntest environment)', production: 'Production' },
    certificatePath: 'Function certificate (.p12/.pfx)',
    certificatePathHint: "Full path to the municipality's OCES3 function certificate with key.",
    caFile: 'Extra CA certificates (PEM)',
    caFileHint: "For example a proxy's CA. Empty: only the built-in ones.",
    proxy: 'Proxy',
    proxyHint: 'For example http://proxy.kommune.dk:8080. Empty: HTTPS_PROXY is used if it is set.',
    forsendelseType: 'Letter type for physical post (ForsendelseTypeIdentifikator)',
    forsendelseTypeHint: 'The number KOMBIT has given the municipality for letters on paper.',
    checkStatus: 'Ask Digital Post whether the recipient is registered before each sending (PostForespoerg)',
    sendDelay: 'Delay before sending (seconds)',
    sendDelayHint: 'For this long a sending can be undone. 0–600 seconds.',
    policyFile: "The municipality's rule set (policy file)",
    policyFileHint: 'Full path. Empty: the rule set that comes with the program.',
    dataDir: 'Data folder',
    dataDirHint:
      "Empty: the program's local folder. Must not be on a network drive. A change here is saved but does not move any data; IT does that.",
    idleLock: 'Lock the window after inactivity (minutes)',
    idleLockHint: '1–240 minutes.',
    approvalFolder: 'Shared folder for approvals',
    approvalFolderHint:
      'The folder that approval requests and decisions travel through between the computers, for example \\\\fileserver\\sendeassistent\\approvals. Empty: approval happens on this computer only.',
    adminKey: "The admin key's fingerprint",
    adminKeyHint:
      'Rosters of users for approval across computers count only when they are signed with the admin key with this fingerprint. Only IT can set it, in the shared settings file.',
    adminKeyNotSet: "Not set by IT – this computer's first administrator is trusted",
  },
  notWholeNumber: 'Type a whole number.',
  save: 'Save settings',
  saving: 'Saving …',
  saved: 'The settings have been saved.',
  nothingChanged: 'There are no changes to save.',
  notSaved: 'The settings have not been saved. Correct these fields, and save again:',
  lockedRefusal: 'The settings have not been saved, because one of them is fixed by IT:',
  certificate: {
    heading: "The certificate's password",
    text: 'The password is saved encrypted on this computer and is never shown again. It is used the next time Sendeassistent is started.',
    label: 'New password for the certificate',
    empty: 'Type the password.',
    save: 'Save the password',
    saved: 'The password has been saved. It is used the next time Sendeassistent is started.',
  },
} satisfies typeof settingsMessages;
