import type { Finding, Severity } from '../../../../shared/domain/findings';

/** One piece of evidence to look for on a page of the preview. */
export interface PageMark {
  severity: Severity;
  text: string;
}

/** The findings' evidence grouped by the page it stands on (evidence from the case or the recipients has none). */
export function pageMarks(findings: readonly Finding[]): Map<number, PageMark[]> {
  const marks = new Map<number, PageMark[]>();
  for (const f of findings) {
    for (const e of f.evidence) {
      if (e.page === null) continue;
      const list = marks.get(e.page) ?? [];
      if (!list.some((m) => m.text === e.text && m.severity === f.severity))
        list.push({ severity: f.severity, text: e.text });
      marks.set(e.page, list);
    }
  }
  return marks;
}
