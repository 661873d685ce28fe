import { z } from 'zod';
import { caseAreas, caseSchema } from './domain/case-file';
import { documentAnalysisSchema, documentOutcomes } from './domain/analysis';
import { checkResultSchema, findingCodes } from './domain/findings';
import { partyProposalSchema, recipientChannels } from './domain/proposal';
import { settingsPatchSchema, settingsSchema } from './domain/settings';
import { documentMatters, documentSensitivities } from './domain/policy';
import { OUTBOX_LIST_MAX, outboxActionResultSchema, outboxItemSchema } from './domain/outbox';
import { userRoles, userSchema, usernameSchema } from './domain/users';
import { approvalReviewSchema, approvalViewSchema, sharedFolderRefusalSchema } from './domain/approval';
import type { Result } from './result';

/**
 * THE interface between the window and the backend. Each entry maps a `domain:verb` channel to a `method` on
 * `window.api` and to zod schemas for what goes in and what comes out. The preload, the harness bridge, the
 * handler map and the `Api` type are all derived from this file; nothing else lists channels.
 *
 * JSON channels carry JSON-safe values only (ISO strings for dates). Document bytes travel only on binary
 * channels: an ArrayBuffer over IPC, `application/octet-stream` over HTTP, with a size cap that is checked before
 * anything is parsed. Every entry carries an `example` input, used by the contract tests.
 */

export interface JsonChannel<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'json';
  readonly channel: string;
  readonly method: string;
  readonly input: I;
  readonly output: O;
  readonly example: z.input<I>;
}

export interface BinaryChannel<M extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'binary';
  readonly channel: string;
  readonly method: string;
  /** Small JSON parameters that travel beside the bytes. */
  readonly meta: M;
  readonly output: O;
  /** Bodies larger than this are refused before they are read to the end or parsed. */
  readonly maxBytes: number;
  readonly example: z.input<M>;
}

export type ChannelDef = JsonChannel | BinaryChannel;

const json = <const C extends string, const M extends string, I extends z.ZodType, O extends z.ZodType>(def: {
  channel: C;
  method: M;
  input: I;
  output: O;
  example: z.input<I>;
}) => ({ kind: 'json' as const, ...def });

const binary = <
  const C extends string,
  const M extends string,
  MI extends z.ZodType,
  O extends z.ZodType,
>(def: {
  channel: C;
  method: M;
  meta: MI;
  output: O;
  maxBytes: number;
  example: z.input<MI>;
}) => ({ kind: 'binary' as const, ...def });

export const MB = 1024 * 1024;
/** The default cap on one document (the intake issue's 100 MB). */
export const MAX_DOCUMENT_BYTES = 100 * MB;
/** The cap on a JSON request body on any transport. */
export const MAX_JSON_BODY_BYTES = 16 * MB;
/** The cap on an imported case file's text, in characters: escaped as JSON it still fits in one request body. */
export const MAX_CASE_FILE_CHARS = 6 * MB;

const isoDateTime = z.iso.datetime();
const caseNumber = z.string().min(1).max(64);
/** A signing key's fingerprint: SHA-256 of its public key (SPKI), hex. */
const keyIdSchema = z.string().regex(/^[0-9a-f]{64}$/);
const acknowledgedSchema = z
  .array(z.strictObject({ code: z.enum(findingCodes), reason: z.string().trim().min(3).max(500) }))
  .max(20);
const partyId = z.string().min(1).max(64);
const fraction = z.number().min(0).max(1);
/** A rectangle on a page preview, as fractions of the image (origin top-left). */
const previewRect = z.strictObject({ x: fraction, y: fraction, width: fraction, height: fraction });
/** Why a person acted (cancel, retry, resolve): kept in the history with who did it. */
const actionReason = z.string().trim().min(3).max(500);
const jobId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const typeKey = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(64);

export const caseSummarySchema = z.strictObject({
  caseNumber,
  title: z.string().max(300),
  area: z.enum(caseAreas),
  subjectName: z.string().max(200),
  partyCount: z.number().int().nonnegative(),
  asOf: z.string().max(10),
});

export const auditEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  at: isoDateTime,
  actor: z.string().max(200),
  kind: z.string().max(64),
  caseNumber: z.string().max(64).nullable(),
  details: z.record(z.string(), z.json()),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

