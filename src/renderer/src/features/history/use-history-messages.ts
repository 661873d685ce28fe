import { useMessages } from '../../i18n';
import type { HistoryMessages } from '../../i18n/da-history';

/** The history screen's texts in the current language. */
export function useHistoryMessages(): HistoryMessages {
  return useMessages().history;
}
