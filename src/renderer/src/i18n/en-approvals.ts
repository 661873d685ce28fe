import type { approvalsMessages } from './da-approvals';

/** The supervisor's approval screens' English texts (part of `en`, mirroring da-approvals.ts key for key). */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const DIFFERENCES: Record<string, string> = {
  draft: 'the send',
  case: 'the case',
  document: 'the document',
  type: 'the document type',
  recipients: 'the recipients',
  channels: 'the way it is sent',
  findings: "the check's findings (the case has changed)",
  acknowledged: "the caseworker's acknowledged warnings",
  expired: 'the request has expired',
};

export const enApprovals = {
  heading: 'Approvals',
  navWithCount: (n: number) => (n > 0 ? `Approvals (${n})` : 'Approvals'),
  intro: 'Sends a caseworker has sent for approval. The oldest is first. You cannot approve your own.',
  loading: 'Loading the requests …',
  empty: 'No sends are waiting for approval.',
  count: (n: number) => plural(n, 'request waiting', 'requests waiting'),
  supervisorsOnly: 'Only supervisors can approve sends.',
  item: {
    caseLabel: 'Case',
    type: 'Document type',
    requester: 'Sent for approval by',
    requestedAt: 'Sent',
    expiresAt: 'Expires',
    recipients: 'Recipients',
    open: 'Review',
    openWith: (caseNumber: string) => ` the request on case ${caseNumber}`,
    remote: 'From another computer (shared folder)',
  },
  sync: {
    button: 'Fetch new requests',
    busy: 'Fetching …',
    hint: 'Requests from other computers are fetched automatically from the shared folder every 15 seconds. The button fetches them now.',
    received: (n: number) =>
      n === 0 ? 'No new requests.' : `${plural(n, 'new request', 'new requests')} fetched.`,
    decided: (n: number) => `${plural(n, 'decision', 'decisions')} on your own requests received.`,
    unreachable: 'The shared folder cannot be reached right now.',
    refused: 'These files in the shared folder were not used:',
  },
  channel: { digital: 'digitally', physical: 'by post', auto: 'Digital Post chooses', none: 'not sent' },
  review: {
    heading: 'Review the send',
    back: 'Back to approvals',
    loading: 'Loading the send …',
    facts: 'About the request',
    file: 'Document',
    pages: (n: number) => plural(n, 'page', 'pages'),
    askedBy: (name: string, when: string) => `${name} sent it for approval on ${when}.`,
    expires: (when: string) => `The request expires on ${when}. After that it cannot be approved.`,
    problem: 'The case has changed, so the check now stops the send; an approval will not be used.',
    problemHint: 'Reject the request, and ask the caseworker to send the letter again.',
    notPending: 'The request has already been decided or has expired. There is nothing to approve.',
    findingsHeading: "The check's findings",
    findingsHint:
      "The check has been run again now against the case data. The caseworker's reasons are shown with the warnings.",
    recipientsHeading: 'Recipients',
    recipientsHint:
      'Each recipient with the way it is sent and the rule that gives the recipient the letter.',
    notAdmittedHeading: (n: number) => `Parties who do not get the letter (${n})`,
    rules: 'Rules',
    remote:
      "The request comes from another computer through the shared folder. The findings and rules below are from the caseworker's check on the other computer when approval was requested, signed by the caseworker. They have not been run again here.",
    remoteFindingsHint:
      "From the caseworker's check on the other computer when approval was requested. The caseworker's reasons are shown with the warnings.",
  },
  decision: {
    heading: 'Your decision',
    comment: 'Comment',
    commentHint: 'Write what you have checked. The comment is kept with your signature in the history.',
    commentTooShort: 'Write a comment of at least 3 characters.',
    approve: 'Approve and send',
    reject: 'Reject',
    busy: 'Saving …',
    approved: 'Approved. The letter is sent after the undo period.',
    notReleased: (items: string[]) =>
      `Approved, but the letter is not sent because something no longer fits: ${items.map((d) => DIFFERENCES[d] ?? d).join(', ')}. Ask the caseworker to send the letter again.`,
    rejected: 'Rejected. The letter is not sent.',
    remoteApproved:
      "The decision has been put in the shared folder. The caseworker's Sendeassistent checks it again and sends.",
    remoteRejected:
      "The rejection has been put in the shared folder. The caseworker's Sendeassistent cancels the send, and nothing is sent.",
    remoteNotYet:
      'The decision has been saved, but the shared folder cannot be reached right now. It is put in the folder as soon as the folder can be reached again.',
    forbidden: 'You cannot decide this request: only a supervisor can approve, and not their own sends.',
    toInbox: 'Back to approvals',
  },
} satisfies typeof approvalsMessages;
