import { useMemo } from 'react';
import { useMessages } from '../../i18n';
import { formatDateTime } from '../send/format-time';
import type { EntryContext } from './entry-read';
import { nameKey } from './use-history-search';
import { useHistoryMessages } from './use-history-messages';

/** The names and labels an entry refers to by key: parties by id, document types, channels and severities. */
export function useEntryContext(
  names: ReadonlyMap<string, string>,
  typeLabel: (key: string) => string,
): EntryContext {
  const t = useHistoryMessages();
  const send = useMessages().send;
  return useMemo(
    () => ({
      t,
      name: (caseNumber, partyId) =>
        (caseNumber === null ? undefined : names.get(nameKey(caseNumber, partyId))) ??
        t.details.unknownParty(partyId),
      typeLabel,
      channelLabel: (channel) =>
        send.recipients.channel[channel as keyof typeof send.recipients.channel] ?? channel,
      severityLabel: (severity) =>
        send.findings.severity[severity as keyof typeof send.findings.severity] ?? severity,
      dateTime: formatDateTime,
    }),
    [t, send, names, typeLabel],
  );
}