export const auditVerifySchema = z.strictObject({
  intact: z.boolean(),
  rowsChecked: z.number().int().nonnegative(),
  firstBrokenSeq: z.number().int().positive().nullable(),
  reason: z.string().max(500).nullable(),
});

export const documentKinds = ['pdf', 'word', 'image', 'zip', 'text', 'unknown'] as const;

export const contract = {
  getAppInfo: json({
    channel: 'app:info',
    method: 'getAppInfo',
    input: z.strictObject({}),
    output: z.strictObject({
      appVersion: z.string().max(32),
      user: z.string().max(200),
      schemaVersion: z.number().int().nonnegative(),
    }),
    example: {},
  }),
  getSession: json({
    channel: 'auth:session',
    method: 'getSession',
    input: z.strictObject({}),
    output: z.strictObject({
      /**
       * `users`: people sign in (the app); `fixed`: one identity given at start (the CLI, tests), no sign-in, no
       * approving.
       */
      mode: z.enum(['users', 'fixed']),
      /** False on a first run without users: the window offers to create the admin. */
      setUp: z.boolean(),
      user: userSchema.nullable(),
      /** The window locks itself after this many idle minutes (settings). */
      idleLockMinutes: z.number().int().min(1).max(240),
      /** The embedded demo: the demo users' names and passwords are documented (docs/demo-data.md). */
      demoUsers: z.boolean(),
    }),
    example: {},
  }),
  setUpAdmin: json({
    channel: 'auth:setUp',
    method: 'setUpAdmin',
    input: z.strictObject({
      username: usernameSchema,
      displayName: z.string().trim().min(1).max(200),
      password: z.string().min(10).max(1024),
    }),
    output: z.strictObject({ user: userSchema }),
    example: { username: 'it-admin', displayName: 'IT-administrator', password: 'et langt kodeord' },
  }),
  signIn: json({
    channel: 'auth:signIn',
    method: 'signIn',
    input: z.strictObject({
      username: z.string().trim().min(1).max(64),
      password: z.string().min(1).max(1024),
    }),
    output: z.discriminatedUnion('signedIn', [
      z.strictObject({ signedIn: z.literal(true), user: userSchema }),
      z.strictObject({
        signedIn: z.literal(false),
        /** `wrong`: name or password (never which); `locked`: too many wrong passwords, until `until`. */
        reason: z.enum(['wrong', 'locked', 'disabled']),
        until: z.string().max(40).nullable(),
      }),
    ]),
    example: { username: 'sagsbehandler', password: 'forkert' },
  }),
  signOut: json({
    channel: 'auth:signOut',
    method: 'signOut',
    input: z.strictObject({ reason: z.enum(['user', 'idle']) }),
    output: z.strictObject({}),
    example: { reason: 'user' },
  }),
  changePassword: json({
    channel: 'users:changePassword',
    method: 'changePassword',
    input: z.strictObject({
      oldPassword: z.string().min(1).max(1024),
      newPassword: z.string().min(10).max(1024),
    }),
    output: z.strictObject({}),
    example: { oldPassword: 'det gamle kodeord', newPassword: 'et nyt langt kodeord' },
  }),
  listUsers: json({
    channel: 'users:list',
    method: 'listUsers',
    input: z.strictObject({}),
    output: z.strictObject({ users: z.array(userSchema).max(10_000) }),
    example: {},
  }),
  createUser: json({
    channel: 'users:create',
    method: 'createUser',
    input: z.strictObject({
      username: usernameSchema,
      displayName: z.string().trim().min(1).max(200),
      role: z.enum(userRoles),
      password: z.string().min(10).max(1024),
    }),
    output: z.strictObject({ user: userSchema }),
    example: {
      username: 'ny-leder',
      displayName: 'Nina Ny',
      role: 'supervisor',
      password: 'et langt kodeord',
    },
  }),
  resetPassword: json({
    channel: 'users:resetPassword',
    method: 'resetPassword',
    input: z.strictObject({ userId: z.uuid(), newPassword: z.string().min(10).max(1024) }),
    output: z.strictObject({}),
    example: { userId: '00000000-0000-4000-8000-000000000000', newPassword: 'et nyt langt kodeord' },
  }),
  listApprovals: json({
    channel: 'approvals:list',
    method: 'listApprovals',
    input: z.strictObject({}),
    /** A supervisor's inbox: pending requests of others, oldest first (expired ones are ended first). */
    output: z.strictObject({ requests: z.array(approvalViewSchema).max(1000) }),
    example: {},
  }),
  requestApproval: json({
    channel: 'approvals:request',
    method: 'requestApproval',
    /**
     * A send waiting for approval whose request expired or was voided is put before the supervisors again, as it
     * stands now (a submit that needs approval makes the first request by itself); a pending one is returned as is.
     */
    input: z.strictObject({ draftId: z.uuid() }),
    output: z.strictObject({ request: approvalViewSchema }),
    example: { draftId: '00000000-0000-4000-8000-000000000000' },
  }),
  getApproval: json({
    channel: 'approvals:get',
    method: 'getApproval',
    input: z.strictObject({ requestId: z.uuid() }),
    output: z.strictObject({ request: approvalViewSchema, review: approvalReviewSchema }),
    example: { requestId: '00000000-0000-4000-8000-000000000000' },
  }),
  decideApproval: json({
    channel: 'approvals:decide',
    method: 'decideApproval',
    input: z.strictObject({
      requestId: z.uuid(),
      outcome: z.enum(['approved', 'rejected']),
      /** Why: kept, signed, with the decision. */
      comment: z.string().trim().min(3).max(1000),
    }),
    output: z.strictObject({
      request: approvalViewSchema,
      /** The approved send went into the queue (after the checks were run again against the case data). */
      released: z.boolean(),
      /** Why it did not: what no longer fits (docs/approval.md). */
      differences: z.array(z.string().max(64)).max(20),
    }),
    example: {
      requestId: '00000000-0000-4000-8000-000000000000',
      outcome: 'approved',
      comment: 'Gennemset: rette modtagere og indhold.',
    },
  }),
  syncApprovals: json({
    channel: 'approvals:sync',
    method: 'syncApprovals',
    /**
     * One round through the shared folder now (it also runs by itself every 15 seconds): keys out, rosters in, this
     * installation's requests and decisions out, others' requests and decisions in (docs/approval.md).
     */
    input: z.strictObject({}),
    output: z.strictObject({
      folder: z.string().max(1024).nullable(),
      reachable: z.boolean(),
      /** Why the folder could not be used: the system's error code (`ENOENT`, `EACCES`, …), worded by the window. */
      unreachableCode: z.string().max(64).nullable(),
      received: z.number().int().nonnegative(),
      decided: z.number().int().nonnegative(),
      /** Each file refused in this round, with why. */
      refused: z.array(sharedFolderRefusalSchema).max(1000),
    }),
    example: {},
  }),
  getRoster: json({
    channel: 'roster:get',
    method: 'getRoster',
    /** The admin's view of the roster: the pinned key, the newest roster, and who could be on the next one. */
    input: z.strictObject({}),
    output: z.strictObject({
      folder: z.string().max(1024).nullable(),
      reachable: z.boolean(),
      unreachableCode: z.string().max(64).nullable(),
      pinnedAdminKeyId: keyIdSchema.nullable(),
      /** `machine_file`: IT's setting `adminKeyFingerprint`; `set_up`: this installation's first admin. */
      pinSource: z.enum(['machine_file', 'set_up']),
      /** The signed-in admin's key: a roster can be issued here only when it is the pinned one. */
      ownKeyId: keyIdSchema,
      current: z
        .strictObject({
          serial: z.number().int().positive(),
          issuedAt: z.string().max(40),
          userIds: z.array(z.uuid()).max(10_000),
        })
        .nullable(),
      candidates: z
        .array(
          z.strictObject({
            userId: z.uuid(),
            username: z.string().max(64),
            displayName: z.string().max(200),
            role: z.enum(userRoles),
            /** The fingerprints of the user's current keys, for the admin to compare with the user's own. */
            keyIds: z.array(keyIdSchema).max(50),
            source: z.enum(['local', 'key_file']),
            installationId: z.uuid().nullable(),
          }),
        )
        .max(10_000),
      /** The files of the folder that could not be used, with why. */
      problems: z.array(sharedFolderRefusalSchema).max(100),
    }),
    example: {},
  }),
  issueRoster: json({
    channel: 'roster:issue',
    method: 'issueRoster',
    /** Exactly these users on the new roster; anyone left out is removed (their signatures stop counting). */
    input: z.strictObject({ userIds: z.array(z.uuid()).min(1).max(10_000) }),
    output: z.strictObject({
      serial: z.number().int().positive(),
      issuedAt: z.string().max(40),
      users: z.number().int().positive(),
    }),
    example: { userIds: ['00000000-0000-4000-8000-000000000000'] },
  }),
  listCases: json({
    channel: 'cases:list',
    method: 'listCases',
    input: z.strictObject({ query: z.string().max(200).optional() }),
    output: z.strictObject({ cases: z.array(caseSummarySchema) }),
    example: { query: 'Jensen' },
  }),
  getCase: json({
    channel: 'cases:get',
    method: 'getCase',
    input: z.strictObject({ caseNumber }),
    output: z.strictObject({ case: caseSchema }),
    example: { caseNumber: '27.24.00-G01-117-25' },
  }),
  importCases: json({
    channel: 'cases:import',
    method: 'importCases',
    input: z.strictObject({
      fileName: z.string().min(1).max(255),
      format: z.enum(['json', 'csv']),
      /** The file's text: the case-file format as JSON, or CSV with one row per party (docs/case-import.md). */
      content: z.string().min(1).max(MAX_CASE_FILE_CHARS),
    }),
    output: z.strictObject({
      /** Empty when the file was refused. */
      imported: z
        .array(
          z.strictObject({
            caseNumber,
            parties: z.number().int().positive(),
            replaced: z.boolean(),
            changed: z.boolean(),
          }),
        )
        .max(10_000),
      draftsMarkedForRecheck: z.number().int().nonnegative(),
      /** Danish, each naming the field (JSON) or the row and column (CSV). Non-empty: nothing was changed. */
      problems: z.array(z.string().max(1000)).max(101),
    }),
    example: {
      fileName: 'sager.json',
      format: 'json',
      content: JSON.stringify({
        cases: [
          {
            caseNumber: '00.01.00-A00-001-26',
            title: 'Eksempelsag til kontrakttest',
            area: 'other',
            subjectPartyId: 'p1',
            asOf: '2026-11-20',
            parties: [{ id: 'p1', kind: 'person', name: 'Eksempel Eksempelsen', roles: ['subject'] }],
          },
        ],
      }),
    },
  }),
  listAudit: json({
    channel: 'audit:list',
    method: 'listAudit',
    /** A search of the history, newest first; every filter optional, all of them together (docs/audit-log.md). */
    input: z
      .strictObject({
        limit: z.number().int().min(1).max(500).optional(),
        /** Paging: only entries older than this row. */
        beforeSeq: z.number().int().positive().optional(),
        caseNumber: caseNumber.optional(),
        /** DDMMÅÅ-LLLL or 10 digits. A search by CPR number or by name is itself recorded, without the value. */
        cpr: z
          .string()
          .regex(/^(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}-?\d{4}$/)
          .optional(),
        /** Part of a recipient's name, at least two letters. */
        recipient: z.string().trim().min(2).max(100).optional(),
        documentType: typeKey.optional(),
        /** Days, both inclusive, in Danish time. */
        from: z.iso.date().optional(),
        to: z.iso.date().optional(),
        kinds: z
          .array(
            z
              .string()
              .regex(/^[a-z_]+(\.[a-z_]+)*$/)
              .max(64),
          )
          .min(1)
          .max(40)
          .optional(),
      })
      .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
        message: 'from must not be after to',
        path: ['to'],
      }),
    output: z.strictObject({
      entries: z.array(auditEntrySchema).max(500),
      /** The current names of the parties the entries name; a party its case no longer has is missing. */
      parties: z.array(z.strictObject({ caseNumber, partyId, name: z.string().max(200) })).max(25_000),
    }),
    example: {
      limit: 50,
      caseNumber: '27.24.00-G01-117-25',
      documentType: 'boernefaglig-undersoegelse',
      from: '2026-01-01',
      to: '2026-12-31',
      kinds: ['draft.submitted', 'outbox.delivered'],
    },
  }),
  verifyAudit: json({
    channel: 'audit:verify',
    method: 'verifyAudit',
    input: z.strictObject({}),
    output: auditVerifySchema,
    example: {},
  }),
  inspectDocument: binary({
    channel: 'documents:inspect',
    method: 'inspectDocument',
    meta: z.strictObject({
      fileName: z.string().min(1).max(255),
      jobId: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,64}$/)
        .optional(),
    }),
    output: z.strictObject({
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      byteLength: z.number().int().positive(),
      kind: z.enum(documentKinds),
    }),
    maxBytes: MAX_DOCUMENT_BYTES,
    example: { fileName: 'brev.pdf', jobId: 'job-1' },
  }),
  analyzeDocument: binary({
    channel: 'documents:analyze',
    method: 'analyzeDocument',
    meta: z.strictObject({
      fileName: z.string().min(1).max(255),
      /** The document's own password, when it has one: tried, never stored or logged. */
      password: z.string().min(1).max(1024).optional(),
      /** Names this analysis for progress events and for cancelling it. */
      jobId: jobId.optional(),
      /** With a case, the analysis also says which of its parties' names and addresses the document mentions. */
      caseNumber: caseNumber.optional(),
      /** The draft whose document this one replaces (the caseworker changed the document). */
      replacesDraftId: z.uuid().optional(),
    }),
    output: z.strictObject({
      /** Null when no draft was kept: the document needs a (right) password first. */
      draftId: z.uuid().nullable(),
      analysis: documentAnalysisSchema,
    }),
    maxBytes: MAX_DOCUMENT_BYTES,
    example: { fileName: 'afgørelse.pdf', jobId: 'job-2' },
  }),
  cancelAnalysis: json({
    channel: 'documents:cancel',
    method: 'cancelAnalysis',
    input: z.strictObject({ jobId }),
    output: z.strictObject({ cancelled: z.boolean() }),
    example: { jobId: 'job-2' },
  }),
  listDocumentTypes: json({
    channel: 'policy:documentTypes',
    method: 'listDocumentTypes',
    input: z.strictObject({}),
    output: z.strictObject({
      /** The policy pack in force: its version and, in the pack's order, every document type it knows. */
      policyVersion: z.string().max(40),
      /** Roll-out mode: content findings are relaxed to information; the window shows a banner on every screen. */
      auditOnly: z.boolean(),
      types: z
        .array(
          z.strictObject({
            key: typeKey,
            label: z.string().max(200),
            /** Always sent to a supervisor for approval. */
            approvalRequired: z.boolean(),
            matter: z.enum(documentMatters),
            sensitivity: z.enum(documentSensitivities),
          }),
        )
        .max(100),
    }),
    example: {},
  }),
  proposeRecipients: json({
    channel: 'recipients:propose',
    method: 'proposeRecipients',
    input: z.strictObject({ caseNumber, documentType: typeKey }),
    output: z.strictObject({ proposal: z.array(partyProposalSchema).max(200) }),
    example: { caseNumber: '27.24.00-G01-117-25', documentType: 'afgoerelse' },
  }),
  checkDraft: json({
    channel: 'drafts:check',
    method: 'checkDraft',
    input: z.strictObject({
      draftId: z.uuid(),
      /** The case the caseworker picked; the draft's own when absent. */
      caseNumber: caseNumber.optional(),
      /** The type the caseworker chose; the recognised one when absent. */
      documentType: typeKey.optional(),
      /** Party ids of the case; the proposed recipients when absent. There is no free-text recipient. */
      recipients: z.array(z.string().min(1).max(64)).max(50).optional(),
      /** Warnings acknowledged with a reason: each makes approval required. */
      acknowledged: acknowledgedSchema.optional(),
    }),
    output: z.strictObject({
      documentType: z.strictObject({
        key: typeKey,
        label: z.string().max(200),
        confidence: z.number().min(0).max(1),
        chosen: z.boolean(),
      }),
      proposal: z.array(partyProposalSchema).max(200),
      recipients: z
        .array(z.strictObject({ partyId: z.string().max(64), channel: z.enum(recipientChannels) }))
        .max(50),
      check: checkResultSchema,
    }),
    example: { draftId: '00000000-0000-4000-8000-000000000000', caseNumber: '27.24.00-G01-117-25' },
  }),
  getSettings: json({
    channel: 'settings:get',
    method: 'getSettings',
    input: z.strictObject({}),
    output: z.strictObject({
      settings: settingsSchema,
      /** Fields IT has locked in the machine-wide file: shown as set by IT, not editable. */
      locked: z.array(z.string().max(100)).max(100),
      sources: z.record(z.string().max(64), z.enum(['default', 'machine', 'user', 'locked'])),
      machineFile: z.string().max(1000).nullable(),
      problems: z.array(z.string().max(1000)).max(100),
      /** Whether the SF1601 certificate's password is stored (never the password itself). */
      certificatePasswordStored: z.boolean(),
    }),
    example: {},
  }),
  updateSettings: json({
    channel: 'settings:update',
    method: 'updateSettings',
    input: z.strictObject({ patch: settingsPatchSchema }),
    output: z.strictObject({
      saved: z.boolean(),
      /** Why not, when not saved: `locked` by IT, or `invalid` values. */
      refusal: z.enum(['locked', 'invalid']).nullable(),
      settings: settingsSchema,
      /** Danish, one line per field. */
      problems: z.array(z.string().max(1000)).max(100),
    }),
    example: { patch: { sendDelaySeconds: 20 } },
  }),
  previewPage: json({
    channel: 'documents:preview',
    method: 'previewPage',
    input: z.strictObject({
      draftId: z.uuid(),
      page: z.number().int().min(1).max(100_000),
      /** A password-protected document's password again: it is never stored, so the preview needs it too. */
      password: z.string().min(1).max(1024).optional(),
      widthPx: z.number().int().min(100).max(2000).optional(),
      /** Texts to find on the page (the findings' evidence), ignoring whitespace and case; answered in order. */
      highlight: z.array(z.string().min(1).max(500)).max(50).optional(),
    }),
    output: z.discriminatedUnion('rendered', [
      z.strictObject({
        rendered: z.literal(true),
        page: z.number().int().positive(),
        pages: z.number().int().positive(),
        width: z.number().int().positive(),
        height: z.number().int().positive(),
        /** The page as a PNG, base64 (shown as a data: URL; the window runs no pdf.js). */
        pngBase64: z.string().max(48 * MB),
        /**
         * Each asked-for text with where it stands on the image: fractions (0..1) of its width and height, origin
         * top-left, so the window places marks at any display size. No rects: the text is not on the page.
         */
        highlights: z
          .array(
            z.strictObject({
              text: z.string().max(500),
              rects: z.array(previewRect).max(200),
            }),
          )
          .max(50),
      }),
      z.strictObject({
        rendered: z.literal(false),
        outcome: z.enum(documentOutcomes),
        message: z.string().max(500),
      }),
    ]),
    example: { draftId: '00000000-0000-4000-8000-000000000000', page: 1, highlight: ['010203-1234'] },
  }),
  listDrafts: json({
    channel: 'drafts:list',
    method: 'listDrafts',
    input: z.strictObject({}),
    output: z.strictObject({
      drafts: z.array(
        z.strictObject({
          id: z.uuid(),
          fileName: z.string().max(255),
          caseNumber: z.string().max(64).nullable(),
          outcome: z.enum(documentOutcomes),
          documentType: z.string().max(64).nullable(),
          /** The case was re-imported with changes since this draft was checked. */
          needsRecheck: z.boolean(),
          createdAt: isoDateTime,
          updatedAt: isoDateTime,
        }),
      ),
    }),
    example: {},
  }),
  setCertificatePassword: json({
    channel: 'settings:setCertificatePassword',
    method: 'setCertificatePassword',
    input: z.strictObject({ password: z.string().min(1).max(1024) }),
    output: z.strictObject({ saved: z.literal(true) }),
    example: { password: 'certifikat-adgangskode' },
  }),
  discardDraft: json({
    channel: 'drafts:discard',
    method: 'discardDraft',
    input: z.strictObject({ draftId: z.uuid() }),
    output: z.strictObject({
      /** False when it was discarded already. A draft that has been submitted cannot be discarded. */
      discarded: z.boolean(),
    }),
    example: { draftId: '00000000-0000-4000-8000-000000000000' },
  }),
  submitSend: json({
    channel: 'outbox:submit',
    method: 'submitSend',
    input: z.strictObject({
      draftId: z.uuid(),
      caseNumber: caseNumber.optional(),
      documentType: typeKey.optional(),
      /** Party ids of the case, at least one. There is no free-text recipient. */
      recipients: z.array(partyId).min(1).max(50),
      /** Every warning of the check, acknowledged with a reason. */
      acknowledged: acknowledgedSchema.optional(),
    }),
    output: z.strictObject({
      /** One per recipient, each with its own MeMo messageUUID. */
      items: z.array(outboxItemSchema).max(50),
      /** False when a submit of the same draft and recipients was already accepted (a second click). */
      created: z.boolean(),
      approvalRequired: z.boolean(),
      approvalReasons: z.array(z.string().max(500)).max(20),
    }),
    example: {
      draftId: '00000000-0000-4000-8000-000000000000',
      caseNumber: '27.24.00-G01-117-25',
      recipients: ['p2'],
    },
  }),
  cancelSend: json({
    channel: 'outbox:cancel',
    method: 'cancelSend',
    input: z.strictObject({ outboxId: z.uuid(), reason: z.string().trim().max(500) }),
    output: outboxActionResultSchema,
    example: { outboxId: '00000000-0000-4000-8000-000000000000', reason: 'Forkert bilag' },
  }),
  retrySend: json({
    channel: 'outbox:retry',
    method: 'retrySend',
    input: z.strictObject({ outboxId: z.uuid(), reason: actionReason }),
    output: outboxActionResultSchema,
    example: { outboxId: '00000000-0000-4000-8000-000000000000', reason: 'Digital Post kører igen' },
  }),
  resolveSend: json({
    channel: 'outbox:resolve',
    method: 'resolveSend',
    input: z.strictObject({
      outboxId: z.uuid(),
      /** `delivered`: confirmed that Digital Post has it. `resend`: confirmed that it did not arrive. */
      resolution: z.enum(['delivered', 'resend']),
      reason: actionReason,
    }),
    output: outboxActionResultSchema,
    example: {
      outboxId: '00000000-0000-4000-8000-000000000000',
      resolution: 'delivered',
      reason: 'Bekræftet af Digital Post support',
    },
  }),
  listOutbox: json({
    channel: 'outbox:list',
    method: 'listOutbox',
    input: z.strictObject({
      /**
       * `unresolved`: only the sends that wait for a person (status unknown and no look-up possible, or every
       * automatic attempt used up). All when absent.
       */
      only: z.enum(['unresolved']).optional(),
    }),
    output: z.strictObject({
      items: z.array(outboxItemSchema).max(OUTBOX_LIST_MAX),
      connector: z.strictObject({
        kind: z.enum(['sandbox', 'folder', 'sf1601']),
        /** Started and answering at the last look. */
        ready: z.boolean(),
        /** Danish, for the status line. */
        message: z.string().max(500),
      }),
    }),
    example: {},
  }),
} as const;

