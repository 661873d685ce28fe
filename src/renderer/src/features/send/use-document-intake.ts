import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentAnalysis, DocumentOutcome } from '../../../../shared/domain/analysis';
import type { AppErrorData, ErrorCode } from '../../../../shared/result';
import { callApi, onApiEvent } from '../../api';
import { newJobId } from './job-id';

/** A file the caseworker dropped or chose, read into memory once: a password retry sends the same bytes again. */
export interface PickedFile {
  name: string;
  bytes: ArrayBuffer;
}

export interface Progress {
  done: number;
  total: number;
}

export type Intake =
  | { phase: 'empty' }
  | { phase: 'reading'; fileName: string }
  | { phase: 'analysing'; fileName: string; jobId: string; progress: Progress | null }
  | { phase: 'password'; file: PickedFile; wrong: boolean; message: string }
  /** The document cannot be checked: not a PDF, damaged, too large, too slow, or the backend refused it. */
  | { phase: 'failed'; fileName: string; message: string; reason: ErrorCode | DocumentOutcome | 'read' }
  | { phase: 'cancelled'; fileName: string }
  | {
      phase: 'ready';
      file: PickedFile;
      draftId: string;
      analysis: DocumentAnalysis;
      /** The document's own password, kept in memory only: the preview needs it too. */
      password?: string;
    };

export interface StartOptions {
  /** The draft this document replaces (the caseworker changed the document): the history sees the near-miss. */
  replacesDraftId?: string;
  caseNumber?: string;
}

const NEEDS_PASSWORD = new Set(['needs_password', 'wrong_password']);
const CHECKABLE = new Set(['ok', 'no_text']);

/**
 * From a dropped file to a draft: reads the bytes, runs `documents:analyze` under a job id (progress events,
 * cancel), asks for the password when the PDF needs one, and says in Danish when the file cannot be checked. Only
 * the newest file counts: an answer for a file the caseworker has replaced is dropped.
 */
export function useDocumentIntake(readFailedMessage: string) {
  const [intake, setIntake] = useState<Intake>({ phase: 'empty' });
  const generation = useRef(0);
  const jobRef = useRef<string | null>(null);

  useEffect(
    () =>
      onApiEvent('documents:progress', (p) => {
        if (p.jobId !== jobRef.current || p.phase !== 'pages') return;
        setIntake((s) =>
          s.phase === 'analysing' && s.jobId === p.jobId
            ? { ...s, progress: { done: p.done, total: p.total } }
            : s,
        );
      }),
    [],
  );

  const analyse = useCallback(async (file: PickedFile, options: StartOptions, password?: string) => {
    const mine = ++generation.current;
    const jobId = newJobId();
    jobRef.current = jobId;
    setIntake({ phase: 'analysing', fileName: file.name, jobId, progress: null });
    const result = await callApi((api) =>
      api.analyzeDocument(file.bytes, {
        fileName: file.name.slice(0, 255) || 'dokument.pdf',
        jobId,
        ...(password ? { password } : {}),
        ...(options.caseNumber ? { caseNumber: options.caseNumber } : {}),
        ...(options.replacesDraftId ? { replacesDraftId: options.replacesDraftId } : {}),
      }),
    );
    if (mine !== generation.current) return;
    jobRef.current = null;
    if (!result.ok) {
      setIntake(failure(file.name, result.error));
      return;
    }
    const { draftId, analysis } = result.value;
    if (NEEDS_PASSWORD.has(analysis.outcome) || draftId === null) {
      setIntake({
        phase: 'password',
        file,
        wrong: analysis.outcome === 'wrong_password',
        message: analysis.message,
      });
    } else if (CHECKABLE.has(analysis.outcome)) {
      setIntake({ phase: 'ready', file, draftId, analysis, ...(password ? { password } : {}) });
    } else {
      setIntake({
        phase: 'failed',
        fileName: file.name,
        message: analysis.message,
        reason: analysis.outcome,
      });
    }
  }, []);

  /** Reads a dropped or chosen file and analyses it. */
  const start = useCallback(
    async (file: File, options: StartOptions) => {
      const mine = ++generation.current;
      if (jobRef.current) void cancelJob(jobRef.current);
      jobRef.current = null;
      setIntake({ phase: 'reading', fileName: file.name });
      let bytes: ArrayBuffer;
      try {
        bytes = await file.arrayBuffer();
      } catch {
        if (mine === generation.current)
          setIntake({ phase: 'failed', fileName: file.name, message: readFailedMessage, reason: 'read' });
        return;
      }
      if (mine !== generation.current) return;
      await analyse({ name: file.name, bytes }, options);
    },
    [analyse, readFailedMessage],
  );

  const retryWithPassword = useCallback(
    (password: string, options: StartOptions) => {
      if (intake.phase !== 'password') return;
      void analyse(intake.file, options, password);
    },
    [analyse, intake],
  );

  const cancel = useCallback(() => {
    if (intake.phase !== 'analysing') return;
    generation.current++;
    jobRef.current = null;
    void cancelJob(intake.jobId);
    setIntake({ phase: 'cancelled', fileName: intake.fileName });
  }, [intake]);

  const reset = useCallback(() => {
    generation.current++;
    if (jobRef.current) void cancelJob(jobRef.current);
    jobRef.current = null;
    setIntake({ phase: 'empty' });
  }, []);

  return { intake, start, retryWithPassword, cancel, reset };
}

function cancelJob(jobId: string) {
  return callApi((api) => api.cancelAnalysis({ jobId }));
}

function failure(fileName: string, error: AppErrorData): Intake {
  if (error.code === 'CANCELLED') return { phase: 'cancelled', fileName };
  return { phase: 'failed', fileName, message: error.message, reason: error.code };
}
