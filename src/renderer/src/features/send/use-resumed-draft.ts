import { useCallback, useRef, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';

export type DraftSummary = OutputOf<'listDrafts'>['drafts'][number];

export type Resumed =
  | { phase: 'idle' }
  | { phase: 'loading'; draftId: string }
  /** The document has its own password, which is never stored: the preview needs it again. */
  | { phase: 'password'; draft: DraftSummary; wrong: boolean; message: string }
  | { phase: 'ready'; draft: DraftSummary; pages: number; password?: string }
  | { phase: 'missing'; draftId: string }
  | { phase: 'failed'; draftId: string; error: AppErrorData; fileName: string | null };

const PASSWORD_OUTCOMES = new Set(['needs_password', 'wrong_password']);
/** The smallest page the backend renders: enough to learn the page count and whether a password is needed. */
const PROBE_WIDTH_PX = 100;

/**
 * A saved draft opened again on the send screen (after a restart, or from the drafts list). The store keeps the
 * document and its analysis, but the window is told only the draft's summary (drafts:list), so the page count comes
 * from rendering its first page, which also says whether the document's own password is needed again.
 */
export function useResumedDraft() {
  const [state, setState] = useState<Resumed>({ phase: 'idle' });
  const generation = useRef(0);

  const probe = useCallback(async (mine: number, draft: DraftSummary, password?: string) => {
    const result = await callApi((api) =>
      api.previewPage({
        draftId: draft.id,
        page: 1,
        widthPx: PROBE_WIDTH_PX,
        ...(password ? { password } : {}),
      }),
    );
    if (mine !== generation.current) return;
    if (!result.ok) {
      setState({ phase: 'failed', draftId: draft.id, error: result.error, fileName: draft.fileName });
    } else if (result.value.rendered) {
      setState({ phase: 'ready', draft, pages: result.value.pages, ...(password ? { password } : {}) });
    } else if (PASSWORD_OUTCOMES.has(result.value.outcome)) {
      setState({
        phase: 'password',
        draft,
        wrong: result.value.outcome === 'wrong_password',
        message: result.value.message,
      });
    } else {
      setState({
        phase: 'failed',
        draftId: draft.id,
        error: { code: 'DOCUMENT_UNREADABLE', message: result.value.message },
        fileName: draft.fileName,
      });
    }
  }, []);

  /** Loads the draft; resolves with its summary (null when it is gone, failed, or another document came first). */
  const resume = useCallback(
    async (draftId: string): Promise<DraftSummary | null> => {
      const mine = ++generation.current;
      setState({ phase: 'loading', draftId });
      const result = await callApi((api) => api.listDrafts({}));
      if (mine !== generation.current) return null;
      if (!result.ok) {
        setState({ phase: 'failed', draftId, error: result.error, fileName: null });
        return null;
      }
      const draft = result.value.drafts.find((d) => d.id === draftId);
      if (!draft) {
        setState({ phase: 'missing', draftId });
        return null;
      }
      void probe(mine, draft);
      return draft;
    },
    [probe],
  );

  const retryWithPassword = useCallback(
    (password: string) => {
      if (state.phase !== 'password') return;
      void probe(generation.current, state.draft, password);
    },
    [probe, state],
  );

  const clear = useCallback(() => {
    generation.current++;
    setState({ phase: 'idle' });
  }, []);

  return { state, resume, retryWithPassword, clear };
}
