import { z } from 'zod';
import { findingCodes, findingSchema, severities } from './findings';
import { partyProposalSchema, recipientChannels } from './proposal';

/** An approval request as the window shows it (docs/approval.md): what is approved, by whom asked, and its state. */
export const approvalStates = ['pending', 'approved', 'rejected', 'expired', 'voided', 'withdrawn'] as const;

export const approvalViewSchema = z.strictObject({
  id: z.uuid(),
  draftId: z.uuid(),
  state: z.enum(approvalStates),
  /** Another installation's request, read from the shared folder (docs/approval.md, "Across desks"). */
  remote: z.boolean(),
  caseNumber: z.string().max(64),
  documentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  documentType: z.string().max(64),
  recipients: z
    .array(
      z.strictObject({
        partyId: z.string().max(64),
        identity: z.string().max(20).nullable(),
        channel: z.enum(recipientChannels),
        messageUUID: z.uuid(),
        /** The party's name as the case has it here (or, for another installation's request, as it had it). */
        name: z.string().max(200).nullable(),
      }),
    )
    .max(100),
  findings: z
    .array(
      z.strictObject({
        code: z.enum(findingCodes),
        severity: z.enum(severities),
        partyId: z.string().max(64).nullable(),
      }),
    )
    .max(200),
  acknowledged: z.array(z.strictObject({ code: z.enum(findingCodes), reason: z.string().max(500) })).max(20),
  /** `displayName` as this installation knows the user (their username when it does not). */
  requester: z.strictObject({
    userId: z.uuid(),
    username: z.string().max(64),
    displayName: z.string().max(200),
  }),
  requestedAt: z.string().max(40),
  expiresAt: z.string().max(40),
  decision: z
    .strictObject({
      outcome: z.enum(['approved', 'rejected']),
      comment: z.string().max(1000),
      approver: z.strictObject({ userId: z.uuid(), username: z.string().max(64) }),
      decidedAt: z.string().max(40),
    })
    .nullable(),
});
export type ApprovalViewData = z.output<typeof approvalViewSchema>;

/**
 * What the reviewer sees besides the request: the checks run again now against the case as it is (the findings with
 * their evidence and the proposal with the rule that admitted or refused each party), and the document's name and
 * pages for the preview. `problem` instead when the checks now refuse the send (the case changed: it would be voided).
 */
export const approvalReviewSchema = z.strictObject({
  fileName: z.string().max(255),
  pages: z.number().int().nonnegative(),
  documentTypeLabel: z.string().max(200),
  findings: z.array(findingSchema).max(1000),
  proposal: z.array(partyProposalSchema).max(200),
  /** The case's parties by name, as the requester's case data had them (a reviewer elsewhere may lack the case). */
  parties: z.array(z.strictObject({ partyId: z.string().max(64), name: z.string().max(200) })).max(200),
  problem: z.enum(['CHECK_BLOCKED', 'RECIPIENT_NOT_ELIGIBLE', 'NOT_FOUND']).nullable(),
});

/**
 * Why a file of the shared folder was not used (docs/approval.md, "Across desks"): the window words each code in its
 * language, the history keeps the code.
 */
export const sharedFolderProblems = [
  'too_large',
  'unreadable',
  'not_json',
  'not_a_roster',
  'wrong_admin',
  'bad_signature',
  'conflict',
  'not_a_request',
  'not_a_review',
  'not_a_decision',
  'not_a_key_file',
  'duplicate_user',
  'unknown_key',
  'key_not_valid_then',
  'revoked',
  'not_requester',
  'not_supervisor',
  'self_approval',
  'wrong_request',
  'wrong_name',
  'wrong_document',
  'expired',
  'from_the_future',
] as const;
export type SharedFolderProblem = (typeof sharedFolderProblems)[number];

/** A file of the shared folder that was not used: its path in the folder (`decisions/<id>.json`) and why. */
export const sharedFolderRefusalSchema = z.strictObject({
  file: z.string().max(300),
  problem: z.enum(sharedFolderProblems),
});
export type SharedFolderRefusal = z.output<typeof sharedFolderRefusalSchema>;
