import { currentLanguage } from '../../i18n/current-language';

/** Dates cross the boundary as ISO `YYYY-MM-DD`; Danish caseworkers read `DD.MM.ÅÅÅÅ`, English `DD/MM/YYYY`. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return currentLanguage() === 'en' ? `${m[3]}/${m[2]}/${m[1]}` : `${m[3]}.${m[2]}.${m[1]}`;
}

/** Today's date in the caseworker's own time zone, as `YYYY-MM-DD`, for comparing with ISO dates as strings. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
