import type { Db } from '../db/sqlite';
import type { AuditRow } from '../db/audit-chain';

/**
 * Searching the history (`audit:list`; docs/audit-log.md, "Searching the history"). Every filter is optional and
 * they all apply together. One SQL statement answers a search; the entries' details are read with json_extract and
 * json_each, so no entry is parsed in JavaScript before it is known to match.
 */
export interface AuditQuery {
  limit?: number;
  /** Paging: only entries older than this row ("Vis flere"). */
  beforeSeq?: number;
  /** Exactly this case. */
  caseNumber?: string;
  /** DDMMÅÅ-LLLL or 10 digits: the entries about the person with this CPR number (see `PERSON_SQL`). */
  cpr?: string;
  /** Part of a party's name: the entries naming a party whose name contains it as a recipient. */
  recipient?: string;
  /** A document type key of the policy pack. */
  documentType?: string;
  /** Days (YYYY-MM-DD), both inclusive, in Danish time. */
  from?: string;
  to?: string;
  /** Entry kinds (`draft.submitted`, `outbox.delivered`, …). */
  kinds?: readonly string[];
}

/** The filters that look a person up; a search using one is itself recorded (`history.searched`). */
export const PERSON_FILTERS = ['cpr', 'recipient'] as const;

/** The filter names in a fixed order, for the record of a search. */
export const FILTER_NAMES = [
  'caseNumber',
  'cpr',
  'recipient',
  'documentType',
  'from',
  'to',
  'kinds',
] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

export function filtersUsed(query: AuditQuery): FilterName[] {
  return FILTER_NAMES.filter((f) => {
    const v = query[f];
    return Array.isArray(v) ? v.length > 0 : v !== undefined;
  });
}

/** The case file's form of a CPR number (DDMMÅÅ-LLLL), whichever of the two accepted forms was given. */
export function normaliseCpr(cpr: string): string {
  const digits = cpr.replace(/\D/g, '');
  return `${digits.slice(0, 6)}-${digits.slice(6)}`;
}

const DANISH_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Copenhagen',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far Danish wall-clock time is ahead of UTC at instant `t` (1 or 2 hours). */
function danishOffsetMs(t: number): number {
  const parts: Record<string, number> = {};
  for (const p of DANISH_TIME.formatToParts(new Date(t))) parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

/**
 * The instant a Danish day starts, `days` after `date`, as the ISO string `at` is stored in. Midnight is never inside
 * a daylight-saving change in Denmark (they happen at 02:00 and 03:00), so it always exists and is unambiguous.
 */
export function danishMidnight(date: string, days = 0): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d + days);
  const guess = wall - danishOffsetMs(wall);
  return new Date(wall - danishOffsetMs(guess)).toISOString();
}

