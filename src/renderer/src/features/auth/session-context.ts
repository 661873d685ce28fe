import { createContext, useContext } from 'react';
import type { User } from '../../../../shared/domain/users';
import type { AppErrorData } from '../../../../shared/result';

/**
 * Who is signed in, for the header. `user` is null in the fixed mode (the CLI's single identity, some tests): the
 * header then names the person from getAppInfo, as before, and offers no "Log ud".
 */
export interface SessionInfo {
  user: User | null;
  /** Ends the session ("Log ud"); resolves with the error when the backend did not sign the user out. */
  signOut: () => Promise<AppErrorData | null>;
}

export const SessionContext = createContext<SessionInfo>({
  user: null,
  signOut: () => Promise.resolve(null),
});

export function useSession(): SessionInfo {
  return useContext(SessionContext);
}
