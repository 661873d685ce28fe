import type { OutboxItemView } from '../../../../shared/domain/outbox';
import type { AppErrorData } from '../../../../shared/result';
import type { ConnectorStatus } from './outbox-context';

export type Connection =
  | { tone: 'loading' }
  | { tone: 'unknown'; reason: string }
  | { tone: 'ready' | 'offline'; reason: string; kind: ConnectorStatus['kind'] };

/**
 * What the header says about the way to Digital Post. Not ready when the connector did not open (its Danish reason
 * from the backend); also "no connection" while a send waits because its last attempt could not reach the
 * connector (an `offline` error: a folder that is gone, a network that is down), with that attempt's reason: the
 * connector opened, but nothing gets through.
 */
export function connectionOf(
  connector: ConnectorStatus | null,
  items: readonly OutboxItemView[] | null,
  error: AppErrorData | null,
): Connection {
  if (connector === null) return error ? { tone: 'unknown', reason: error.message } : { tone: 'loading' };
  if (!connector.ready) return { tone: 'offline', reason: connector.message, kind: connector.kind };
  const waiting = (items ?? [])
    .filter((i) => i.entry.state === 'queued' && i.entry.lastError?.kind === 'offline')
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0];
  if (waiting?.entry.lastError) {
    return { tone: 'offline', reason: waiting.entry.lastError.message, kind: connector.kind };
  }
  return { tone: 'ready', reason: connector.message, kind: connector.kind };
}