/** Push events from the backend to the window. */
export const events = {
  'audit:appended': z.strictObject({ seq: z.number().int().positive(), kind: z.string().max(64) }),
  /** A send changed state (in this process): the row as it is now. */
  'outbox:changed': z.strictObject({ item: outboxItemSchema }),
  'documents:progress': z.strictObject({
    jobId: z.string().max(64),
    /** `hashing` the bytes, then reading `pages` in the worker. */
    phase: z.enum(['hashing', 'pages']),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export type JsonMethod = { [K in Method]: Contract[K]['kind'] extends 'json' ? K : never }[Method];
export type BinaryMethod = Exclude<Method, JsonMethod>;

type Def<K extends Method> = Contract[K];
export type InputOf<K extends JsonMethod> =
  Def<K> extends { input: infer I extends z.ZodType } ? z.input<I> : never;
export type ParsedInputOf<K extends JsonMethod> =
  Def<K> extends { input: infer I extends z.ZodType } ? z.output<I> : never;
export type MetaOf<K extends BinaryMethod> =
  Def<K> extends { meta: infer M extends z.ZodType } ? z.input<M> : never;
export type ParsedMetaOf<K extends BinaryMethod> =
  Def<K> extends { meta: infer M extends z.ZodType } ? z.output<M> : never;
export type OutputOf<K extends Method> = z.output<Def<K>['output']>;

export type Unsubscribe = () => void;

/** What the window sees as `window.api`: one function per channel, plus `onEvent`. */
export type Api = {
  [K in Method]: K extends JsonMethod
    ? (input: InputOf<K>) => Promise<Result<OutputOf<K>>>
    : K extends BinaryMethod
      ? (bytes: ArrayBuffer, meta: MetaOf<K>) => Promise<Result<OutputOf<K>>>
      : never;
} & {
  onEvent: <E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

export const channelDefs: readonly ChannelDef[] = Object.values(contract) as readonly ChannelDef[];

export function defByChannel(channel: string): ChannelDef | undefined {
  return channelDefs.find((d) => d.channel === channel);
}

/** The IPC channel that carries push events from main to the preload. */
export const EVENT_CHANNEL = 'sendeassistent:event';
