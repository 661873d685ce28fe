import {
  bool,
  list,
  num,
  plainValue,
  recipientsOf,
  record,
  str,
  type EntryContext,
  type HistoryEntry,
} from './entry-read';

/** One line of an entry's details, by what it shows. */
export type DetailItem =
  | { type: 'text'; label: string; value: string; mono?: boolean }
  | { type: 'list'; label: string; items: string[] }
  | {
      type: 'findings';
      items: { severity: string; severityLabel: string; label: string; concerns: string | null }[];
    }
  | { type: 'acknowledged'; items: { label: string; reason: string }[] }
  | { type: 'note'; text: string };

export interface DetailSection {
  id: string;
  heading: string;
  items: DetailItem[];
}

/** Keys shown in a section of their own, or not at all (the policy stamp is in every entry). */
const SHOWN = new Set([
  'draftId',
  'fileName',
  'sha256',
  'documentSha256',
  'documentType',
  'documentTypeChosen',
  'pages',
  'outcome',
  'passwordRequired',
  'recipients',
  'recipientPartyId',
  'channel',
  'verdict',
  'findings',
  'acknowledged',
  'approvalRequired',
  'delaySeconds',
  'outboxId',
  'messageUUID',
  'from',
  'to',
  'attempt',
  'reference',
  'receivedAt',
  'text',
  'kind',
  'message',
  'sendAfter',
  'nextAttemptAt',
  'by',
  'reason',
  'changed',
  'resolvedCodes',
  'previousCase',
  'previousRecipients',
  'filters',
  'results',
  'matchedPartyCount',
  'matchedParties',
  'more',
  'kinds',
  'policy',
]);

/**
 * An entry's details as sections of labelled Danish values: the document and its hash, the recipients with their
 * channel, the findings with their severity, the acknowledgements with their reasons, the send and its receipt. What
 * the screen has no words for yet is still shown, key by key, under "Øvrige oplysninger".
 */
