import type {
  caseAreas,
  digitalPostStatuses,
  guardianScopes,
  partyRoles,
} from '../../../shared/domain/case-file';
import type { DocumentOutcome } from '../../../shared/domain/analysis';
import type { FindingCode } from '../../../shared/domain/findings';
import type { UserRole } from '../../../shared/domain/users';
import type { ErrorCode } from '../../../shared/result';
import type { Messages } from './da';
import { enApprovals } from './en-approvals';
import { enDrafts } from './en-drafts';
import { enHistory } from './en-history';
import { enOutbox } from './en-outbox';
import { enSend } from './en-send';
import { enSettings } from './en-settings';
import { enUsers } from './en-users';

/**
 * Every English text the window shows, key for key the same as `da` (the `satisfies` clauses make a missing or an
 * extra key a compile error). Texts that come from the backend in Danish with a code are worded here by code.
 */

type CaseArea = (typeof caseAreas)[number];
type PartyRole = (typeof partyRoles)[number];
type DigitalPostStatus = (typeof digitalPostStatuses)[number];
type GuardianScope = (typeof guardianScopes)[number];

const countOf = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** shared/result.ts's ERROR_MESSAGES in English, code for code. */
const ERRORS: Record<ErrorCode, string> = {
  VALIDATION_FAILED:
    'The request had invalid content and was refused. Try again; if it happens again, contact IT.',
  INTERNAL:
    'An unexpected error happened in the program. Nothing has been sent. Try again, and contact IT if the error happens again.',
  NOT_FOUND: 'What you asked for does not exist (any longer). Refresh the view and try again.',
  UNAUTHENTICATED: 'You are not logged in. Log in and try again.',
  FORBIDDEN: 'You do not have access to this action.',
  DB_KEY_INVALID:
    'The local database could not be opened with the saved key. Nothing has been changed in the file. Contact IT to restore access with a passphrase.',
  DB_CORRUPT:
    'The local database is damaged and cannot be used. Nothing has been changed in the file. Contact IT, who can restore it from a backup.',
  DB_TOO_NEW:
    'The local database was made by a newer version of Sendeassistent. Install the newest version; the file has not been changed.',
  KEYSTORE_UNAVAILABLE:
    "The operating system's secure key store is not available, so the database cannot be encrypted. The program does not start without it. Contact IT.",
  DOCUMENT_UNREADABLE: 'The document could not be read. Check that it is a valid PDF file.',
  CHECK_BLOCKED:
    'The check has found a problem that prevents sending. Correct the document, the case or the recipients.',
  RECIPIENT_NOT_ELIGIBLE: 'A chosen recipient may not receive this document type in the case.',
  APPROVAL_REQUIRED: 'The sending must first be approved by another employee (a manager).',
  APPROVAL_INVALID: 'The approval no longer matches the letter and cannot be used. Ask for a new approval.',
  WARNING_NOT_ACKNOWLEDGED:
    'The check has found warnings that you must confirm with a reason before anything can be sent.',
  DOCUMENT_PASSWORD_PROTECTED:
    'The PDF file needs a password to be opened, so the recipient cannot read it. Save it without a password, and drag it in again.',
  RECIPIENT_ADDRESS_MISSING:
    'A recipient must get the letter by physical post, but the case has no postal address for the recipient. Correct the case before sending.',
  SETTINGS_INCOMPLETE:
    "The sender's CVR number and name and the case system must be filled in in the settings before anything can be sent. Contact IT.",
  MEMO_INVALID:
    'The letter could not be built correctly for Digital Post (MeMo). Nothing has been sent. Contact IT, and give the time.',
  DRAFT_SUBMITTED: 'The draft has already been sent off or queued. See it in the Outbox.',
  CONNECTOR_UNAVAILABLE:
    'There is no connection to Digital Post right now. The letter waits and is sent when there is a connection.',
  SEND_REFUSED: 'Digital Post rejected the letter. See the details in the Outbox.',
  PAYLOAD_TOO_LARGE: 'The file or the request is too large to be received.',
  PAYLOAD_EMPTY: 'The file is empty (0 bytes). Choose another file.',
  UNSUPPORTED_MEDIA_TYPE: 'The request had the wrong content type and was refused.',
  SHARED_FOLDER_UNAVAILABLE:
    'The shared folder for approvals is not set up, or it cannot be reached right now. Try again, or contact IT.',
  CANCELLED: 'The check of the document was stopped. Drag the document in again to start over.',
};

