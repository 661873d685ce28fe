import { createHash, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';
import type { UserRole } from '../../shared/domain/users';
import { normaliseSubject, type ApprovalSubject } from '../../core/approval/subject';
import { keyIdOf, signCanonical, verifyCanonical } from '../users/credentials';

/**
 * The signed documents of approval across desks (docs/approval.md): the admin's roster, an approval request and a
 * supervisor's decision. Each travels as `{ payload, keyId, signature }`; the signature is Ed25519 over the payload's
 * canonical JSON (RFC 8785), so a file that was edited, re-ordered or re-encoded in transit still verifies only if
 * its content is the same. Nothing here trusts the folder the files came through.
 */

export interface Signed<T> {
  payload: T;
  /** SHA-256 of the signer's public key (SPKI), hex. */
  keyId: string;
  signature: string;
}

export function signPayload<T>(payload: T, key: KeyObject, keyId: string): Signed<T> {
  return { payload, keyId, signature: signCanonical(key, payload) };
}

export const sha256Canonical = (value: unknown) =>
  createHash('sha256').update(canonicalJson(value)).digest('hex');

// --- The roster -------------------------------------------------------------------------------------------------

export interface RosterKey {
  keyId: string;
  publicKey: string;
  validFrom: string;
  validTo: string | null;
}

export interface RosterUser {
  userId: string;
  username: string;
  displayName: string;
  role: UserRole;
  keys: RosterKey[];
}

export interface Roster {
  v: 1;
  kind: 'roster';
  /** Rises with each roster the admin issues; a lower one never replaces a higher one. */
  serial: number;
  issuedAt: string;
  /** The admin's public key: its fingerprint is what each installation pinned at set-up. */
  adminPublicKey: string;
  users: RosterUser[];
}

export type RosterProblem = 'not_a_roster' | 'wrong_admin' | 'bad_signature';

/** Checks a roster against the admin key fingerprint this installation pinned. */
export function verifyRoster(signed: Signed<Roster>, pinnedAdminKeyId: string): RosterProblem | null {
  const r = signed.payload as Partial<Roster> | undefined;
  if (
    !r ||
    r.v !== 1 ||
    r.kind !== 'roster' ||
    typeof r.adminPublicKey !== 'string' ||
    !Array.isArray(r.users)
  )
    return 'not_a_roster';
  if (keyIdOf(r.adminPublicKey) !== pinnedAdminKeyId || signed.keyId !== pinnedAdminKeyId)
    return 'wrong_admin';
  return verifyCanonical(r.adminPublicKey, signed.payload, signed.signature) ? null : 'bad_signature';
}

// --- Requests and decisions ---------------------------------------------------------------------------------------

export interface ApprovalRequest {
  v: 1;
  kind: 'approval_request';
  requestId: string;
  subject: ApprovalSubject;
  requester: { userId: string; username: string };
  requestedAt: string;
  expiresAt: string;
}

export interface ApprovalDecision {
  v: 1;
  kind: 'approval_decision';
  requestId: string;
  /** SHA-256 of the request's canonical JSON: the decision is about that exact request and no other. */
  requestHash: string;
  outcome: 'approved' | 'rejected';
  comment: string;
  approver: { userId: string; username: string };
  decidedAt: string;
}

export function requestHashOf(request: ApprovalRequest): string {
  return sha256Canonical({ ...request, subject: normaliseSubject(request.subject) });
}

export type DecisionProblem =
  | 'not_a_decision'
  | 'wrong_request'
  | 'bad_signature'
  | 'unknown_key'
  | 'key_not_valid_then'
  | 'revoked'
  | 'not_supervisor'
  | 'self_approval'
  | 'expired'
  | 'from_the_future';

/** Who signed with which key, as the roster in force at a moment says (or the installation's own users). */
export interface KeyDirectory {
  /** The roster entry holding this key, as it stood at `at` (the roster in force then), or null. */
  signerAt(keyId: string, at: string): { user: RosterUser; key: RosterKey } | null;
  /**
   * The user as the newest roster (or this installation, before any roster) has them now, or null once removed
   * (removal revokes). A role taken away or a key retired since counts too, whatever time a signature claims.
   */
  now(userId: string): RosterUser | null;
}

const within = (key: RosterKey, at: string) =>
  key.validFrom <= at && (key.validTo === null || at < key.validTo);

/**
 * Whether a signed decision may be used for this request at `now`: the signature, the signer's key in force at
 * the decision's time on the roster in force then and not removed since, the signer a supervisor who is not the
 * requester, the decision bound to this exact request, and the request not expired. Returns the first problem.
 */
export function verifyDecision(
  signed: Signed<ApprovalDecision>,
  request: ApprovalRequest,
  keys: KeyDirectory,
  now: Date,
): DecisionProblem | null {
  const d = signed.payload as Partial<ApprovalDecision> | undefined;
  if (
    !d ||
    d.v !== 1 ||
    d.kind !== 'approval_decision' ||
    (d.outcome !== 'approved' && d.outcome !== 'rejected') ||
    typeof d.decidedAt !== 'string' ||
    !d.approver ||
    typeof d.approver.userId !== 'string'
  )
    return 'not_a_decision';
  if (d.requestId !== request.requestId || d.requestHash !== requestHashOf(request)) return 'wrong_request';
  if (d.decidedAt < request.requestedAt) return 'wrong_request';
  // Who signed, and that they did, before anything the signed content claims (its time) is believed.
  const signer = keys.signerAt(signed.keyId, d.decidedAt);
  if (!signer) return 'unknown_key';
  if (!verifyCanonical(signer.key.publicKey, signed.payload, signed.signature)) return 'bad_signature';
  if (signer.user.userId !== d.approver.userId) return 'bad_signature';
  if (d.decidedAt > now.toISOString()) return 'from_the_future';
  if (!within(signer.key, d.decidedAt)) return 'key_not_valid_then';
  // As things stand now: still listed, still a supervisor, the key not retired before the time claimed. A backdated
  // signature does not outlive a removal, a demotion or a retired key.
  const current = keys.now(signer.user.userId);
  if (!current) return 'revoked';
  const keyNow = current.keys.find((k) => k.keyId === signer.key.keyId);
  if (!keyNow || !within(keyNow, d.decidedAt)) return 'revoked';
  if (signer.user.role !== 'supervisor' || current.role !== 'supervisor') return 'not_supervisor';
  if (signer.user.userId === request.requester.userId) return 'self_approval';
  if (d.decidedAt >= request.expiresAt || now.toISOString() >= request.expiresAt) return 'expired';
  return null;
}

/**
 * A directory from the rosters this installation has accepted: for a moment, the roster with the highest serial
 * issued at or before it; a user is still listed while the newest roster lists them.
 */
export function rosterDirectory(rosters: readonly Roster[]): KeyDirectory {
  const sorted = [...rosters].sort((a, b) => a.serial - b.serial);
  const newest = sorted[sorted.length - 1];
  return {
    signerAt(keyId, at) {
      const inForce = [...sorted].reverse().find((r) => r.issuedAt <= at);
      if (!inForce) return null;
      for (const user of inForce.users) {
        const key = user.keys.find((k) => k.keyId === keyId);
        if (key) return { user, key };
      }
      return null;
    },
    now: (userId) => newest?.users.find((u) => u.userId === userId) ?? null,
  };
}

export type RequestProblem = 'not_a_request' | 'unknown_key' | 'bad_signature' | 'revoked' | 'not_requester';

/** A request file is the requester's: signed with their key in force when they asked, and not revoked since. */
export function verifyRequest(signed: Signed<ApprovalRequest>, keys: KeyDirectory): RequestProblem | null {
  const r = signed.payload as Partial<ApprovalRequest> | undefined;
  if (!r || r.v !== 1 || r.kind !== 'approval_request' || typeof r.requestedAt !== 'string' || !r.requester)
    return 'not_a_request';
  const signer = keys.signerAt(signed.keyId, r.requestedAt);
  if (!signer || !within(signer.key, r.requestedAt)) return 'unknown_key';
  if (!verifyCanonical(signer.key.publicKey, signed.payload, signed.signature)) return 'bad_signature';
  if (signer.user.userId !== r.requester.userId) return 'not_requester';
  const current = keys.now(signer.user.userId);
  const keyNow = current?.keys.find((k) => k.keyId === signer.key.keyId);
  if (!current || !keyNow || !within(keyNow, r.requestedAt)) return 'revoked';
  return null;
}

// --- What the reviewer sees, across desks -------------------------------------------------------------------------

/**
 * What the caseworker's checks found when they asked, for a supervisor on another installation (who has neither the
 * draft's text nor necessarily the case): the document's name and pages, its type's label, the findings with their
 * evidence and the proposal with the rule that admitted or refused each party. Signed by the requester with the key
 * of the request and bound to it by the request's hash; the document itself travels beside it and is bound by the
 * SHA-256 in the signed subject.
 */
export interface ReviewPacket {
  v: 1;
  kind: 'approval_review';
  requestId: string;
  requestHash: string;
  review: unknown;
}

/** Whether a review packet is the requester's and belongs to this request: same key, bound by hash, signature holds. */
export function verifyReviewPacket(
  signed: Signed<ReviewPacket>,
  request: Signed<ApprovalRequest>,
  keys: KeyDirectory,
): 'not_a_review' | 'wrong_request' | 'bad_signature' | null {
  const p = signed.payload as Partial<ReviewPacket> | undefined;
  if (!p || p.v !== 1 || p.kind !== 'approval_review') return 'not_a_review';
  if (p.requestId !== request.payload.requestId || p.requestHash !== requestHashOf(request.payload))
    return 'wrong_request';
  if (signed.keyId !== request.keyId) return 'bad_signature';
  const signer = keys.signerAt(signed.keyId, request.payload.requestedAt);
  if (!signer || !verifyCanonical(signer.key.publicKey, signed.payload, signed.signature))
    return 'bad_signature';
  return null;
}
