import type { OutboxGroupKey, outboxMessages } from './da-outbox';

/**
 * The Outbox screen's and the connection indicator's English texts (part of `en`, mirroring da-outbox.ts key for
 * key). A send's state label itself comes from the backend (`stateLabel`); these say what it means and what to do.
 */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const enOutbox = {
  heading: 'Outbox',
  intro:
    'All letters sent from this computer: those that are waiting, those that need a decision, and those that are finished.',
  loading: 'Loading the Outbox …',
  empty: 'The Outbox is empty. Letters are shown here when you have sent a document.',
  groups: {
    attention: 'Needs action',
    waiting: 'Waiting',
    sent: 'Sent',
    rejected: 'Rejected',
    cancelled: 'Cancelled',
  } satisfies Record<OutboxGroupKey, string>,
  groupHints: {
    attention: 'The program cannot move on with these by itself. Choose what should happen to each of them.',
    waiting: 'Sent automatically. You can undo or cancel until they are sent.',
    sent: 'Digital Post has received these letters.',
    rejected: 'Digital Post rejected these letters. They have not been sent.',
    cancelled: 'Nothing has been sent to these recipients.',
  } satisfies Record<OutboxGroupKey, string>,
  groupEmpty: {
    attention: 'No letters need action.',
    waiting: 'No letters are waiting.',
    sent: 'No letters have been sent yet.',
    rejected: 'No letters have been rejected.',
    cancelled: 'No letters have been cancelled.',
  } satisfies Record<OutboxGroupKey, string>,
  count: (n: number) => plural(n, 'letter', 'letters'),
  showMore: (n: number) => `Show ${plural(n, 'more letter', 'more letters')}`,
  item: {
    to: 'To',
    case: 'Case',
    type: 'Type',
    channel: { digital: 'Digital Post', physical: 'Physical post', auto: 'Digital Post chooses' },
    removedParty: (partyId: string) => `Party ${partyId} (no longer on the case)`,
    noCase: 'No case',
    messageId: "The letter's id (messageUUID)",
    created: 'Created',
  },
  state: {
    queuedCountdown: (s: number) => `Sent in ${plural(s, 'second', 'seconds')}.`,
    queuedDue: 'Being sent now.',
    queuedAt: (at: string) => `Sent at ${at}.`,
    offline:
      'There is no connection to Digital Post, so the letter is waiting. It is sent automatically when there is a connection; you do not need to do anything.',
    offlineNext: (at: string) => `Next attempt at ${at}.`,
    reason: (message: string) => `Cause: ${message}`,
    sending: 'Being sent to Digital Post now.',
    draft: 'The letter is being created.',
    awaitingApproval: 'Awaiting approval from a supervisor. Nothing has been sent yet.',
    approved: 'Approved. It is being queued for sending.',
    retrying: (at: string | null, attempt: number, max: number) =>
      `Digital Post could not receive the letter. It is tried again automatically${at ? ` at ${at}` : ''} (attempt ${attempt} of ${max} used).`,
    lastError: (message: string) => `Latest error: ${message}`,
    lookingUp:
      'The connection was lost during sending. The program asks Digital Post whether the letter arrived and updates the status by itself. Do not send it again.',
    unknownNeedsPerson:
      "The connection was lost during sending, and Digital Post cannot be asked automatically whether the letter arrived. Look into it with Digital Post (for example through the municipality's overview of sent post or KOMBIT support) using the letter's id below, and then choose:",
    retriesUsedUp: (max: number) =>
      `Digital Post has not been able to receive the letter after ${plural(max, 'attempt', 'attempts')}. It is not sent until someone chooses to try again or cancels it. Contact IT if this goes on.`,
    receivedAt: 'Delivered',
    reference: 'Reference',
    receiptText: 'Message from Digital Post',
    rejected: (message: string | null) =>
      message
        ? `Digital Post rejected the letter: ${message} Correct the cause, and send the document again.`
        : 'Digital Post rejected the letter. Correct the cause, and send the document again.',
    cancelled: 'Cancelled. Nothing has been sent to this recipient.',
  },
  actions: {
    undo: 'Undo',
    undoReason: 'Undone by the caseworker before sending (from the Outbox)',
    cancel: 'Cancel …',
    retry: 'Try again …',
    confirmDelivered: 'Confirmed received …',
    resend: 'Send again …',
    supervisorDecides: 'A supervisor must decide whether the letter was received.',
    requestAgain: 'Request approval again',
    requestAgainFor: (file: string, name: string) => ` for ${file} to ${name}`,
    requestedAgain: (when: string, date: string) =>
      `The request for approval is waiting for the supervisors (sent ${when}, expires ${date}).`,
    busy: 'Working …',
    refused: (reason: string) => `That could not be done: ${reason}`,
    done: {
      cancel: 'The letter has been cancelled.',
      retry: 'The letter is being tried again.',
      delivered: 'The letter is marked as received by Digital Post.',
      resend: 'The letter is sent again with the same id.',
    },
  },
  dialogs: {
    cancel: {
      heading: 'Cancel the letter',
      text: 'The letter will not be sent. Write briefly why it is cancelled; the reason is saved in the history.',
      confirm: 'Cancel the letter',
    },
    retry: {
      heading: 'Try again',
      text: 'The letter gets a new round of automatic attempts with the same id. Write briefly why (for example that Digital Post is running again); the reason is saved in the history.',
      confirm: 'Try again',
    },
    delivered: {
      heading: 'Confirmed received',
      text: 'Only use this when you have had it confirmed that Digital Post has the letter. It is marked as sent and is not sent again. Write how it was confirmed; the reason is saved in the history.',
      confirm: 'Mark as received',
    },
    resend: {
      heading: 'Send again',
      text: 'Only use this when you have had it confirmed that Digital Post does not have the letter. It is sent again with the same id, so Digital Post can reject a duplicate. Write how it was confirmed; the reason is saved in the history.',
      confirm: 'Send again',
    },
  },
  connection: {
    ready: 'Connection to Digital Post: ready',
    offline: 'No connection – letters are waiting',
    unknown: 'Connection to Digital Post: unknown',
    loading: 'Loading the connection status …',
    detailsLabel: 'About the connection',
    kind: {
      sandbox: 'The sandbox (practice environment, nothing is sent to citizens)',
      folder: "Folder (the municipality's own integration)",
      sf1601: 'KOMBIT Serviceplatformen (SF1601)',
    },
    via: (kind: string) => `Connection: ${kind}.`,
    offlineSends: (message: string) => `The latest attempt did not get through: ${message}`,
  },
} satisfies typeof outboxMessages;
