import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { OutboxItemView } from '../../../../shared/domain/outbox';
import type { AppErrorData } from '../../../../shared/result';
import { callApi, onApiEvent } from '../../api';

export type ConnectorStatus = OutputOf<'listOutbox'>['connector'];

export interface OutboxState {
  /** Null until the first answer. */
  items: readonly OutboxItemView[] | null;
  connector: ConnectorStatus | null;
  /** The last failed look; the last good answer stays in `items`. */
  error: AppErrorData | null;
  /**
   * The backend's clock minus this window's, in ms: `sendAfter` is on the backend's clock. In the app both run on
   * the same machine (0); the harness runs the backend on the demo date. Measured from the last `outbox:changed`
   * event, which is sent as the change commits; 0 until one has arrived (outbox:list does not say the backend's
   * time).
   */
  skewMs: number;
  refresh: () => void;
  /** The row as an action answered it, applied at once rather than at the next look. */
  apply: (item: OutboxItemView) => void;
}

const OutboxContext = createContext<OutboxState | null>(null);

/** While the connection is down (or unknown) the status is asked for often, so "klar" shows soon after a start. */
const FAST_MS = 5_000;
const SLOW_MS = 30_000;
/** Events come in bursts (one per recipient): the list, for the connector's status, is asked once after them. */
const AFTER_EVENT_MS = 750;

/** The newer of two copies of a row (an event and a list answer can cross). */
const newer = (a: OutboxItemView, b: OutboxItemView) => (b.updatedAt >= a.updatedAt ? b : a);

/**
 * The outbox rows and the connector's status for the whole window: the outbox screen, the header's connection
 * indicator and the drafts screen (which hides drafts already sent) read the same state. `outbox:changed` updates
 * a row at once; the list itself is asked for at start, after events, when the window gets focus, and on a timer
 * (the connector's status has no event of its own).
 */
export function OutboxProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<readonly OutboxItemView[] | null>(null);
  const [connector, setConnector] = useState<ConnectorStatus | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [skewMs, setSkewMs] = useState(0);
  const generation = useRef(0);

  const load = useCallback(() => {
    const mine = ++generation.current;
    void callApi((api) => api.listOutbox({})).then((result) => {
      if (mine !== generation.current) return;
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(null);
      setConnector(result.value.connector);
      setItems((prev) => {
        const local = new Map((prev ?? []).map((i) => [i.id, i]));
        return result.value.items.map((i) => newer(i, local.get(i.id) ?? i));
      });
    });
  }, []);

  const apply = useCallback((item: OutboxItemView) => {
    setItems((prev) => {
      if (prev === null) return [item];
      const at = prev.findIndex((i) => i.id === item.id);
      if (at < 0) return [item, ...prev];
      const next = [...prev];
      next[at] = newer(prev[at]!, item);
      return next;
    });
  }, []);

  useEffect(() => {
    load();
    let timer: number | undefined;
    const off = onApiEvent('outbox:changed', ({ item }) => {
      setSkewMs(Date.parse(item.updatedAt) - Date.now());
      apply(item);
      window.clearTimeout(timer);
      timer = window.setTimeout(load, AFTER_EVENT_MS);
    });
    window.addEventListener('focus', load);
    return () => {
      off();
      window.clearTimeout(timer);
      window.removeEventListener('focus', load);
    };
  }, [load, apply]);

  const fast = connector === null || !connector.ready || error !== null;
  useEffect(() => {
    const timer = window.setInterval(load, fast ? FAST_MS : SLOW_MS);
    return () => window.clearInterval(timer);
  }, [fast, load]);

  const value = useMemo<OutboxState>(
    () => ({ items, connector, error, skewMs, refresh: load, apply }),
    [items, connector, error, skewMs, load, apply],
  );
  return <OutboxContext.Provider value={value}>{children}</OutboxContext.Provider>;
}

export function useOutbox(): OutboxState {
  const state = useContext(OutboxContext);
  if (!state) throw new Error('useOutbox needs an OutboxProvider around the app');
  return state;
}
