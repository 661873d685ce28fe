import type { OutputOf } from '../../../../shared/contract';
import type { HistoryMessages } from '../../i18n/da-history';

/** One history entry as `audit:list` gives it. Its `details` are JSON whose shape depends on the kind. */
export type HistoryEntry = OutputOf<'listAudit'>['entries'][number];
export type Details = HistoryEntry['details'];

/** What an entry's view needs besides the entry: texts, and the names and labels the entry only refers to. */
export interface EntryContext {
  t: HistoryMessages;
  /** A party's name in the entry's case; "Part p2 (findes ikke længere i sagen)" when the case no longer has it. */
  name: (caseNumber: string | null, partyId: string) => string;
  typeLabel: (key: string) => string;
  channelLabel: (channel: string) => string;
  severityLabel: (severity: string) => string;
  dateTime: (iso: string) => string;
}

// Readers for JSON of unknown shape: an entry written by an older or newer version must still be shown.

export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const record = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** Party ids from a list of ids or of `{ partyId, channel }`. */
export function recipientsOf(v: unknown): { partyId: string; channel: string | null }[] {
  return list(v).flatMap((item) => {
    if (typeof item === 'string') return [{ partyId: item, channel: null }];
    const r = record(item);
    const partyId = str(r?.partyId);
    return partyId ? [{ partyId, channel: str(r?.channel) }] : [];
  });
}

export function kindLabel(t: HistoryMessages, kind: string): string {
  return t.kinds[kind] ?? t.otherKind(kind);
}

/** A value from the details as plain Danish text, for the "Øvrige oplysninger" part: never raw JSON. */
export function plainValue(t: HistoryMessages, v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'boolean') return v ? t.details.yes : t.details.no;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '–' : v.map((x) => plainValue(t, x)).join(', ');
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}: ${plainValue(t, x)}`)
    .join('; ');
}
