import type { Outcome } from './types';

/** The Danish sentence a caseworker sees for each outcome. Code branches on the outcome, people read this. */
export const OUTCOME_MESSAGES: Record<Outcome, string> = {
  ok: 'Dokumentet er læst, og teksten kan kontrolleres.',
  no_text:
    'Dokumentet har ingen tekst, der kan læses (det er måske scannet). Programmet kan ikke kontrollere indholdet; kontrollér det selv, før du sender.',
  needs_password:
    'Dokumentet er beskyttet med en adgangskode. Indtast adgangskoden for at få det kontrolleret.',
  wrong_password: 'Adgangskoden passer ikke til dokumentet. Prøv igen.',
  invalid_pdf:
    'Dokumentet er en beskadiget eller ugyldig PDF-fil og kan ikke læses. Gem eller eksportér det som PDF igen.',
  not_pdf:
    'Filen er ikke en PDF-fil (den kan være tom, et Word-dokument eller et billede). Gem eller eksportér den som PDF først.',
  too_large:
    'Dokumentet er for stort til at blive kontrolleret (for mange sider, for mange data eller for meget hukommelse). Del det op i mindre dokumenter.',
  timeout:
    'Det tog for lang tid at læse dokumentet, så kontrollen blev stoppet. Prøv igen; sker det igen, så gem dokumentet som PDF på ny.',
};
