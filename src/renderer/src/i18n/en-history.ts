import type { DocumentOutcome } from '../../../shared/domain/analysis';
import type { FindingCode } from '../../../shared/domain/findings';
import type { OutboxEventType, OutboxState } from '../../../shared/domain/outbox';
import type { SettingsPath } from '../../../shared/domain/settings';
import type { HistoryMessages } from './da-history';

/**
 * The history screen's English texts (part of `en` as `history`, mirroring da-history.ts key for key). Every kind
 * of history entry has a label here; a kind added later without one is shown as "Other event (<kind>)".
 */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "A", "A and B", "A, B and C". */
const joinAnd = (items: readonly string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

type OutboxKind = `outbox.${OutboxEventType}`;

const outboxKinds = {
  'outbox.submit': 'Letter created',
  'outbox.enqueue': 'Approved and queued',
  'outbox.claim': 'Sending started',
  'outbox.request_started': 'Being sent to Digital Post',
  'outbox.delivered': 'Delivered to Digital Post',
  'outbox.failed': 'Sending failed',
  'outbox.interrupted': 'Sending interrupted',
  'outbox.lookup_delivered': 'Look-up: delivered',
  'outbox.lookup_not_received': 'Look-up: not received, sent again',
  'outbox.lookup_unavailable': 'Look-up not possible',
  'outbox.resolve_delivered': 'Resolved: delivered',
  'outbox.resolve_resend': 'Resolved: sent again',
  'outbox.retry': 'Tried again',
  'outbox.cancel': 'Sending undone',
  'outbox.approve': 'Approved by a supervisor',
  'outbox.reject': 'Rejected by a supervisor',
  'outbox.void_approval': 'The approval no longer applies',
} satisfies Record<OutboxKind, string>;

/** The search form's filter names, as the record of a search (`history.searched`) lists them. */
const filterNames: Record<string, string | undefined> = {
  caseNumber: 'case number',
  cpr: 'CPR number',
  recipient: "recipient's name",
  documentType: 'document type',
  from: 'from date',
  to: 'to date',
  kinds: 'events',
};

/** Settings by their path (`sendDelaySeconds`), as the record of a change lists them. */
const settingNames = {
  sender: 'sender',
  'sender.cvr': "sender's CVR number",
  'sender.name': "sender's name",
  connector: 'connection to Digital Post',
  'connector.kind': 'connection type',
  'connector.options': "connection's settings",
  'connector.options.port': "sandbox's port",
  'connector.options.outDir': 'folder the letters are written to',
  'connector.options.endpoint': 'SF1601 environment',
  'connector.options.certificatePath': 'SF1601 certificate',
  memoVersion: 'MeMo version',
  caseSystem: 'case system',
  sendDelaySeconds: 'delay before sending',
  policyFile: 'rule set (policy file)',
  dataDir: 'data folder',
  idleLockMinutes: 'locking after inactivity',
} satisfies Record<SettingsPath, string>;

export const enHistory = {
  heading: 'History',
  pageTitle: 'History – Sendeassistent',
  intro:
    'Everything that has been checked, sent and viewed in the program, in the order it happened. The history cannot be changed.',
  search: {
    legend: 'Search the history',
    caseNumber: 'Case number',
    cpr: 'CPR number',
    cprHint: 'DDMMYY-NNNN. Shows the events about the person in the cases the person is a party to.',
    recipient: "Recipient's name",
    recipientHint: 'At least 2 letters of the name.',
    documentType: 'Document type',
    anyType: 'All types',
    group: 'Events',
    from: 'From date',
    to: 'To date',
    submit: 'Search',
    clear: 'Reset',
    loggedNote:
      'If you search by CPR number or name, the history records that you searched (not what you typed).',
    errors: {
      cpr: 'Type the CPR number with 10 digits as DDMMYY-NNNN.',
      recipient: 'Type at least 2 letters of the name.',
      date: 'The date is not valid. Type day, month and year, or choose the date in the calendar.',
      order: 'The to date is before the from date. Correct one of them.',
      summary: (n: number) =>
        n === 1
          ? 'Correct the marked field, and search again.'
          : `Correct the ${n} marked fields, and search again.`,
    },
  },
  /** Groups of entry kinds for the "Events" filter. */
  groups: {
    all: 'All events',
    sends: 'Sendings',
    delivered: 'Deliveries',
    problems: 'Errors and undone sendings',
    checks: 'Checks',
    approvals: 'Approvals',
    users: 'Users and sign-in',
    access: 'Look-ups in cases and history',
    admin: 'Imports and settings',
  },
  results: {
    caption: 'Events in the history, newest first',
    count: (n: number, more: boolean) =>
      n === 0
        ? 'No events match the search.'
        : `Showing ${plural(n, 'event', 'events')}, newest first${more ? '. There are more.' : '.'}`,
    noneHint: 'Try with fewer fields filled in or a longer period.',
    loading: 'Searching the history …',
    columns: { at: 'Time', kind: 'Event', case: 'Case', actor: 'Done by', summary: 'Summary' },
    detailsColumn: 'Details',
    details: 'Details',
    detailsFor: (seq: number) => `Details of row ${seq}`,
    row: (seq: number) => `Row ${seq}`,
    more: 'Show more',
    loadingMore: 'Loading more …',
    noCase: '–',
  },
  verify: {
    heading: 'Is the history complete?',
    explain: "The check recalculates each row's hash and sees whether a row has been changed or is missing.",
    button: 'Check the history',
    checking: 'Checking the history …',
    intact: (n: number) => `The history is intact (${plural(n, 'row', 'rows')}).`,
    broken: (seq: number, reason: string) => `The history is broken at row ${seq}: ${reason}.`,
    brokenNext: 'Contact IT. Do not use the history as documentation until this has been cleared up.',
    showRow: (seq: number) => `Show row ${seq}`,
  },
  kinds: {
    'cases.imported': 'Cases imported',
    'case.reimported': 'Case updated on import',
    'cases.import_refused': 'Case file refused',
    'case.viewed': 'Case opened',
    'document.analysed': 'Document read',
    'draft.checked': 'Letter checked',
    near_miss: 'Error corrected before sending',
    'draft.discarded': 'Draft discarded',
    'draft.submitted': 'Sending ordered',
    ...outboxKinds,
    'settings.changed': 'Settings changed',
    'settings.certificate_password_set': "Certificate's password saved",
    'policy.loaded': 'Rule set taken into use',
    'history.searched': 'History searched for a person',
    'user.created': 'User created',
    'user.signed_in': 'Signed in',
    'user.signed_out': 'Signed out',
    'user.sign_in_failed': 'Failed sign-in',
    'user.locked_out': 'User locked after too many attempts',
    'user.password_changed': 'Password changed',
    'user.password_reset': 'Password reset by an administrator',
    'approval.requested': 'Approval requested',
    'approval.approved': 'Approved by a supervisor',
    'approval.rejected': 'Rejected by a supervisor',
    'approval.expired': 'Approval request expired',
    'approval.voided': 'The approval no longer applies',
    'approval.released': 'Approved send queued',
  } as Record<string, string | undefined>,
  otherKind: (kind: string) => `Other event (${kind})`,
  summary: {
    analysed: (file: string, pages: string, type: string | null) =>
      `${file} · ${pages}${type ? ` · ${type}` : ' · the type was not recognised'}`,
    pages: (n: number) => plural(n, 'page', 'pages'),
    checked: (verdict: string, findings: number, to: string) =>
      `${verdict} · ${plural(findings, 'finding', 'findings')}${to ? ` · to ${to}` : ''}`,
    submitted: (type: string, to: string, approval: boolean) =>
      `${type} to ${to}${approval ? ' · needs approval' : ''}`,
    recipientWithChannel: (name: string, channel: string) => `${name} (${channel})`,
    outbox: (name: string, channel: string) => `${name} · ${channel}`,
    reference: (ref: string) => `Reference ${ref}`,
    because: (reason: string) => `Reason: ${reason}`,
    nearMiss: (changed: string, resolved: number) =>
      `Changed ${changed}, so ${plural(resolved, 'finding', 'findings')} went away`,
    viewed: "The case's parties and their CPR numbers were shown",
    searched: (filters: string, results: number, parties: number) =>
      `Searched by ${filters} · ${plural(results, 'result', 'results')} · ${plural(parties, 'party', 'parties')} found`,
    settings: (fields: string) => `Changed: ${fields}`,
    policy: (version: string, auditOnly: boolean) =>
      `Version ${version}${auditOnly ? ' · trial mode (history only)' : ''}`,
    imported: (cases: number, from: string) => `${plural(cases, 'case', 'cases')} from ${from}`,
    demoData: 'demo data',
    reimported: (before: number, after: number) => `Parties before: ${before}, after: ${after}`,
    importRefused: (file: string, problems: number) => `${file}: ${plural(problems, 'error', 'errors')}`,
    discarded: 'The draft was discarded',
    certificate: 'The password is saved encrypted; it is not in the history',
  },
  changedParts: { document: 'the document', case: 'the case', recipients: 'the recipients' } as Record<
    string,
    string | undefined
  >,
  filterNames,
  settingNames: settingNames as Record<string, string | undefined>,
  joinAnd,
  verdicts: { ok: 'In order', warn: 'Warnings', block: 'Blocked' } as Record<string, string | undefined>,
  outcomes: {
    ok: 'Read',
    no_text: 'No text (scanned)',
    needs_password: 'Needs a password',
    wrong_password: 'Wrong password',
    invalid_pdf: 'Invalid PDF',
    not_pdf: 'Not a PDF',
    too_large: 'Too large',
    timeout: 'Took too long',
  } satisfies Record<DocumentOutcome, string>,
  states: {
    draft: 'Draft',
    awaiting_approval: 'Awaiting approval',
    approved: 'Approved',
    queued: 'Waiting to be sent',
    sending: 'Being sent',
    sent: 'Sent',
    failed_retryable: 'Failed – will be tried again',
    failed_permanent: 'Rejected by Digital Post',
    unknown: 'Not known whether received',
    cancelled: 'Cancelled',
  } satisfies Record<OutboxState, string>,
  findingCodes: {
    CASE_NUMBER_MISMATCH: 'The document mentions another case number',
    SUBJECT_MISMATCH: 'The document is about another person',
    UNKNOWN_CPR: 'Unknown CPR number in the document',
    THIRD_PARTY_CPR: "Another person's CPR number in the document",
    ADDRESSEE_MISMATCH: 'The letter is addressed to someone other than the recipient',
    PROTECTED_ADDRESS_LEAK: 'Protected address in the document',
    RECIPIENT_NOT_ELIGIBLE: 'The recipient may not receive the document',
    REPRESENTATION_EXPIRED: "The representative's authority has expired",
    NO_TEXT_LAYER: 'The document has pages without text',
    UNCHECKED_CONTENT: 'Content that could not be checked',
    TYPE_UNCERTAIN: 'The document type is uncertain',
    CASE_DATA_STALE: "The case's information is old",
  } satisfies Record<FindingCode, string> as Record<string, string | undefined>,
  details: {
    close: 'Close',
    sections: {
      entry: 'The event',
      document: 'The document',
      recipients: 'Recipients',
      check: 'The check',
      findings: 'Findings',
      acknowledged: 'Confirmed warnings',
      sending: 'The letter',
      receipt: 'Receipt',
      search: 'The search',
      other: 'Other information',
      chain: 'The chain',
    },
    seq: 'Row',
    at: 'Time',
    actor: 'Done by',
    case: 'Case',
    file: 'File',
    documentType: 'Document type',
    typeChosen: 'The type was chosen by the caseworker',
    typeRecognised: 'The type was recognised by the program',
    sha256: "The document's SHA-256",
    pages: 'Pages',
    outcome: 'Reading',
    passwordRequired: 'Needed a password',
    verdict: 'Result',
    approvalRequired: 'Must be approved by a colleague',
    delay: 'Delay before sending',
    seconds: (n: number) => plural(n, 'second', 'seconds'),
    noFindings: 'The check found no problems.',
    concerns: (name: string) => `Concerns: ${name}`,
    because: (reason: string) => `Reason: ${reason}`,
    unknownParty: (id: string) => `Party ${id} (no longer in the case)`,
    recipientsLabel: (n: number) => (n === 1 ? 'Recipient' : `${n} recipients`),
    outboxId: "The letter's id",
    messageUUID: 'MeMo message id (messageUUID)',
    change: 'Status',
    stateChange: (from: string, to: string) => `${from} → ${to}`,
    attempt: 'Attempt no.',
    reference: 'Reference',
    receivedAt: 'Delivered',
    receiptText: 'Message from Digital Post',
    error: 'Error',
    sendAfter: 'Sent at the earliest',
    nextAttemptAt: 'Next attempt',
    by: 'Decided by',
    reason: 'Reason',
    changed: 'Changed',
    resolved: 'Findings that went away',
    previousCase: 'Case before',
    previousRecipients: 'Recipients before',
    filters: 'Searched by',
    results: 'Results',
    matched: 'Parties found',
    matchedParty: (caseNumber: string, partyId: string) => `Party ${partyId} in case ${caseNumber}`,
    more: 'Page',
    morePage: 'A following page (Show more)',
    firstPage: 'First page',
    policy: 'Rule set',
    policyVersion: (version: string) => `Version ${version}`,
    hash: "The row's hash",
    yes: 'Yes',
    no: 'No',
  },
} satisfies HistoryMessages;
