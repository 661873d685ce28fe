import type { draftsMessages } from './da-drafts';

/** The drafts screen's English texts (part of `en`, mirroring da-drafts.ts key for key). */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const enDrafts = {
  heading: 'Drafts',
  intro:
    'Documents you have dragged in without sending them. They are kept on this computer, also when the program is closed.',
  loading: 'Loading the drafts …',
  empty:
    'There are no drafts. A draft is made when you drag a document onto the send screen without sending it.',
  count: (n: number) => plural(n, 'draft', 'drafts'),
  tableCaption: 'Drafts, newest first',
  columns: {
    file: 'Document',
    caseNumber: 'Case',
    type: 'Document type',
    updated: 'Last changed',
    status: 'Status',
    actions: 'Actions',
  },
  noCase: 'No case chosen',
  noType: 'Not recognised',
  needsRecheck: 'Needs checking again',
  needsRecheckHint: 'The case has changed since the draft was checked.',
  noText: 'No text (scanned)',
  ready: 'Not sent',
  resume: 'Continue',
  resumeWith: (file: string) => ` with ${file}`,
  discard: 'Discard',
  discardWith: (file: string) => ` ${file}`,
  discardDialog: {
    heading: 'Discard the draft?',
    text: (file: string) =>
      `${file} is removed from the drafts and cannot be continued. Nothing is sent, and the history is kept.`,
    confirm: 'Discard the draft',
    cancel: 'Keep it',
  },
  discarded: (file: string) => `The draft ${file} has been discarded.`,
  alreadyGone: (file: string) => `The draft ${file} had already been discarded.`,
  toOutbox: 'Go to the Outbox',
} satisfies typeof draftsMessages;
