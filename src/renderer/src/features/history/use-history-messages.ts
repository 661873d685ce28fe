import { useMessages, type Messages } from '../../i18n';
import { daHistory, type HistoryMessages } from '../../i18n/da-history';

/**
 * The history screen's texts: `history` of the current language's table once `da` (and a later English table)
 * carries it, the Danish texts until then.
 */
export function useHistoryMessages(): HistoryMessages {
  const messages = useMessages() as Messages & { history?: HistoryMessages };
  return messages.history ?? daHistory;
}