export function entryDetails(entry: HistoryEntry, ctx: EntryContext): DetailSection[] {
  const { t } = ctx;
  const L = t.details;
  const d = entry.details;
  const name = (id: string) => ctx.name(entry.caseNumber, id);
  const sections: DetailSection[] = [];
  const add = (id: string, heading: string, items: (DetailItem | null)[]) => {
    const kept = items.filter((i): i is DetailItem => i !== null);
    if (kept.length > 0) sections.push({ id, heading, items: kept });
  };
  const text = (label: string, value: string | null, mono = false): DetailItem | null =>
    value === null || value === '' ? null : { type: 'text', label, value, ...(mono ? { mono } : {}) };
  const yesNo = (v: unknown) => (bool(v) === null ? null : bool(v) ? L.yes : L.no);
  const time = (v: unknown) => (str(v) ? ctx.dateTime(str(v)!) : null);
  const isSearch = entry.kind === 'history.searched';

  // The dialog's heading already names the kind.
  add('entry', L.sections.entry, [
    text(L.at, ctx.dateTime(entry.at)),
    text(L.actor, entry.actor),
    text(L.case, entry.caseNumber),
    text(L.seq, String(entry.seq)),
  ]);

  const type = str(d.documentType);
  const chosen = bool(d.documentTypeChosen);
  add('document', L.sections.document, [
    text(L.file, str(d.fileName)),
    text(L.documentType, type && !isSearch ? ctx.typeLabel(type) : null),
    chosen === null ? null : { type: 'note', text: chosen ? L.typeChosen : L.typeRecognised },
    text(L.sha256, str(d.documentSha256) ?? str(d.sha256), true),
    text(L.pages, num(d.pages) === null ? null : String(num(d.pages))),
    text(
      L.outcome,
      str(d.outcome) ? (t.outcomes[str(d.outcome) as keyof typeof t.outcomes] ?? str(d.outcome)) : null,
    ),
    text(L.passwordRequired, d.passwordRequired === true ? L.yes : null),
  ]);

  const recipients = recipientsOf(d.recipients);
  const single = str(d.recipientPartyId);
  const channelText = (c: string | null) => (c ? ` – ${ctx.channelLabel(c)}` : '');
  add('recipients', L.sections.recipients, [
    recipients.length > 0
      ? {
          type: 'list',
          label: L.recipientsLabel(recipients.length),
          items: recipients.map((r) => `${name(r.partyId)}${channelText(r.channel)}`),
        }
      : single
        ? {
            type: 'list',
            label: L.recipientsLabel(1),
            items: [`${name(single)}${channelText(str(d.channel))}`],
          }
        : null,
  ]);

  const verdict = str(d.verdict);
  const delay = num(d.delaySeconds);
  add('check', L.sections.check, [
    text(L.verdict, verdict ? (t.verdicts[verdict] ?? verdict) : null),
    text(L.approvalRequired, yesNo(d.approvalRequired)),
    text(L.delay, delay === null ? null : L.seconds(delay)),
    text(
      L.changed,
      list(d.changed)
        .map((c) => t.changedParts[String(c)] ?? String(c))
        .join(', ') || null,
    ),
    list(d.resolvedCodes).length > 0
      ? {
          type: 'list',
          label: L.resolved,
          items: list(d.resolvedCodes).map((c) => t.findingCodes[String(c)] ?? String(c)),
        }
      : null,
    text(L.previousCase, str(d.previousCase)),
    list(d.previousRecipients).length > 0
      ? {
          type: 'list',
          label: L.previousRecipients,
          items: recipientsOf(d.previousRecipients).map((r) => name(r.partyId)),
        }
      : null,
  ]);

  if (Array.isArray(d.findings)) {
    const items = list(d.findings).map((f) => {
      const r = record(f);
      const code = str(r?.code) ?? '';
      const severity = str(r?.severity) ?? '';
      const party = str(r?.partyId);
      return {
        severity,
        severityLabel: ctx.severityLabel(severity),
        label: t.findingCodes[code] ?? code,
        concerns: party ? L.concerns(name(party)) : null,
      };
    });
    add('findings', L.sections.findings, [
      items.length > 0 ? { type: 'findings', items } : { type: 'note', text: L.noFindings },
    ]);
  }

  const acks = list(d.acknowledged).flatMap((a) => {
    const r = record(a);
    const code = str(r?.code);
    return code ? [{ label: t.findingCodes[code] ?? code, reason: str(r?.reason) ?? '' }] : [];
  });
  add('acknowledged', L.sections.acknowledged, [
    acks.length > 0 ? { type: 'acknowledged', items: acks } : null,
  ]);

  const from = str(d.from);
  const to = str(d.to);
  const state = (s: string) => t.states[s as keyof typeof t.states] ?? s;
  add('sending', L.sections.sending, [
    text(L.outboxId, str(d.outboxId), true),
    text(L.messageUUID, str(d.messageUUID), true),
    !isSearch && from && to ? text(L.change, L.stateChange(state(from), state(to))) : null,
    text(L.attempt, num(d.attempt) === null ? null : String(num(d.attempt))),
    text(L.error, str(d.message)),
    text(L.sendAfter, time(d.sendAfter)),
    text(L.nextAttemptAt, time(d.nextAttemptAt)),
    text(L.by, str(d.by)),
    text(L.reason, str(d.reason)),
  ]);

  add('receipt', L.sections.receipt, [
    text(L.reference, str(d.reference), true),
    text(L.receivedAt, time(d.receivedAt)),
    text(L.receiptText, str(d.text)),
  ]);

  if (isSearch) {
    const matched = list(d.matchedParties).flatMap((m) => {
      const r = record(m);
      const c = str(r?.caseNumber);
      const p = str(r?.partyId);
      return c && p ? [L.matchedParty(c, p)] : [];
    });
    add('search', L.sections.search, [
      text(L.filters, t.joinAnd(list(d.filters).map((f) => t.filterNames[String(f)] ?? String(f)))),
      text(L.documentType, type ? ctx.typeLabel(type) : null),
      text(t.search.from, from),
      text(t.search.to, to),
      text(
        t.search.group,
        list(d.kinds)
          .map((k) => t.kinds[String(k)] ?? String(k))
          .join(', ') || null,
      ),
      text(L.results, num(d.results) === null ? null : String(num(d.results))),
      text(L.more, bool(d.more) === null ? null : d.more ? L.morePage : L.firstPage),
      matched.length > 0 ? { type: 'list', label: L.matched, items: matched } : null,
      text(L.matched, matched.length === 0 ? String(num(d.matchedPartyCount) ?? 0) : null),
    ]);
  }

  const other = Object.entries(d).filter(([k]) => !SHOWN.has(k));
  add(
    'other',
    L.sections.other,
    other.map(([k, v]) => text(k, plainValue(t, v))),
  );

  const policy = record(d.policy);
  add('chain', L.sections.chain, [
    text(L.policy, str(policy?.version) ? L.policyVersion(str(policy?.version)!) : null),
    text(L.hash, entry.hash, true),
  ]);
  return sections;
}
