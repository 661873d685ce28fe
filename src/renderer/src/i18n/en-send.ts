import type { Severity } from '../../../shared/domain/findings';
import type { OutboxState } from '../../../shared/domain/outbox';
import type { RecipientChannel } from '../../../shared/domain/proposal';
import type { SendTo, sendMessages } from './da-send';

/**
 * The send screen's English texts (part of `en`, mirroring da-send.ts key for key). Sentences that put names
 * together live here too, since word order and "and" belong to the language, not to the component.
 */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "A", "A and B", "A, B and C". */
const joinNames = (names: readonly string[]): string =>
  names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** "digitally to Mette Eksempelsen and by physical post to Bent Skabelonsen". */
const how = (p: SendTo): string =>
  joinNames([
    ...(p.digital.length > 0 ? [`digitally to ${joinNames(p.digital)}`] : []),
    ...(p.physical.length > 0 ? [`by physical post to ${joinNames(p.physical)}`] : []),
    ...(p.auto.length > 0 ? [`to ${joinNames(p.auto)} (Digital Post chooses digital or physical post)`] : []),
  ]);

type Phase = 'countdown' | 'sending' | 'approval' | 'sent' | 'cancelled' | 'mixed';

const severity = {
  block: 'Blocks',
  warn: 'Warning',
  info: 'For information',
} satisfies Record<Severity, string>;

