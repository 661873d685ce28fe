import { createContext, useContext } from 'react';
import { da, type Messages } from './da';

export type { Messages } from './da';

/**
 * The texts of the current language. Danish is the default and, for now, the only table; a language switch later
 * provides another `Messages` object through this context without touching the components.
 */
export const MessagesContext = createContext<Messages>(da);

export function useMessages(): Messages {
  return useContext(MessagesContext);
}
