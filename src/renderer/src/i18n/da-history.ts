import type { DocumentOutcome } from '../../../shared/domain/analysis';
import type { FindingCode } from '../../../shared/domain/findings';
import type { OutboxEventType, OutboxState } from '../../../shared/domain/outbox';
import { SETTINGS_PATH_LABELS } from '../../../shared/domain/settings';

/**
 * The history screen's Danish texts (kept in their own file for size; `daHistory` joins `da` as `history`). Every
 * kind of history entry has a label here; a kind added later without one is shown as "Anden hændelse (<kind>)".
 */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "A", "A og B", "A, B og C". */
const joinAnd = (items: readonly string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} og ${items[items.length - 1]}`;

type OutboxKind = `outbox.${OutboxEventType}`;

const outboxKinds = {
  'outbox.submit': 'Forsendelse oprettet',
  'outbox.enqueue': 'Godkendt og sat i kø',
  'outbox.claim': 'Afsendelse påbegyndt',
  'outbox.request_started': 'Sendes til Digital Post',
  'outbox.delivered': 'Afleveret til Digital Post',
  'outbox.failed': 'Afsendelse mislykkedes',
  'outbox.interrupted': 'Afsendelse afbrudt',
  'outbox.lookup_delivered': 'Opslag: afleveret',
  'outbox.lookup_not_received': 'Opslag: ikke modtaget, sendes igen',
  'outbox.lookup_unavailable': 'Opslag ikke muligt',
  'outbox.resolve_delivered': 'Afklaret: afleveret',
  'outbox.resolve_resend': 'Afklaret: sendes igen',
  'outbox.retry': 'Prøvet igen',
  'outbox.cancel': 'Afsendelse fortrudt',
  'outbox.approve': 'Godkendt af leder',
  'outbox.reject': 'Afvist af leder',
  'outbox.void_approval': 'Godkendelsen gælder ikke længere',
} satisfies Record<OutboxKind, string>;

/** The search form's filter names, as the record of a search (`history.searched`) lists them. */
const filterNames: Record<string, string | undefined> = {
  caseNumber: 'sagsnummer',
  cpr: 'CPR-nummer',
  recipient: 'modtagerens navn',
  documentType: 'dokumenttype',
  from: 'fra dato',
  to: 'til dato',
  kinds: 'hændelser',
};

export const daHistory = {
  heading: 'Historik',
  pageTitle: 'Historik – Sendeassistent',
  intro:
    'Alt, hvad der er kontrolleret, sendt og set i programmet, i den rækkefølge det skete. Historikken kan ikke ændres.',
  search: {
    legend: 'Søg i historikken',
    caseNumber: 'Sagsnummer',
    cpr: 'CPR-nummer',
    cprHint: 'DDMMÅÅ-LLLL. Viser hændelserne om personen i de sager, personen er part i.',
    recipient: 'Modtagerens navn',
    recipientHint: 'Mindst 2 bogstaver af navnet.',
    documentType: 'Dokumenttype',
    anyType: 'Alle typer',
    group: 'Hændelser',
    from: 'Fra dato',
    to: 'Til dato',
    submit: 'Søg',
    clear: 'Nulstil',
    loggedNote:
      'Søger du på CPR-nummer eller navn, gemmes det i historikken, at du har søgt (ikke hvad du skrev).',
    errors: {
      cpr: 'Skriv CPR-nummeret med 10 cifre som DDMMÅÅ-LLLL.',
      recipient: 'Skriv mindst 2 bogstaver af navnet.',
      date: 'Datoen er ikke gyldig. Skriv dag, måned og år, eller vælg datoen i kalenderen.',
      order: 'Til-datoen ligger før fra-datoen. Ret en af dem.',
      summary: (n: number) =>
        n === 1
          ? 'Ret feltet, der er markeret, og søg igen.'
          : `Ret de ${n} felter, der er markeret, og søg igen.`,
    },
  },
  /** Groups of entry kinds for the "Hændelser" filter. */
  groups: {
    all: 'Alle hændelser',
    sends: 'Afsendelser',
    delivered: 'Afleveringer',
    problems: 'Fejl og fortrydelser',
    checks: 'Kontroller',
    approvals: 'Godkendelser',
    users: 'Brugere og login',
    access: 'Opslag i sager og historik',
    admin: 'Indlæsning og indstillinger',
  },
  results: {
    caption: 'Hændelser i historikken, nyeste først',
    count: (n: number, more: boolean) =>
      n === 0
        ? 'Ingen hændelser passer til søgningen.'
        : `Viser ${plural(n, 'hændelse', 'hændelser')}, nyeste først${more ? '. Der er flere.' : '.'}`,
    noneHint: 'Prøv med færre felter udfyldt eller en længere periode.',
    loading: 'Søger i historikken …',
    columns: { at: 'Tidspunkt', kind: 'Hændelse', case: 'Sag', actor: 'Udført af', summary: 'Oversigt' },
    detailsColumn: 'Detaljer',
    details: 'Detaljer',
    detailsFor: (seq: number) => `Detaljer om række ${seq}`,
    row: (seq: number) => `Række ${seq}`,
    more: 'Vis flere',
    loadingMore: 'Henter flere …',
    noCase: '–',
  },
  verify: {
    heading: 'Er historikken hel?',
    explain: 'Kontrollen regner hver rækkes hash efter og ser, om en række er ændret eller mangler.',
    button: 'Kontrollér historikken',
    checking: 'Kontrollerer historikken …',
    intact: (n: number) => `Historikken er intakt (${plural(n, 'række', 'rækker')}).`,
    broken: (seq: number, reason: string) => `Historikken er brudt ved række ${seq}: ${reason}.`,
    brokenNext: 'Kontakt IT. Brug ikke historikken som dokumentation, før det er afklaret.',
    showRow: (seq: number) => `Vis række ${seq}`,
  },
  kinds: {
    'cases.imported': 'Sager indlæst',
    'case.reimported': 'Sag opdateret ved indlæsning',
    'cases.import_refused': 'Sagsfil afvist',
    'case.viewed': 'Sag åbnet',
    'document.analysed': 'Dokument læst',
    'draft.checked': 'Brev kontrolleret',
    near_miss: 'Fejl rettet før afsendelse',
    'draft.discarded': 'Kladde kasseret',
    'draft.submitted': 'Afsendelse bestilt',
    ...outboxKinds,
    'settings.changed': 'Indstillinger ændret',
    'settings.certificate_password_set': 'Certifikatets adgangskode gemt',
    'policy.loaded': 'Regelsæt taget i brug',
    'history.searched': 'Historikken søgt efter person',
    'user.created': 'Bruger oprettet',
    'user.signed_in': 'Logget ind',
    'user.signed_out': 'Logget ud',
    'user.sign_in_failed': 'Mislykket login',
    'user.locked_out': 'Bruger spærret efter for mange forsøg',
    'user.password_changed': 'Adgangskode skiftet',
    'user.password_reset': 'Adgangskode nulstillet af administrator',
    'approval.requested': 'Godkendelse anmodet',
    'approval.approved': 'Godkendt af leder',
    'approval.rejected': 'Afvist af leder',
    'approval.expired': 'Anmodning om godkendelse udløbet',
    'approval.voided': 'Godkendelsen gælder ikke længere',
    'approval.released': 'Godkendt forsendelse sat i kø',
    'approval.received': 'Anmodning modtaget fra en anden computer',
    'approval.withdrawn': 'Anmodning fra en anden computer trukket tilbage',
    'approval.file_refused': 'Fil i den fælles mappe afvist',
    'approval.roster_issued': 'Brugerliste udstedt',
    'approval.roster_imported': 'Brugerliste modtaget',
    'approval.admin_key_pinned': 'Administratornøgle fastlagt',
  } as Record<string, string | undefined>,
  otherKind: (kind: string) => `Anden hændelse (${kind})`,
  summary: {
    analysed: (file: string, pages: string, type: string | null) =>
      `${file} · ${pages}${type ? ` · ${type}` : ' · typen blev ikke genkendt'}`,
    pages: (n: number) => plural(n, 'side', 'sider'),
    checked: (verdict: string, findings: number, to: string) =>
      `${verdict} · ${plural(findings, 'fund', 'fund')}${to ? ` · til ${to}` : ''}`,
    submitted: (type: string, to: string, approval: boolean) =>
      `${type} til ${to}${approval ? ' · skal godkendes' : ''}`,
    recipientWithChannel: (name: string, channel: string) => `${name} (${channel})`,
    outbox: (name: string, channel: string) => `${name} · ${channel}`,
    reference: (ref: string) => `Reference ${ref}`,
    because: (reason: string) => `Begrundelse: ${reason}`,
    nearMiss: (changed: string, resolved: number) =>
      `Ændrede ${changed}, så ${plural(resolved, 'fund', 'fund')} forsvandt`,
    viewed: 'Sagens parter og deres CPR-numre blev vist',
    searched: (filters: string, results: number, parties: number) =>
      `Søgt på ${filters} · ${plural(results, 'resultat', 'resultater')} · ${plural(parties, 'part', 'parter')} fundet`,
    settings: (fields: string) => `Ændret: ${fields}`,
    policy: (version: string, auditOnly: boolean) =>
      `Version ${version}${auditOnly ? ' · prøvedrift (kun historik)' : ''}`,
    imported: (cases: number, from: string) => `${plural(cases, 'sag', 'sager')} fra ${from}`,
    demoData: 'demodata',
    reimported: (before: number, after: number) => `Parter før: ${before}, efter: ${after}`,
    importRefused: (file: string, problems: number) => `${file}: ${plural(problems, 'fejl', 'fejl')}`,
    discarded: 'Kladden blev kasseret',
    certificate: 'Adgangskoden er gemt krypteret; den står ikke i historikken',
  },
  changedParts: { document: 'dokumentet', case: 'sagen', recipients: 'modtagerne' } as Record<
    string,
    string | undefined
  >,
  filterNames,
  /** Settings by their path (`sendDelaySeconds`), as the record of a change lists them. */
  settingNames: SETTINGS_PATH_LABELS as Record<string, string | undefined>,
  joinAnd,
  verdicts: { ok: 'I orden', warn: 'Advarsler', block: 'Blokeret' } as Record<string, string | undefined>,
  outcomes: {
    ok: 'Læst',
    no_text: 'Ingen tekst (scannet)',
    needs_password: 'Kræver adgangskode',
    wrong_password: 'Forkert adgangskode',
    invalid_pdf: 'Ugyldig PDF',
    not_pdf: 'Ikke en PDF',
    too_large: 'For stor',
    timeout: 'Tog for lang tid',
  } satisfies Record<DocumentOutcome, string>,
  states: {
    draft: 'Kladde',
    awaiting_approval: 'Afventer godkendelse',
    approved: 'Godkendt',
    queued: 'Venter på afsendelse',
    sending: 'Sendes',
    sent: 'Sendt',
    failed_retryable: 'Fejlede – prøves igen',
    failed_permanent: 'Afvist af Digital Post',
    unknown: 'Uvist om modtaget',
    cancelled: 'Annulleret',
  } satisfies Record<OutboxState, string>,
  findingCodes: {
    CASE_NUMBER_MISMATCH: 'Dokumentet nævner et andet sagsnummer',
    SUBJECT_MISMATCH: 'Dokumentet handler om en anden person',
    UNKNOWN_CPR: 'Ukendt CPR-nummer i dokumentet',
    THIRD_PARTY_CPR: 'En anden persons CPR-nummer i dokumentet',
    ADDRESSEE_MISMATCH: 'Brevet er stilet til en anden end modtageren',
    PROTECTED_ADDRESS_LEAK: 'Beskyttet adresse i dokumentet',
    RECIPIENT_NOT_ELIGIBLE: 'Modtageren må ikke få dokumentet',
    REPRESENTATION_EXPIRED: 'Partsrepræsentationen er udløbet',
    NO_TEXT_LAYER: 'Dokumentet har sider uden tekst',
    UNCHECKED_CONTENT: 'Indhold, der ikke kunne kontrolleres',
    TYPE_UNCERTAIN: 'Dokumenttypen er usikker',
    CASE_DATA_STALE: 'Sagens oplysninger er gamle',
  } satisfies Record<FindingCode, string> as Record<string, string | undefined>,
  details: {
    close: 'Luk',
    sections: {
      entry: 'Hændelsen',
      document: 'Dokumentet',
      recipients: 'Modtagere',
      check: 'Kontrollen',
      findings: 'Fund',
      acknowledged: 'Bekræftede advarsler',
      sending: 'Forsendelsen',
      receipt: 'Kvittering',
      search: 'Søgningen',
      other: 'Øvrige oplysninger',
      chain: 'Kæden',
    },
    seq: 'Række',
    at: 'Tidspunkt',
    actor: 'Udført af',
    case: 'Sag',
    file: 'Fil',
    documentType: 'Dokumenttype',
    typeChosen: 'Typen er valgt af sagsbehandleren',
    typeRecognised: 'Typen er genkendt af programmet',
    sha256: 'Dokumentets SHA-256',
    pages: 'Sider',
    outcome: 'Læsning',
    passwordRequired: 'Krævede adgangskode',
    verdict: 'Resultat',
    approvalRequired: 'Skal godkendes af en kollega',
    delay: 'Forsinkelse før afsendelse',
    seconds: (n: number) => plural(n, 'sekund', 'sekunder'),
    noFindings: 'Kontrollen fandt ingen problemer.',
    concerns: (name: string) => `Gælder: ${name}`,
    because: (reason: string) => `Begrundelse: ${reason}`,
    unknownParty: (id: string) => `Part ${id} (findes ikke længere i sagen)`,
    recipientsLabel: (n: number) => (n === 1 ? 'Modtager' : `${n} modtagere`),
    outboxId: 'Forsendelsens id',
    messageUUID: 'MeMo-besked-id (messageUUID)',
    change: 'Status',
    stateChange: (from: string, to: string) => `${from} → ${to}`,
    attempt: 'Forsøg nr.',
    reference: 'Reference',
    receivedAt: 'Afleveret',
    receiptText: 'Besked fra Digital Post',
    error: 'Fejl',
    sendAfter: 'Sendes tidligst',
    nextAttemptAt: 'Næste forsøg',
    by: 'Besluttet af',
    reason: 'Begrundelse',
    changed: 'Ændret',
    resolved: 'Fund, der forsvandt',
    previousCase: 'Sag før',
    previousRecipients: 'Modtagere før',
    filters: 'Søgt på',
    results: 'Resultater',
    matched: 'Fundne parter',
    matchedParty: (caseNumber: string, partyId: string) => `Part ${partyId} i sag ${caseNumber}`,
    more: 'Side',
    morePage: 'En følgende side (Vis flere)',
    firstPage: 'Første side',
    policy: 'Regelsæt',
    policyVersion: (version: string) => `Version ${version}`,
    hash: 'Rækkens hash',
    yes: 'Ja',
    no: 'Nej',
  },
};

export type HistoryMessages = typeof daHistory;
