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
    unreachableCode: (code: string) =>
      `The shared folder cannot be used right now (${code}). It is tried again at the next round.`,
    refused: 'Files in the shared folder:',
    refusedFile: (file: string, why: string) => `${file} was not used: ${why}`,
    problems: {
      too_large: 'the file is too large',
      unreadable: 'the file cannot be read',
      not_json: 'the file is not valid JSON',
      not_a_roster: 'the file is not a roster of users',
      wrong_admin: 'the roster is not signed with the admin key this computer trusts',
      bad_signature: 'the signature does not hold (the file was changed)',
      conflict: 'another roster with the same serial number has already been received',
      not_a_request: 'the file is not an approval request',
      not_a_review: "the request's review is missing or cannot be read",
      not_a_decision: 'the file is not a decision',
      not_a_key_file: 'the file is not a valid key file',
      duplicate_user: 'a user appears with other keys than in another key file or on this computer',
      unknown_key: 'the key is not on the roster that applied when it signed',
      key_not_valid_then: 'the key was not valid when it signed',
      revoked: 'the user has been removed from the roster',
      not_requester: 'the request is not signed by the person asking',
      not_supervisor: 'the signer is not a supervisor',
      self_approval: 'the approver is the same person as the requester',
      wrong_request: 'the decision belongs to another request or draft',
      wrong_name: "the file's name does not match its content",
      wrong_document: "the document does not match the request's SHA-256",
      expired: 'the request has expired',
      from_the_future: 'the decision is dated in the future',
    },
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
