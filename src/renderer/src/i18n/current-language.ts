/**
 * The language the window shows, for the few formatting helpers that are plain functions rather than components
 * (dates and times). LanguageProvider sets it while rendering, before any child renders, so a helper called during
 * a render always formats in the language of that render.
 */
export type Language = 'da' | 'en';

let current: Language = 'da';

export function setCurrentLanguage(language: Language): void {
  current = language;
}

export function currentLanguage(): Language {
  return current;
}
