import { describe, expect, it } from 'vitest';
import {
  rosterDirectory,
  requestHashOf,
  signPayload,
  verifyDecision,
  verifyRequest,
  verifyRoster,
  type ApprovalDecision,
  type ApprovalRequest,
  type Roster,
  type RosterUser,
  type Signed,
} from '../../../src/backend/approval/signed';
import type { UserRole } from '../../../src/shared/domain/users';
import { generateSigningKey, openSigningKey } from '../../../src/backend/users/credentials';
import { expiryOf } from '../../../src/core/approval/subject';

function person(userId: string, role: UserRole, validFrom = '2026-01-01T00:00:00.000Z') {
  const password = `${userId}-kodeord`;
  const pair = generateSigningKey(password);
  const key = openSigningKey(pair.sealed, password)!;
  const entry: RosterUser = {
    userId,
    username: userId,
    displayName: userId,
    role,
    keys: [{ keyId: pair.keyId, publicKey: pair.publicKey, validFrom, validTo: null }],
  };
  return { entry, key, keyId: pair.keyId, publicKey: pair.publicKey };
}

const admin = person('admin', 'admin');
const boss = person('leder', 'supervisor');
const otherBoss = person('leder2', 'supervisor');
const worker = person('sagsbehandler', 'caseworker');
const stranger = person('fremmed', 'supervisor');

const roster = (serial: number, issuedAt: string, users: RosterUser[]): Roster => ({
  v: 1,
  kind: 'roster',
  serial,
  issuedAt,
  adminPublicKey: admin.publicKey,
  users,
});

const REQUESTED = '2026-11-29T10:00:00.000Z';
const request: ApprovalRequest = {
  v: 1,
  kind: 'approval_request',
  requestId: 'req-1',
  subject: {
    v: 1,
    draftId: 'draft-1',
    caseNumber: '27.24.00-G01-117-25',
    documentSha256: 'ab'.repeat(32),
    documentType: 'psykolograpport',
    recipients: [{ partyId: 'p-mor', identity: 'cpr:010180-1234', channel: 'digital', messageUUID: 'u-1' }],
    findings: [],
    acknowledged: [],
    policySha256: 'cd'.repeat(32),
  },
  requester: { userId: 'sagsbehandler', username: 'sagsbehandler' },
  requestedAt: REQUESTED,
  expiresAt: expiryOf(new Date(REQUESTED)),
};

const decision = (
  by: ReturnType<typeof person>,
  change: Partial<ApprovalDecision> = {},
): ApprovalDecision => ({
  v: 1,
  kind: 'approval_decision',
  requestId: request.requestId,
  requestHash: requestHashOf(request),
  outcome: 'approved',
  comment: 'Set og godkendt',
  approver: { userId: by.entry.userId, username: by.entry.username },
  decidedAt: '2026-11-29T11:00:00.000Z',
  ...change,
});

const NOW = new Date('2026-11-29T12:00:00.000Z');
const first = roster(1, '2026-01-01T00:00:00.000Z', [admin.entry, boss.entry, otherBoss.entry, worker.entry]);
const directory = rosterDirectory([first]);
const signedBy = (by: ReturnType<typeof person>, d: ApprovalDecision) => signPayload(d, by.key, by.keyId);

describe('the roster', () => {
  it('verifies only under the pinned admin key and unaltered', () => {
    const signed = signPayload(first, admin.key, admin.keyId);
    expect(verifyRoster(signed, admin.keyId)).toBeNull();
    expect(verifyRoster(signed, boss.keyId)).toBe('wrong_admin');
    // Someone adds themselves to the roster file: the signature no longer holds.
    const edited: Signed<Roster> = {
      ...signed,
      payload: { ...first, users: [...first.users, stranger.entry] },
    };
    expect(verifyRoster(edited, admin.keyId)).toBe('bad_signature');
    // A roster signed by another key, claiming the admin's public key, is refused too.
    const forged = signPayload({ ...first, users: [stranger.entry] }, stranger.key, admin.keyId);
    expect(verifyRoster(forged, admin.keyId)).toBe('bad_signature');
    expect(verifyRoster({ ...signed, payload: { nonsense: true } as unknown as Roster }, admin.keyId)).toBe(
      'not_a_roster',
    );
  });
});

