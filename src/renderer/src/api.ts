import type { Api, EventName, EventPayload, Unsubscribe } from '../../shared/contract';
import { fail, type Result } from '../../shared/result';

/**
 * The window's only way to the backend. `window.api` comes from the preload in the app and from the harness bridge
 * under test; both have the shape of the contract's `Api` type.
 */
function readApi(): Api | undefined {
  return (globalThis as { api?: Api }).api;
}

/** Who wants to know that the backend no longer knows who is signed in (the session gate). */
const unauthenticatedListeners = new Set<() => void>();

/**
 * Calls `listener` whenever a call through `callApi` answers UNAUTHENTICATED: the session ended elsewhere (a
 * restart of the backend, a user disabled). One place hears it, so no screen has to handle it.
 */
export function onUnauthenticated(listener: () => void): Unsubscribe {
  unauthenticatedListeners.add(listener);
  return () => {
    unauthenticatedListeners.delete(listener);
  };
}

/**
 * Runs one call and always settles with a Result: a missing bridge or a transport that throws (it should not)
 * becomes INTERNAL, so every screen handles failure in one way, by error code. UNAUTHENTICATED is also told to the
 * session gate, which takes the window back to the sign-in screen.
 */
export async function callApi<T>(run: (api: Api) => Promise<Result<T>>): Promise<Result<T>> {
  const api = readApi();
  if (!api) return fail('INTERNAL');
  let result: Result<T>;
  try {
    result = await run(api);
  } catch {
    return fail('INTERNAL');
  }
  if (!result.ok && result.error.code === 'UNAUTHENTICATED') {
    for (const listener of [...unauthenticatedListeners]) listener();
  }
  return result;
}

/**
 * Listens to a push event from the backend (`documents:progress`, `outbox:changed`). Without a bridge there are no
 * events, and the screens still work from their calls' answers.
 */
export function onApiEvent<E extends EventName>(
  name: E,
  listener: (payload: EventPayload<E>) => void,
): Unsubscribe {
  const api = readApi();
  if (!api) return () => {};
  return api.onEvent(name, listener);
}
