import type { DocumentTypeGuess } from '../../../../shared/domain/analysis';
import type { Intake } from './use-document-intake';
import type { DraftSummary, Resumed } from './use-resumed-draft';

/** The document the screen works on: one just read, or a saved draft opened again. */
export interface OnScreen {
  draftId: string;
  fileName: string;
  pages: number;
  password?: string;
  guess: DocumentTypeGuess | null;
  pagesWithoutText: readonly number[];
  resumed: DraftSummary | null;
}

export function documentOnScreen(intake: Intake, r: Resumed): OnScreen | null {
  const ready = intake.phase === 'ready' ? intake : null;
  return ready
    ? {
        draftId: ready.draftId,
        fileName: ready.file.name,
        pages: Math.max(1, ready.analysis.pages),
        ...(ready.password ? { password: ready.password } : {}),
        guess: ready.analysis.documentType,
        pagesWithoutText: ready.analysis.pagesWithoutText,
        resumed: null,
      }
    : r.phase === 'ready'
      ? {
          draftId: r.draft.id,
          fileName: r.draft.fileName,
          pages: Math.max(1, r.pages),
          ...(r.password ? { password: r.password } : {}),
          guess: null,
          // Not in the draft's summary; the check still reports pages without text as a finding.
          pagesWithoutText: [],
          resumed: r.draft,
        }
      : null;
}
