import { currentLanguage } from '../../i18n/current-language';

/** Always Danish time, where the municipality is, whatever the computer's zone. */
const DATE_AND_TIME: Intl.DateTimeFormatOptions = {
  timeZone: 'Europe/Copenhagen',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
};
const TIME_ONLY: Intl.DateTimeFormatOptions = {
  timeZone: 'Europe/Copenhagen',
  hour: '2-digit',
  minute: '2-digit',
};

const locale = () => (currentLanguage() === 'en' ? 'en-GB' : 'da-DK');

/**
 * A moment from the backend (ISO, UTC) as a Danish caseworker reads it: `28.11.2026 kl. 10.15.42`; in English
 * `28/11/2026, 10:15:42`.
 */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const format = new Intl.DateTimeFormat(locale(), DATE_AND_TIME);
  if (currentLanguage() === 'en') return format.format(date);
  const parts = format.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')} kl. ${get('hour')}.${get('minute')}.${get('second')}`;
}

/** Only the time of day, for "prøves igen kl. 10.16" (English: "10:16"). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = new Intl.DateTimeFormat(locale(), TIME_ONLY).format(date);
  return currentLanguage() === 'en' ? time : time.replace(':', '.');
}
