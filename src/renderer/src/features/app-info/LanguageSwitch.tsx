import { languages, useLanguage, useMessages } from '../../i18n';

/**
 * Dansk or English: one button naming the language not in use, in that language (and marked so, for screen
 * readers). It stays the same element when the language changes, so keyboard focus stays on it.
 */
export function LanguageSwitch() {
  const t = useMessages().language;
  const { language, setLanguage } = useLanguage();
  const other = languages.find((l) => l !== language) ?? 'da';
  return (
    <div className="language-switch" role="group" aria-label={t.label}>
      <button
        type="button"
        lang={other}
        className="language-switch__button"
        data-testid={`language-${other}`}
        onClick={() => setLanguage(other)}
      >
        {t.names[other]}
      </button>
    </div>
  );
}
