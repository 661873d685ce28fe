import { z } from 'zod';

/**
 * A recipient proposal: every party of the case, and for each whether it may receive this document type, whether
 * it is proposed, by which channel, and why. Only parties of the case ever appear: there is no free-text recipient.
 */

export const recipientChannels = ['digital', 'physical', 'auto', 'none'] as const;
export type RecipientChannel = (typeof recipientChannels)[number];

export const reasonSchema = z.strictObject({
  /** The rule of the policy pack that gave this reason, e.g. `child-under-15`. */
  ruleId: z.string().max(64),
  /** A Danish sentence for the caseworker. */
  text: z.string().max(500),
});

export const partyProposalSchema = z.strictObject({
  partyId: z.string().max(64),
  eligible: z.boolean(),
  proposed: z.boolean(),
  channel: z.enum(recipientChannels),
  reasons: z.array(reasonSchema).min(1).max(20),
});

export type Reason = z.output<typeof reasonSchema>;
export type PartyProposal = z.output<typeof partyProposalSchema>;