export const enSend = {
  pageTitle: 'Send – Sendeassistent',
  heading: 'Send a document',
  pages: (n: number) => plural(n, 'page', 'pages'),
  waitForDocument: 'Shown when the document has been read.',
  waitForCase: 'Shown when the document has been read and the case is chosen.',
  checking: 'Checking the document against the case …',
  ackResetHint: 'If you change the case, document type or recipients, the warnings must be confirmed again.',
  steps: {
    document: 'Document',
    type: 'Document type',
    case: 'Case',
    recipients: 'Recipients',
    check: 'Check',
    send: 'Send',
  },
  resume: {
    loading: 'Loading the draft …',
    resumed: (when: string) => `Continued from the drafts (last changed ${when}).`,
    remembers:
      'The draft remembers the document and the case. If you had chosen another document type or other recipients, choose them again.',
    needsRecheck:
      'The case has changed since the draft was checked. It is now checked again against the case as it is today.',
    missing:
      'The draft no longer exists. It may have been discarded or already sent. See the drafts or the Outbox, or choose a file.',
    failed: (file: string) => `The draft ${file} could not be opened.`,
    failedNext: 'Try again from the drafts, or choose the file again.',
    toDrafts: 'To the drafts',
  },
  drop: {
    text: 'Drag the PDF file here',
    replaceText: 'Drag another PDF file here to change the document',
    choose: 'Choose file',
    chooseAnother: 'Choose another file',
    hint: 'PDF files only, one document at a time.',
    oneAtATime: 'You chose several files. Only the first one is checked.',
    readFailed:
      'The file could not be read from the disk. Check that it is not open in another program, and try again.',
  },
  analysis: {
    reading: (file: string) => `Reading ${file} …`,
    started: (file: string) => `Checking ${file} …`,
    pages: (file: string, done: number, total: number) => `Checking ${file}: page ${done} of ${total}`,
    cancel: 'Stop',
    cancelled: (file: string) =>
      `The check of ${file} was stopped. Choose the file again if you want to start over.`,
    failedHeading: (file: string) => `${file} cannot be checked.`,
    failedNext: 'Choose another file, or save the document as PDF again and try once more.',
  },
  password: {
    heading: 'The document has a password',
    label: (file: string) => `Password for ${file}`,
    empty: 'Type the password.',
    wrong: 'The password is not correct. Try again.',
    submit: 'Open the document',
    giveUp: 'Choose another file',
  },
  preview: {
    heading: 'Preview',
    previous: 'Previous page',
    next: 'Next page',
    position: (page: number, pages: number) => `Page ${page} of ${pages}`,
    pagesWithFindings: 'Findings on:',
    pageLink: (page: number) => `page ${page}`,
    marksHeading: (page: number) => `What the check found on page ${page}:`,
    severity,
    noText: 'The page has no text (it is scanned), so its content cannot be checked.',
    loading: (page: number) => `Loading page ${page} …`,
    alt: (page: number, pages: number, file: string) => `Page ${page} of ${pages} in ${file}`,
    markedOnPage: (texts: readonly string[]) =>
      `Marked on the page: ${joinNames(texts.map((x) => `“${x}”`))}.`,
    notFoundOnImage: (text: string) =>
      `“${text}” was not found on the image of the page. Read the page yourself to find it.`,
  },
  type: {
    recognised: (label: string, percent: number) => `Recognised as ${label} (${percent} % certain).`,
    uncertain: 'The document type could not be recognised with certainty. Choose it below.',
    evidenceSummary: (n: number) => `Why? ${plural(n, 'sign', 'signs')} in the document`,
    evidenceKind: { title: 'Title', keyword: 'Keyword', negative: 'Speaks against' },
    onPage: (page: number) => `page ${page}`,
    selectLabel: 'Document type',
    choosePlaceholder: 'Choose document type',
    hint: 'The type decides who may receive the letter. Correct it if it is wrong.',
    chosenHint: 'You chose the type yourself. The type decides who may receive the letter.',
  },
  case: {
    change: 'Change case',
    searchLabel: 'Find the case',
    searchHint: 'Search by case number, name or CPR number.',
    searching: 'Searching …',
    resultCount: (shown: number, total: number) =>
      total === 0
        ? 'No cases match the search. Try another case number or name.'
        : shown < total
          ? `Showing ${shown} of ${total} cases. Type more to find the right one.`
          : plural(total, 'case', 'cases'),
    resultsLabel: 'Cases to choose from',
    subject: (name: string, area: string) => `About ${name} · ${area}`,
  },
  recipients: {
    legend: 'Choose recipients',
    notSelectable: 'Cannot be chosen',
    proposed: 'Proposed',
    channel: {
      digital: 'Digital Post',
      physical: 'Physical post',
      auto: 'Digital Post chooses',
      none: 'Does not receive it',
    } satisfies Record<RecipientChannel, string>,
    postTo: (address: string) => `Sent to ${address}`,
  },
  findings: {
    noneBadge: 'In order',
    none: 'The check found no problems.',
    listLabel: (n: number) => plural(n, 'finding', 'findings'),
    severity,
    relaxed: '(relaxed in trial mode)',
    concerns: (name: string) => `Concerns: ${name}`,
    evidenceLabel: 'Found here',
    onPage: (page: number) => `Page ${page}`,
    source: {
      page: 'In the document',
      form: 'In a form field',
      annotation: 'In a comment',
      case: 'From the case',
      recipients: 'Chosen recipients',
    },
    acknowledged: 'Confirmed',
    acknowledgedReason: (reason: string) => `Reason: ${reason}`,
    acknowledge: 'Confirm warning …',
  },
  acknowledge: {
    coversAll: (n: number) => `The reason applies to all ${n} warnings of this kind:`,
    heading: 'Confirm warning',
    reasonLabel: 'Reason',
    hint: 'Write briefly why the letter should be sent anyway. The reason is saved in the history, and a supervisor must approve the sending.',
    tooShort: (n: number) => `Write a reason of at least ${n} characters.`,
    confirm: 'Confirm warning',
    cancel: 'Cancel',
  },
  action: {
    needDocument: 'First choose the document to be sent.',
    needCase: 'Choose the case the letter belongs to.',
    checking: 'Checking the document against the case …',
    checkFailed: 'The check could not be completed. Try again under step 5.',
    blocked: 'Cannot be sent. The check has found an error that must be corrected first:',
    needRecipient: 'Choose at least one recipient.',
    needAcknowledge: (n: number) =>
      n === 1
        ? 'Confirm the warning with a reason before the letter can be sent.'
        : `Confirm the ${n} warnings with a reason before the letter can be sent.`,
    send: (p: SendTo) => `Send ${how(p)}`,
    summary: (p: SendTo) => `The letter is sent ${how(p)}.`,
    toApproval: 'Send for approval',
    approvalSummary: (p: SendTo) =>
      `A supervisor must approve the letter before it is sent. Then it is sent ${how(p)}.`,
    approvalReasonsLabel: 'Why a supervisor must approve',
    submitting: 'Sending …',
    disabledLabel: 'Send the document',
    errorNext: 'Nothing has been sent. Correct what the message mentions, and press the button again.',
  },
  submission: {
    undoReason: 'Undone by the caseworker before sending',
    heading: {
      countdown: 'Queued – will be sent shortly',
      sending: 'Being sent to Digital Post',
      approval: 'Sent for approval',
      sent: 'Delivered to Digital Post',
      cancelled: 'The sending has been undone',
      mixed: 'Status of the sending',
    } satisfies Record<Phase, string>,
    status: {
      countdown: 'The letter is queued. You can undo until the countdown is over.',
      sending: 'The letter is being sent now. Please wait a moment.',
      approval:
        'Awaiting approval from a supervisor. The letter has not been sent. You can undo until it is approved.',
      sent: 'Digital Post has received the letter.',
      cancelled: 'Nothing has been sent.',
      mixed: 'See the status for each recipient below.',
    } satisfies Record<Phase, string>,
    countdown: (s: number) => `Sent in ${plural(s, 'second', 'seconds')}`,
    itemsLabel: 'Recipients',
    channel: { digital: 'digitally', physical: 'physical post', auto: 'Digital Post chooses' },
    receivedAt: 'Delivered',
    reference: 'Reference',
    receiptText: 'Message from Digital Post',
    sentMeaning:
      '"Delivered" means that Digital Post has received the letter. It does not say whether the recipient has read it.',
    undo: 'Undo',
    newDocument: 'Send a new document',
  },
  itemState: {
    byState: {
      draft: 'The letter is being created.',
      awaiting_approval: 'Awaiting approval from a supervisor. Nothing has been sent yet.',
      approved: 'It is being queued for sending.',
      queued: 'You can undo until it is sent.',
      sending: 'Please wait a moment.',
      sent: 'Digital Post has received the letter.',
      failed_retryable:
        'Digital Post could not receive the letter just now. It is tried again automatically.',
      failed_permanent:
        'It has not been sent. Correct the cause given below and send the document again, or contact IT.',
      unknown: 'It is not known whether Digital Post received the letter.',
      cancelled: 'Nothing has been sent to this recipient.',
    } satisfies Record<OutboxState, string>,
    retrying: (at: string | null) =>
      `Digital Post could not receive the letter just now. It is tried again automatically${at ? ` at ${at}` : ''}; you do not need to do anything.`,
    retriesUsedUp:
      'Digital Post has not been able to receive the letter after several attempts. It waits in the Outbox until someone tries again or cancels it. Contact IT if this goes on.',
    unknown:
      'The connection was lost during sending, so it is not known whether Digital Post received it. Do not send it again: the program asks Digital Post and updates the status by itself.',
    unknownNeedsPerson:
      'It is not known whether Digital Post received the letter, and the program cannot find out by itself. Do not send it again; contact IT, who can look into it.',
    connectorSaid: (message: string) => `Message from the connection: ${message}`,
  },
} satisfies typeof sendMessages;