/** Escapes LIKE's wildcards, so a search for "_" finds an underscore, not every name. */
const likeContains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Names compared the Danish way: "ø" finds "Ø" (SQLite's own LIKE folds ASCII letters only). */
export const foldName = (s: string) => s.normalize('NFC').toLocaleLowerCase('da-DK');

/** The party ids an entry names as recipients: the outbox row's, a check's or send's, a near-miss's earlier ones. */
const RECIPIENTS_OF_ENTRY = `
  SELECT json_extract(a.details, '$.recipientPartyId') AS id
  UNION ALL
  SELECT CASE r.type WHEN 'object' THEN json_extract(r.value, '$.partyId') ELSE r.value END
    FROM json_each(a.details, '$.recipients') AS r
  UNION ALL
  SELECT v.value FROM json_each(a.details, '$.previousRecipients') AS v`;

/** Every party id an entry names: its recipients and the parties its findings concern. */
const PARTIES_OF_ENTRY = `${RECIPIENTS_OF_ENTRY}
  UNION ALL
  SELECT json_extract(f.value, '$.partyId') FROM json_each(a.details, '$.findings') AS f`;

/**
 * The CPR filter. The person is every party with that CPR number (one per case they are in). An entry of one of
 * their cases matches when
 *   - the person is the case's subject (the case is about them: all of it), or
 *   - the entry names no party at all (case-level: the case viewed, a document analysed, a re-import), or
 *   - the entry names the person (as a recipient, or as the party a finding concerns).
 * Entries of a case that name only other parties (a letter to the other parent) do not match, and entries that
 * belong to no case (imports, settings) never do.
 */
const PERSON_SQL = `
  EXISTS (
    SELECT 1 FROM parties p JOIN cases c ON c.case_number = p.case_number
    WHERE p.cpr = @cpr AND p.case_number = a.case_number
      AND (p.party_id = c.subject_party_id
           OR NOT EXISTS (SELECT 1 FROM (${PARTIES_OF_ENTRY}) WHERE id IS NOT NULL)
           OR p.party_id IN (${PARTIES_OF_ENTRY})))`;

/** The recipient filter: the entry names, as a recipient, a party of its own case whose name contains the text. */
const RECIPIENT_SQL = `
  EXISTS (
    SELECT 1 FROM parties p
    WHERE p.case_number = a.case_number AND history_fold(p.name) LIKE @recipient ESCAPE '\\'
      AND p.party_id IN (${RECIPIENTS_OF_ENTRY}))`;

const SEARCH_SQL = `
  SELECT a.* FROM audit_log a
  WHERE (@before IS NULL OR a.seq < @before)
    AND (@case IS NULL OR a.case_number = @case)
    AND (@type IS NULL OR json_extract(a.details, '$.documentType') = @type)
    AND (@fromAt IS NULL OR a.at >= @fromAt)
    AND (@toAt IS NULL OR a.at < @toAt)
    AND (@kinds IS NULL OR a.kind IN (SELECT value FROM json_each(@kinds)))
    AND (@cpr IS NULL OR ${PERSON_SQL})
    AND (@recipient IS NULL OR ${RECIPIENT_SQL})
  ORDER BY a.seq DESC
  LIMIT @limit`;

export interface PartyRef {
  caseNumber: string;
  partyId: string;
}

export interface PartyName extends PartyRef {
  name: string;
}

/** Prepares the search once per store. */
export function createAuditSearch(db: Db) {
  db.function('history_fold', { deterministic: true }, (s: unknown) =>
    typeof s === 'string' ? foldName(s) : null,
  );
  const search = db.prepare(SEARCH_SQL);
  const matchingParties = db.prepare(
    `SELECT case_number, party_id FROM parties
     WHERE (@cpr IS NOT NULL AND cpr = @cpr)
        OR (@recipient IS NOT NULL AND history_fold(name) LIKE @recipient ESCAPE '\\')
     ORDER BY case_number, position`,
  );
  const names = db.prepare(
    `SELECT p.case_number, p.party_id, p.name FROM json_each(@refs) AS r
     JOIN parties p ON p.case_number = json_extract(r.value, '$[0]') AND p.party_id = json_extract(r.value, '$[1]')`,
  );

  const params = (q: AuditQuery) => ({
    cpr: q.cpr === undefined ? null : normaliseCpr(q.cpr),
    recipient: q.recipient === undefined ? null : likeContains(foldName(q.recipient.trim())),
  });

  return {
    rows(q: AuditQuery): AuditRow[] {
      return search.all({
        ...params(q),
        before: q.beforeSeq ?? null,
        case: q.caseNumber ?? null,
        type: q.documentType ?? null,
        fromAt: q.from === undefined ? null : danishMidnight(q.from),
        toAt: q.to === undefined ? null : danishMidnight(q.to, 1),
        kinds: q.kinds && q.kinds.length > 0 ? JSON.stringify(q.kinds) : null,
        limit: q.limit ?? 100,
      }) as AuditRow[];
    },
    /** The parties a person filter found (whose history was looked up), by case. */
    matchedParties(q: AuditQuery): PartyRef[] {
      const rows = matchingParties.all(params(q)) as { case_number: string; party_id: string }[];
      return rows.map((r) => ({ caseNumber: r.case_number, partyId: r.party_id }));
    },
    /** The current names of these parties; a party its case no longer has is left out. */
    names(refs: readonly PartyRef[]): PartyName[] {
      if (refs.length === 0) return [];
      const rows = names.all({ refs: JSON.stringify(refs.map((r) => [r.caseNumber, r.partyId])) }) as {
        case_number: string;
        party_id: string;
        name: string;
      }[];
      return rows.map((r) => ({ caseNumber: r.case_number, partyId: r.party_id, name: r.name }));
    },
  };
}

/** The parties an entry's details name (recipients, a finding's party), for showing their names. */
export function partiesNamed(details: Record<string, unknown>): string[] {
  const ids: unknown[] = [details.recipientPartyId];
  for (const key of ['recipients', 'previousRecipients', 'findings']) {
    const list = details[key];
    if (!Array.isArray(list)) continue;
    for (const item of list)
      ids.push(typeof item === 'object' && item !== null ? (item as { partyId?: unknown }).partyId : item);
  }
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}