/** backend/documents/messages.ts's OUTCOME_MESSAGES in English, plus 'read': the window could not read the file. */
const OUTCOMES: Record<DocumentOutcome | 'read', string> = {
  ok: 'The document has been read, and its text can be checked.',
  no_text:
    'The document has no text that can be read (it may be scanned). The program cannot check its content; check it yourself before you send it.',
  needs_password: 'The document is protected with a password. Enter the password to have it checked.',
  wrong_password: 'The password does not match the document. Try again.',
  invalid_pdf:
    'The document is a damaged or invalid PDF file and cannot be read. Save or export it as PDF again.',
  not_pdf:
    'The file is not a PDF file (it may be empty, a Word document or an image). Save or export it as PDF first.',
  too_large:
    'The document is too large to be checked (too many pages, too much data or too much memory). Split it into smaller documents.',
  timeout:
    'Reading the document took too long, so the check was stopped. Try again; if it happens again, save the document as PDF once more.',
  read: 'The file could not be read from the disk. Check that it is not open in another program, and try again.',
};

/**
 * core/findings' messages in English, one general text per code: the window shows the evidence (pages, dates,
 * the text found) and the party concerned next to it, so the details need not be repeated in the sentence.
 */
const FINDINGS: Record<FindingCode, string> = {
  CASE_NUMBER_MISMATCH:
    'The document mentions a case number that is neither this case’s nor a related case’s. Check that you have chosen the right case and the right document; if the cases are connected, register the case number as a related case.',
  SUBJECT_MISMATCH:
    'Page 1 is about a person other than the person the case is about. Check that the document belongs to this case and this person.',
  UNKNOWN_CPR:
    'The document contains a CPR number that no party in the case has. Check whether it belongs to another case or person, and remove it if the recipients may not see it.',
  THIRD_PARTY_CPR:
    'The document contains the CPR number of another party in the case, which this recipient has no right to see. Remove the CPR number, or do not send the document to this recipient.',
  ADDRESSEE_MISMATCH:
    'The letter is addressed to someone other than this recipient. Check the recipient, or correct the name in the opening of the letter or in the address field.',
  PROTECTED_ADDRESS_LEAK:
    'The document contains a protected address or names a person with name and address protection, and this recipient does not live at the protected address. Remove the address, and check that the document does not reveal where the person lives, before it is sent to this recipient.',
  RECIPIENT_NOT_ELIGIBLE:
    'The recipient may not receive this document. Remove the recipient, or choose the right document type.',
  REPRESENTATION_EXPIRED:
    "The representative's authority has expired. The representative no longer receives post in the case; renew or remove the representation in the case.",
  NO_TEXT_LAYER:
    'Some pages have no text that can be checked (for example a scan). Read the pages through yourself; a colleague must approve before the document is sent.',
  UNCHECKED_CONTENT:
    'The document contains content the check has not been able to go through (attached files, a form, scripts or content that could not be read). Go through the content yourself, or remove it; a colleague must approve before the document is sent.',
  TYPE_UNCERTAIN:
    'The document type could not be determined with certainty, and it decides who may receive the document. Check the type, and choose the right one.',
  CASE_DATA_STALE:
    "The case's information is older than the rule set allows. Custody, representation and addresses may have changed; fetch the case again before you send.",
};

/**
 * Some codes have more than one Danish sentence (core/findings), each saying something the general text does not:
 * a marker phrase of the Danish picks the English for that case. A sentence without a known marker gets the
 * general text, so a reworded Danish message never shows a wrong English one.
 */
const FINDING_VARIANTS: Partial<
  Record<FindingCode, readonly (readonly [marker: string, english: string])[]>
> = {
  RECIPIENT_NOT_ELIGIBLE: [
    [
      'ikke part på sagen',
      'The recipient is not a party in the case. Letters can only be sent to the parties of the case; choose the recipient among them.',
    ],
    [
      'efter kommunens regler',
      "The recipient may not receive this document type under the municipality's rules (see the reason next to the party). Remove the recipient, or choose the right document type.",
    ],
  ],
  SUBJECT_MISMATCH: [
    [
      'tilhører en anden part',
      'Page 1 is about a person other than the person the case is about (the CPR number belongs to another party). Check that the document belongs to this case and this person.',
    ],
  ],
  THIRD_PARTY_CPR: [
    [
      'orientering til en forælder',
      'A letter for information to a parent without custody must not contain the CPR number of the parent with custody. Remove the CPR number.',
    ],
  ],
  PROTECTED_ADDRESS_LEAK: [
    [
      'orientering til en forælder',
      'A letter for information to a parent without custody must not show where the parent with custody lives. Remove the address from the document.',
    ],
    [
      'indeholder en beskyttet adresse',
      'The document contains a protected address, and this recipient does not live at that address. Remove the address from the document before it is sent to this recipient.',
    ],
    [
      'nævner en person med navne- og adressebeskyttelse',
      'The document names a person with name and address protection, and this recipient does not live at the protected address. Check that the document does not reveal where the person lives.',
    ],
  ],
};

