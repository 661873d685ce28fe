import {
  createContext,
  createElement,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { da, type Messages } from './da';
import { setCurrentLanguage, type Language } from './current-language';
import { en } from './en';

export type { Messages } from './da';

export type { Language } from './current-language';
export const languages = ['da', 'en'] as const satisfies readonly Language[];

const TABLES: Record<Language, Messages> = { da, en };

/** Where the caseworker's choice is kept: this computer's window storage, not the shared store (it is a preference). */
export const LANGUAGE_STORAGE_KEY = 'sendeassistent.sprog';

/**
 * The texts of the current language. Danish is the default; the switch in the header changes the table through
 * this context without touching the components.
 */
export const MessagesContext = createContext<Messages>(da);

interface LanguageChoice {
  language: Language;
  setLanguage: (language: Language) => void;
}

const LanguageContext = createContext<LanguageChoice>({ language: 'da', setLanguage: () => undefined });

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The stored choice, or Danish; storage that cannot be read (disabled, corrupt) means Danish, never a crash. */
function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : 'da';
  } catch {
    return 'da';
  }
}

function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // The choice then lasts until the window closes; the window still switches.
  }
}

/** Provides the chosen language's texts and keeps `<html lang>` true, so screen readers pronounce them right. */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);
  setCurrentLanguage(language);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const choice = useMemo<LanguageChoice>(
    () => ({
      language,
      setLanguage: (next) => {
        storeLanguage(next);
        setLanguageState(next);
      },
    }),
    [language],
  );
  return createElement(
    LanguageContext.Provider,
    { value: choice },
    createElement(MessagesContext.Provider, { value: TABLES[language] }, children),
  );
}

export function useMessages(): Messages {
  return useContext(MessagesContext);
}

export function useLanguage(): LanguageChoice {
  return useContext(LanguageContext);
}
