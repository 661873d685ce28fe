import { cprBirthDate } from '../entities/cpr';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is an ISO `YYYY-MM-DD` date that exists in the calendar. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().startsWith(s);
}

/** The birth date of a `DDMMYY-SSSS` CPR number (century from the 7th digit), or null when it has none. */
export function birthDateOfCpr(cpr: string | undefined): string | null {
  if (cpr === undefined) return null;
  const digits = cpr.replace('-', '');
  return /^\d{10}$/.test(digits) ? cprBirthDate(digits) : null;
}

/**
 * Completed years from `birth` to `today` (both ISO). A birthday on 29 February counts from 1 March in other
 * years, the plain reading of "has not yet had the birthday". Negative when born after `today`.
 */
export function ageOn(birth: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  return today.slice(5) < birth.slice(5) ? years - 1 : years;
}

/** `2027-06-30` → `30.06.2027`, as a Danish letter writes it. */
export function danishDate(iso: string): string {
  const m = ISO_DATE.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}