describe('a decision', () => {
  it('by another supervisor on the roster, for this request, in time: valid', () => {
    expect(verifyDecision(signedBy(boss, decision(boss)), request, directory, NOW)).toBeNull();
    expect(
      verifyDecision(signedBy(boss, decision(boss, { outcome: 'rejected' })), request, directory, NOW),
    ).toBeNull();
  });

  it('edited after signing: refused', () => {
    const signed = signedBy(boss, decision(boss, { outcome: 'rejected' }));
    const edited = { ...signed, payload: { ...signed.payload, outcome: 'approved' as const } };
    expect(verifyDecision(edited, request, directory, NOW)).toBe('bad_signature');
  });

  it('signed by a caseworker, an admin, or the requester: refused', () => {
    expect(verifyDecision(signedBy(worker, decision(worker)), request, directory, NOW)).toBe(
      'not_supervisor',
    );
    expect(verifyDecision(signedBy(admin, decision(admin)), request, directory, NOW)).toBe('not_supervisor');
    const selfRequest: ApprovalRequest = { ...request, requester: { userId: 'leder', username: 'leder' } };
    const own = decision(boss, { requestHash: requestHashOf(selfRequest) });
    expect(verifyDecision(signedBy(boss, own), selfRequest, directory, NOW)).toBe('self_approval');
  });

  it('signed by a key not on the roster, or claiming another approver: refused', () => {
    expect(verifyDecision(signedBy(stranger, decision(stranger)), request, directory, NOW)).toBe(
      'unknown_key',
    );
    const claimsBoss = signPayload(decision(boss), otherBoss.key, otherBoss.keyId);
    expect(verifyDecision(claimsBoss, request, directory, NOW)).toBe('bad_signature');
    const wrongKeyId = signPayload(decision(boss), otherBoss.key, boss.keyId);
    expect(verifyDecision(wrongKeyId, request, directory, NOW)).toBe('bad_signature');
  });

  it('by a user removed from the roster since: refused (removal revokes)', () => {
    const later = roster(2, '2026-11-29T11:30:00.000Z', [admin.entry, otherBoss.entry, worker.entry]);
    const dir = rosterDirectory([first, later]);
    expect(verifyDecision(signedBy(boss, decision(boss)), request, dir, NOW)).toBe('revoked');
    expect(verifyDecision(signedBy(otherBoss, decision(otherBoss)), request, dir, NOW)).toBeNull();
  });

  it('verified against the roster in force when signed: a user added later cannot sign a backdated decision', () => {
    const later = roster(2, '2026-11-29T11:30:00.000Z', [...first.users, stranger.entry]);
    const dir = rosterDirectory([first, later]);
    expect(verifyDecision(signedBy(stranger, decision(stranger)), request, dir, NOW)).toBe('unknown_key');
    const after = decision(stranger, { decidedAt: '2026-11-29T11:45:00.000Z' });
    expect(verifyDecision(signedBy(stranger, after), request, dir, NOW)).toBeNull();
  });

  it('replayed onto another request or draft: refused', () => {
    const other: ApprovalRequest = {
      ...request,
      requestId: 'req-2',
      subject: { ...request.subject, draftId: 'draft-2' },
    };
    expect(verifyDecision(signedBy(boss, decision(boss)), other, directory, NOW)).toBe('wrong_request');
    const sameIdOtherDraft: ApprovalRequest = {
      ...request,
      subject: { ...request.subject, draftId: 'draft-2' },
    };
    expect(verifyDecision(signedBy(boss, decision(boss)), sameIdOtherDraft, directory, NOW)).toBe(
      'wrong_request',
    );
  });

  it('expired, or dated in the future or before the request: refused', () => {
    const late = new Date(new Date(request.expiresAt).getTime() + 1);
    expect(verifyDecision(signedBy(boss, decision(boss)), request, directory, late)).toBe('expired');
    const future = decision(boss, { decidedAt: '2026-11-29T13:00:00.000Z' });
    expect(verifyDecision(signedBy(boss, future), request, directory, NOW)).toBe('from_the_future');
    const early = decision(boss, { decidedAt: '2026-11-29T09:00:00.000Z' });
    expect(verifyDecision(signedBy(boss, early), request, directory, NOW)).toBe('wrong_request');
  });
});

describe('a request file', () => {
  it('is the requester’s own, signed with their key', () => {
    expect(verifyRequest(signPayload(request, worker.key, worker.keyId), directory)).toBeNull();
    expect(verifyRequest(signPayload(request, boss.key, boss.keyId), directory)).toBe('not_requester');
    expect(verifyRequest(signPayload(request, stranger.key, stranger.keyId), directory)).toBe('unknown_key');
    const signed = signPayload(request, worker.key, worker.keyId);
    const edited = { ...signed, payload: { ...request, expiresAt: '2027-12-31T00:00:00.000Z' } };
    expect(verifyRequest(edited, directory)).toBe('bad_signature');
  });
});
