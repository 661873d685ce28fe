import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/result';
import type { DocumentAnalysis } from '../../shared/domain/analysis';
import type { Clock, CurrentUser } from '../ports';
import type { Emit } from '../events';
import { writeTransaction, type Db } from '../db/sqlite';
import { analyseDocument } from '../documents/analyse';
import { PageOutOfRangeError, type Extractor } from '../documents/extractor';
import type { AuditEntry, AuditService } from './audit.service';
import type { CasesService } from './cases.service';
import type { LoadedPolicy } from './policy.service';

export interface AnalyseMeta {
  fileName: string;
  password?: string;
  jobId?: string;
  caseNumber?: string;
  replacesDraftId?: string;
}

export interface DraftSummary {
  id: string;
  fileName: string;
  caseNumber: string | null;
  outcome: DocumentAnalysis['outcome'];
  documentType: string | null;
  /** The case was re-imported with other parties (or subject, area, related cases) since this draft was checked. */
  needsRecheck: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Outcomes after which the caseworker tries again (with a password): no draft is kept for them. */
const RETRY_OUTCOMES = new Set<DocumentAnalysis['outcome']>(['needs_password', 'wrong_password']);

export function createAnalysisService(deps: {
  db: Db;
  extractor: Extractor;
  policy: LoadedPolicy;
  cases: CasesService;
  audit: AuditService;
  emit: Emit;
  clock: Clock;
  user: CurrentUser;
  /**
   * The document of a request from another installation (docs/approval.md, "Across desks"), by its draft id there,
   * when the one asking may review it: the review's page images come from it. Null otherwise.
   */
  otherDocument?: (draftId: string) => Buffer | null;
}) {
  const { db, audit } = deps;
  const jobs = new Map<string, AbortController>();

  const storeDocument = db.prepare(
    `INSERT INTO documents (sha256, bytes, byte_size, added_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(sha256) DO NOTHING`,
  );
  const insertDraft = db.prepare(
    `INSERT INTO drafts (id, document_sha256, file_name, case_number, status, analysis, texts, created_by, created_at, updated_at, replaces, password_required)
     VALUES (@id, @sha256, @fileName, @caseNumber, 'draft', @analysis, @texts, @user, @at, @at, @replaces, @passwordRequired)`,
  );
  const saveDraft = writeTransaction(
    db,
    (
      bytes: Uint8Array,
      meta: AnalyseMeta,
      analysis: DocumentAnalysis,
      texts: unknown,
      passwordRequired: boolean,
    ): [string, AuditEntry] => {
      const at = deps.clock.now().toISOString();
      const id = randomUUID();
      storeDocument.run(
        analysis.sha256,
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        bytes.byteLength,
        at,
      );
      insertDraft.run({
        id,
        sha256: analysis.sha256,
        fileName: meta.fileName,
        caseNumber: meta.caseNumber ?? null,
        analysis: JSON.stringify(analysis),
        texts: JSON.stringify(texts),
        user: deps.user.name(),
        at,
        replaces: meta.replacesDraftId ?? null,
        passwordRequired: passwordRequired ? 1 : 0,
      });
      const entry = audit.append('document.analysed', meta.caseNumber ?? null, {
        draftId: id,
        fileName: meta.fileName,
        sha256: analysis.sha256,
        outcome: analysis.outcome,
        pages: analysis.pages,
        documentType: analysis.documentType?.key ?? null,
        passwordRequired,
      });
      return [id, entry];
    },
  );

  return {
    async analyze(
      bytes: Uint8Array,
      meta: AnalyseMeta,
    ): Promise<{ draftId: string | null; analysis: DocumentAnalysis }> {
      if (
        meta.replacesDraftId &&
        !db.prepare('SELECT 1 FROM drafts WHERE id = ?').get(meta.replacesDraftId)
      ) {
        throw new AppError('NOT_FOUND', 'the replaced draft does not exist');
      }
      const parties = meta.caseNumber ? deps.cases.get(meta.caseNumber).parties : undefined;
      const controller = new AbortController();
      if (meta.jobId) jobs.set(meta.jobId, controller);
      try {
        const { analysis, texts, passwordRequired } = await analyseDocument(deps.extractor, bytes, {
          pack: deps.policy.pack,
          parties,
          password: meta.password,
          signal: controller.signal,
          onProgress: (p) => {
            if (meta.jobId) {
              deps.emit('documents:progress', {
                jobId: meta.jobId,
                phase: 'pages',
                done: p.pagesDone,
                total: p.pagesTotal,
              });
            }
          },
        });
        if (RETRY_OUTCOMES.has(analysis.outcome)) return { draftId: null, analysis };
        const [draftId, entry] = saveDraft(bytes, meta, analysis, texts, passwordRequired);
        audit.announce([entry]);
        return { draftId, analysis };
      } catch (err) {
        if (controller.signal.aborted)
          throw new AppError('CANCELLED', 'analysis cancelled by the caseworker');
        throw err;
      } finally {
        if (meta.jobId) jobs.delete(meta.jobId);
      }
    },

    cancel(jobId: string): boolean {
      const job = jobs.get(jobId);
      if (!job) return false;
      job.abort(new Error('cancelled'));
      return true;
    },

    async preview(input: {
      draftId: string;
      page: number;
      password?: string;
      widthPx?: number;
      highlight?: string[];
    }) {
      const row = db
        .prepare(
          'SELECT d.bytes FROM drafts r JOIN documents d ON d.sha256 = r.document_sha256 WHERE r.id = ?',
        )
        .get(input.draftId) as { bytes: Buffer } | undefined;
      const bytes = row?.bytes ?? deps.otherDocument?.(input.draftId) ?? null;
      if (!bytes) throw new AppError('NOT_FOUND', 'no such draft');
      try {
        const r = await deps.extractor.renderPage(new Uint8Array(bytes), input.page, {
          password: input.password,
          maxWidthPx: input.widthPx,
          highlight: input.highlight,
        });
        if (!r.ok) return { rendered: false as const, outcome: r.outcome, message: r.message };
        return {
          rendered: true as const,
          page: r.page,
          pages: r.pages,
          width: r.width,
          height: r.height,
          pngBase64: Buffer.from(r.png).toString('base64'),
          highlights: r.highlights,
        };
      } catch (err) {
        if (err instanceof PageOutOfRangeError) throw new AppError('NOT_FOUND', 'page out of range');
        throw err;
      }
    },

    /**
     * Discards a draft the caseworker will not send: it leaves the list but stays in the store, since the history
     * points at it. A submitted draft cannot be discarded (its sends are in the outbox: cancel them there).
     */
    discard(draftId: string): boolean {
      const row = db
        .prepare('SELECT case_number, submitted_at, discarded_at FROM drafts WHERE id = ?')
        .get(draftId) as
        { case_number: string | null; submitted_at: string | null; discarded_at: string | null } | undefined;
      if (!row) throw new AppError('NOT_FOUND', 'no such draft');
      if (row.submitted_at !== null)
        throw new AppError('DRAFT_SUBMITTED', 'submitted drafts are not discarded');
      if (row.discarded_at !== null) return false;
      const entry = writeTransaction(db, () => {
        const now = deps.clock.now().toISOString();
        db.prepare('UPDATE drafts SET discarded_at = ?, updated_at = ? WHERE id = ?').run(now, now, draftId);
        return audit.append('draft.discarded', row.case_number, { draftId });
      })();
      audit.announce([entry]);
      return true;
    },

    listDrafts(): DraftSummary[] {
      const rows = db
        .prepare(
          `SELECT id, file_name, case_number, analysis, needs_recheck, created_at, updated_at
           FROM drafts
           WHERE discarded_at IS NULL AND submitted_at IS NULL
           ORDER BY updated_at DESC LIMIT 200`,
        )
        .all() as {
        id: string;
        file_name: string;
        case_number: string | null;
        analysis: string;
        needs_recheck: number;
        created_at: string;
        updated_at: string;
      }[];
      return rows.map((r) => {
        const a = JSON.parse(r.analysis) as DocumentAnalysis;
        return {
          id: r.id,
          fileName: r.file_name,
          caseNumber: r.case_number,
          outcome: a.outcome,
          documentType: a.documentType?.key ?? null,
          needsRecheck: r.needs_recheck === 1,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        };
      });
    },
  };
}

export type AnalysisService = ReturnType<typeof createAnalysisService>;
