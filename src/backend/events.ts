import type { EventName, EventPayload } from '../shared/contract';

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;
export type Emit = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** Fan-out of backend push events to whichever host is listening (IPC in the app, SSE in the harness). */
export function createEventBus() {
  const listeners = new Set<EventListener>();
  const emit: Emit = (name, payload) => {
    for (const l of listeners) l(name, payload);
  };
  const subscribe = (listener: EventListener) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return { emit, subscribe };
}
