import {
  bool,
  list,
  num,
  recipientsOf,
  record,
  str,
  type EntryContext,
  type HistoryEntry,
} from './entry-read';

/** One line that says what happened, in the words of the kind: shown in the results table. */
export function entrySummary(entry: HistoryEntry, ctx: EntryContext): string {
  const { t } = ctx;
  const s = t.summary;
  const d = entry.details;
  const name = (id: string) => ctx.name(entry.caseNumber, id);
  const type = str(d.documentType);
  const typeText = type ? ctx.typeLabel(type) : null;
  const to = (v: unknown) =>
    t.joinAnd(
      recipientsOf(v).map((r) =>
        r.channel ? s.recipientWithChannel(name(r.partyId), ctx.channelLabel(r.channel)) : name(r.partyId),
      ),
    );

  if (entry.kind.startsWith('outbox.')) {
    const party = str(d.recipientPartyId);
    const parts = [party ? s.outbox(name(party), ctx.channelLabel(str(d.channel) ?? '')) : null];
    const reference = str(d.reference);
    if (reference) parts.push(s.reference(reference));
    const message = str(d.message);
    if (message) parts.push(message);
    const reason = str(d.reason);
    if (reason) parts.push(s.because(reason));
    return parts.filter((p): p is string => !!p).join(' · ');
  }

  switch (entry.kind) {
    case 'document.analysed':
      return s.analysed(str(d.fileName) ?? '', s.pages(num(d.pages) ?? 0), typeText);
    case 'draft.checked':
      return s.checked(
        t.verdicts[str(d.verdict) ?? ''] ?? str(d.verdict) ?? '',
        list(d.findings).length,
        to(d.recipients),
      );
    case 'draft.submitted':
      return s.submitted(typeText ?? '', to(d.recipients), bool(d.approvalRequired) === true);
    case 'near_miss':
      return s.nearMiss(
        t.joinAnd(list(d.changed).map((c) => t.changedParts[String(c)] ?? String(c))),
        list(d.resolvedCodes).length,
      );
    case 'case.viewed':
      return s.viewed;
    case 'history.searched':
      return s.searched(
        t.joinAnd(list(d.filters).map((f) => t.filterNames[String(f)] ?? String(f))),
        num(d.results) ?? 0,
        num(d.matchedPartyCount) ?? 0,
      );
    case 'settings.changed':
      return s.settings(
        list(d.changed)
          .map((c) => t.settingNames[String(c)] ?? String(c))
          .join(', '),
      );
    case 'settings.certificate_password_set':
      return s.certificate;
    case 'policy.loaded':
      return s.policy(str(record(d.policy)?.version) ?? '', bool(d.auditOnly) === true);
    case 'cases.imported':
      return s.imported(num(d.cases) ?? 0, str(d.fileName) ?? s.demoData);
    case 'case.reimported':
      return s.reimported(num(d.partiesBefore) ?? 0, num(d.partiesAfter) ?? 0);
    case 'cases.import_refused':
      return s.importRefused(str(d.fileName) ?? '', num(d.problems) ?? 0);
    case 'draft.discarded':
      return s.discarded;
    default:
      return '';
  }
}
