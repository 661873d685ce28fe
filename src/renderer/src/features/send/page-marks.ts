import type { Evidence, Finding, Severity } from '../../../../shared/domain/findings';

/** One piece of evidence to look for on a page of the preview. */
export interface PageMark {
  severity: Severity;
  text: string;
  source: Evidence['source'];
}

/** The findings' evidence grouped by the page it stands on (evidence from the case or the recipients has none). */
export function pageMarks(findings: readonly Finding[]): Map<number, PageMark[]> {
  const marks = new Map<number, PageMark[]>();
  for (const f of findings) {
    for (const e of f.evidence) {
      if (e.page === null) continue;
      const list = marks.get(e.page) ?? [];
      if (!list.some((m) => m.text === e.text && m.severity === f.severity && m.source === e.source))
        list.push({ severity: f.severity, text: e.text, source: e.source });
      marks.set(e.page, list);
    }
  }
  return marks;
}

/** The contract's cap on the texts one preview looks for. */
const MAX_HIGHLIGHTS = 50;
const WORST: Record<Severity, number> = { block: 0, warn: 1, info: 2 };

/**
 * The texts the preview marks on the page image, each once with its worst severity: evidence from the page's text
 * (a form field's value or a comment is not part of it, and is listed above the page instead).
 */
export function imageMarks(marks: readonly PageMark[]): Array<{ text: string; severity: Severity }> {
  const out: Array<{ text: string; severity: Severity }> = [];
  for (const m of marks) {
    if (m.source !== 'page' || m.text.trim() === '') continue;
    const seen = out.find((o) => o.text === m.text);
    if (!seen) out.push({ text: m.text, severity: m.severity });
    else if (WORST[m.severity] < WORST[seen.severity]) seen.severity = m.severity;
  }
  return out.slice(0, MAX_HIGHLIGHTS);
}

/** The texts of one finding's evidence on a page's text: what its "Side n" button asks the preview to point out. */
export function focusTexts(finding: Finding | null, page: number): string[] {
  if (!finding) return [];
  return finding.evidence.filter((e) => e.page === page && e.source === 'page').map((e) => e.text);
}