const hasOwn = (table: object, key: string) => Object.prototype.hasOwnProperty.call(table, key);

function findingText(code: FindingCode, danish: string): string {
  const variant = FINDING_VARIANTS[code]?.find(([marker]) => danish.includes(marker));
  if (variant) return variant[1];
  return hasOwn(FINDINGS, code) ? FINDINGS[code] : danish;
}

const enTable = {
  app: {
    name: 'Sendeassistent',
    skipToContent: 'Skip to content',
    userLabel: 'User',
    versionLabel: 'Version',
    infoLoading: 'Loading user information …',
    pageTitle: (page: string) => `${page} – Sendeassistent`,
  },
  language: {
    /** The switch in the header; each language is named in its own language. */
    label: 'Language',
    names: { da: 'Dansk', en: 'English' },
  },
  auditOnly: {
    heading: 'Trial mode (history only)',
    text: "IT has turned on trial mode: findings in the document's content (case numbers, CPR numbers, names, document type) are shown and saved in the history, but do not stop the sending. Recipient rules, address protection and approval apply as always.",
  },
  auth: {
    loading: 'Opening Sendeassistent …',
    roles: {
      caseworker: 'Caseworker',
      supervisor: 'Supervisor',
      admin: 'Administrator',
    } satisfies Record<UserRole, string>,
    roleLabel: 'Role',
    signOut: 'Log out',
    signIn: {
      heading: 'Log in',
      intro: 'Log in with your username and your password.',
      username: 'Username',
      password: 'Password',
      submit: 'Log in',
      busy: 'Logging in …',
      usernameEmpty: 'Enter your username.',
      passwordEmpty: 'Enter your password.',
      wrong: 'Wrong username or password.',
      locked: (when: string) =>
        `The user is locked because the password was entered wrongly too many times. Wait until ${when} and try again – or contact IT if you have forgotten your password.`,
      lockedNoTime:
        'The user is locked because the password was entered wrongly too many times. Wait a quarter of an hour and try again – or contact IT if you have forgotten your password.',
      disabled: 'The user is disabled and cannot log in. Contact IT.',
    },
    notice: {
      idle: (n: number) =>
        `The window was locked after ${countOf(n, 'minute', 'minutes')} without activity. Log in again – your drafts are saved.`,
      ended:
        'You are no longer logged in (for example because the program was started again). Log in again – your drafts are saved.',
      signedOut: 'You have logged out.',
      alreadySetUp: 'Sendeassistent already has an administrator. Log in.',
    },
    firstRun: {
      heading: 'Create the administrator',
      intro:
        'Sendeassistent is new on this computer. Create the first user: the administrator, who creates the other users. You are logged in when the administrator has been created.',
      username: 'Username',
      usernameHint: '2–64 characters: letters, digits and . _ @ -',
      displayName: 'Full name',
      displayNameHint: 'Shown in the program and in the history.',
      password: 'Password',
      passwordHint: (n: number) => `At least ${countOf(n, 'character', 'characters')}.`,
      repeat: 'Repeat the password',
      submit: 'Create the administrator and log in',
      busy: 'Creating the administrator …',
      usernameEmpty: 'Enter a username.',
      usernameInvalid:
        'The username must have 2–64 characters and may only contain letters, digits and . _ @ -',
      displayNameEmpty: "Enter the administrator's full name.",
      passwordShort: (n: number) =>
        `The password must have at least ${countOf(n, 'character', 'characters')}.`,
      repeatMismatch: 'The two passwords are not the same. Enter the same password in both fields.',
    },
    demo: {
      heading: 'Demo users',
      intro:
        'This is demo data. The users and their passwords are public, so you can try each role. They never exist in a real installation.',
      columns: { name: 'Name', role: 'Role', username: 'Username', password: 'Password' },
    },
  },
  /**
   * Texts that come from the backend in Danish with a code (errors, a document's outcome, a finding), worded here
   * by code. A code this table does not know (a newer backend) shows the Danish text rather than nothing.
   */
  backend: {
    error: (code: ErrorCode, danish: string) => (hasOwn(ERRORS, code) ? ERRORS[code] : danish),
    outcome: (outcome: DocumentOutcome | 'read', danish: string) =>
      hasOwn(OUTCOMES, outcome) ? OUTCOMES[outcome] : danish,
    finding: findingText,
  },
  nav: {
    label: 'Main menu',
    send: 'Send',
    cases: 'Cases',
    drafts: 'Drafts',
    outbox: 'Outbox',
    history: 'History',
    settings: 'Settings',
  },
  common: {
    loading: 'Loading …',
    retry: 'Try again',
    none: 'None',
    cancel: 'Cancel',
    reasonLabel: 'Reason',
    reasonTooShort: (n: number) => `Write a reason of at least ${n} characters.`,
  },
  caseList: {
    heading: 'Cases',
    searchLabel: 'Search for a case',
    searchHint: 'Type a case number, title, name or CPR number. The list is updated as you type.',
    tableCaption: 'Cases',
    columns: {
      caseNumber: 'Case number',
      title: 'Title',
      area: 'Area',
      subject: 'The case is about',
      parties: 'Parties',
      asOf: 'Information as of',
    },
    resultCount: (n: number) => (n === 0 ? 'No cases found' : `${countOf(n, 'case', 'cases')} shown`),
    noMatches: 'No cases match the search. Try another case number or name.',
    noCases: 'There are no cases yet.',
  },
  caseDetail: {
    backToList: 'Back to the list of cases',
    caseNumber: 'Case number',
    area: 'Area',
    asOf: 'Information as of',
    relatedCases: 'Related cases',
    partiesHeading: (n: number) => `Parties (${n})`,
    columns: {
      name: 'Name',
      roles: 'Role',
      identity: 'CPR/CVR no.',
      address: 'Address',
      digitalPost: 'Digital Post',
      notes: 'Circumstances',
    },
    loadingCase: 'Loading the case …',
    pageTitle: (caseNumber: string) => `Case ${caseNumber}`,
  },
  areas: {
    children: 'Children and young people',
    employment: 'Employment',
    adult: 'Adults',
    other: 'Other',
  } satisfies Record<CaseArea, string>,
  party: {
    roles: {
      subject: 'Party',
      parent: 'Parent',
      representative: 'Representative',
      guardian: 'Guardian',
      professional: 'Professional',
      authority: 'Authority',
      employer: 'Employer',
      requester: 'Requester',
      other: 'Other',
    } satisfies Record<PartyRole, string>,
    /** In a children's case the party the case is about is the child. */
    subjectInChildrenCase: 'Child (party)',
    guardianScopes: {
      personal: 'personal matters',
      financial: 'financial matters',
      both: 'personal and financial matters',
    } satisfies Record<GuardianScope, string>,
    digitalPost: {
      enrolled: 'Registered',
      exempt: 'Exempt – physical post',
      unknown: 'Unknown',
    } satisfies Record<DigitalPostStatus, string>,
    cpr: 'CPR',
    cvr: 'CVR',
    noIdentity: 'No CPR or CVR no.',
    noAddress: 'No address given',
    addressHidden: 'Hidden because of address protection',
    addressSharedWithProtected: 'Hidden – same address as a party with address protection',
    custody: 'Has custody',
    noCustody: 'Does not have custody',
    orientationRequested: 'Has asked to be kept informed',
    orientationRefused: 'Keeping informed has been refused',
    addressProtected: 'Name and address protection',
    deceased: 'Deceased',
    represents: (name: string) => `Represents ${name}`,
    validUntil: (date: string) => `Valid until ${date}`,
    /** What a representative's authority covers, by document type id; unknown ids are shown as they are. */
    covers: (types: string) => `Covers: ${types}`,
    documentTypes: {
      all: 'all documents',
      afgoerelse: 'decision',
      partshoering: 'consultation of the parties',
      indkaldelse: 'notice to attend',
    } as Record<string, string | undefined>,
    expiredOn: (date: string) => `Expired ${date}`,
  },
  send: enSend,
  drafts: enDrafts,
  outbox: enOutbox,
  settings: enSettings,
  history: enHistory,
  approvals: enApprovals,
  users: enUsers,
} satisfies Messages;

export const en: Messages = enTable;
