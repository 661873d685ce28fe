/**
 * The one list of error codes that may cross the boundary between backend and window, each with the Danish
 * message a caseworker sees. Code branches on `code`; people read `message`.
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED:
    'Forespørgslen havde et ugyldigt indhold og blev afvist. Prøv igen; sker det igen, kontakt IT.',
  INTERNAL:
    'Der skete en uventet fejl i programmet. Intet er sendt. Prøv igen, og kontakt IT, hvis fejlen gentager sig.',
  NOT_FOUND: 'Det, du bad om, findes ikke (længere). Opdater visningen og prøv igen.',
  UNAUTHENTICATED: 'Du er ikke logget ind. Log ind og prøv igen.',
  FORBIDDEN: 'Du har ikke adgang til denne handling.',
  DB_KEY_INVALID:
    'Den lokale database kunne ikke åbnes med den gemte nøgle. Intet er ændret i filen. Kontakt IT for at gendanne adgangen med en adgangsfrase.',
  DB_CORRUPT:
    'Den lokale database er beskadiget og kan ikke bruges. Intet er ændret i filen. Kontakt IT, som kan gendanne den fra en sikkerhedskopi.',
  DB_TOO_NEW:
    'Den lokale database er lavet af en nyere version af Sendeassistent. Installér den nyeste version; filen er ikke ændret.',
  KEYSTORE_UNAVAILABLE:
    'Styresystemets sikre nøglelager er ikke tilgængeligt, så databasen kan ikke krypteres. Programmet starter ikke uden. Kontakt IT.',
  DOCUMENT_UNREADABLE: 'Dokumentet kunne ikke læses. Kontrollér, at det er en gyldig PDF-fil.',
  CHECK_BLOCKED:
    'Kontrollen har fundet et problem, som forhindrer afsendelse. Ret dokumentet, sagen eller modtagerne.',
  RECIPIENT_NOT_ELIGIBLE: 'En valgt modtager må ikke modtage denne dokumenttype på sagen.',
  APPROVAL_REQUIRED: 'Afsendelsen kræver godkendelse fra en anden medarbejder (leder) først.',
  APPROVAL_INVALID:
    'Godkendelsen passer ikke længere til forsendelsen og kan ikke bruges. Anmod om en ny godkendelse.',
  WARNING_NOT_ACKNOWLEDGED:
    'Kontrollen har fundet advarsler, som du skal bekræfte med en begrundelse, før der kan sendes.',
  DOCUMENT_PASSWORD_PROTECTED:
    'PDF-filen kræver en adgangskode for at blive åbnet, så modtageren kan ikke læse den. Gem den uden adgangskode, og træk den ind igen.',
  RECIPIENT_ADDRESS_MISSING:
    'En modtager skal have brevet med fysisk post, men sagen har ingen postadresse på modtageren. Ret sagen, før der sendes.',
  SETTINGS_INCOMPLETE:
    'Afsenderens CVR-nummer og navn samt sagssystemet skal være udfyldt i indstillingerne, før der kan sendes. Kontakt IT.',
  MEMO_INVALID:
    'Forsendelsen kunne ikke dannes korrekt til Digital Post (MeMo). Intet er sendt. Kontakt IT, og oplys tidspunktet.',
  DRAFT_SUBMITTED: 'Kladden er allerede sendt af sted eller sat i kø. Se den i udbakken.',
  CONNECTOR_UNAVAILABLE:
    'Der er ikke forbindelse til Digital Post lige nu. Forsendelsen venter og sendes, når der er forbindelse.',
  SEND_REFUSED: 'Digital Post afviste forsendelsen. Se detaljerne i udbakken.',
  PAYLOAD_TOO_LARGE: 'Filen eller forespørgslen er for stor til at blive modtaget.',
  PAYLOAD_EMPTY: 'Filen er tom (0 byte). Vælg en anden fil.',
  UNSUPPORTED_MEDIA_TYPE: 'Forespørgslen havde en forkert indholdstype og blev afvist.',
  SHARED_FOLDER_UNAVAILABLE:
    'Den fælles mappe til godkendelser er ikke sat op, eller den kan ikke nås lige nu. Prøv igen, eller kontakt IT.',
  CANCELLED: 'Kontrollen af dokumentet blev afbrudt. Træk dokumentet ind igen for at starte forfra.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as ErrorCode[];

export interface AppErrorData {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** An error a handler throws on purpose. `detail` is for logs only and must not hold personal data. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, detail?: string) {
    super(ERROR_MESSAGES[code]);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, value);
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode): Result<never> {
  return { ok: false, error: { code, message: ERROR_MESSAGES[code] } };
}
