import type {
  caseAreas,
  digitalPostStatuses,
  guardianScopes,
  partyRoles,
} from '../../../shared/domain/case-file';
import type { DocumentOutcome } from '../../../shared/domain/analysis';
import type { FindingCode } from '../../../shared/domain/findings';
import type { UserRole } from '../../../shared/domain/users';
import type { ErrorCode } from '../../../shared/result';
import { approvalsMessages } from './da-approvals';
import { draftsMessages } from './da-drafts';
import { daHistory } from './da-history';
import { outboxMessages } from './da-outbox';
import { sendMessages } from './da-send';
import { settingsMessages } from './da-settings';
import { usersMessages } from './da-users';

/**
 * Every Danish text the window shows, in one place. Error messages are the exception: they come from the backend
 * with each error code (shared/result.ts), so the window never words an error differently from the CLI.
 *
 * An English table later implements the same `Messages` type; the `satisfies` clauses make a missing role, area
 * or status a compile error rather than a blank cell.
 */

type CaseArea = (typeof caseAreas)[number];
type PartyRole = (typeof partyRoles)[number];
type DigitalPostStatus = (typeof digitalPostStatuses)[number];
type GuardianScope = (typeof guardianScopes)[number];

const countOf = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const da = {
  app: {
    name: 'Sendeassistent',
    skipToContent: 'Gå til indhold',
    userLabel: 'Bruger',
    versionLabel: 'Version',
    infoLoading: 'Henter brugeroplysninger …',
    pageTitle: (page: string) => `${page} – Sendeassistent`,
  },
  language: {
    /** The switch in the header; each language is named in its own language. */
    label: 'Sprog',
    names: { da: 'Dansk', en: 'English' },
  },
  auditOnly: {
    heading: 'Prøvedrift (kun historik)',
    text: 'IT har slået prøvedrift til: fund i dokumentets indhold (sagsnumre, CPR-numre, navne, dokumenttype) vises og gemmes i historikken, men stopper ikke afsendelsen. Modtagerregler, adressebeskyttelse og godkendelse gælder som altid.',
  },
  /** Signing in, the first run's admin, the idle lock, and who is signed in (the header). */
  auth: {
    loading: 'Åbner Sendeassistent …',
    roles: {
      caseworker: 'Sagsbehandler',
      supervisor: 'Leder',
      admin: 'Administrator',
    } satisfies Record<UserRole, string>,
    roleLabel: 'Rolle',
    signOut: 'Log ud',
    signIn: {
      heading: 'Log ind',
      intro: 'Log ind med dit brugernavn og din adgangskode.',
      username: 'Brugernavn',
      password: 'Adgangskode',
      submit: 'Log ind',
      busy: 'Logger ind …',
      usernameEmpty: 'Skriv dit brugernavn.',
      passwordEmpty: 'Skriv din adgangskode.',
      /** Never says which of the two was wrong. */
      wrong: 'Forkert brugernavn eller adgangskode.',
      locked: (when: string) =>
        `Brugeren er låst, fordi adgangskoden blev skrevet forkert for mange gange. Vent til kl. ${when}, og prøv igen – eller kontakt IT, hvis du har glemt din adgangskode.`,
      lockedNoTime:
        'Brugeren er låst, fordi adgangskoden blev skrevet forkert for mange gange. Vent et kvarter, og prøv igen – eller kontakt IT, hvis du har glemt din adgangskode.',
      disabled: 'Brugeren er spærret og kan ikke logge ind. Kontakt IT.',
    },
    /** Why the sign-in screen is shown again. */
    notice: {
      idle: (n: number) =>
        `Vinduet blev låst efter ${countOf(n, 'minut', 'minutter')} uden aktivitet. Log ind igen – dine kladder er gemt.`,
      ended:
        'Du er ikke længere logget ind (for eksempel fordi programmet blev startet igen). Log ind igen – dine kladder er gemt.',
      signedOut: 'Du er logget ud.',
      alreadySetUp: 'Sendeassistent har allerede en administrator. Log ind.',
    },
    firstRun: {
      heading: 'Opret administrator',
      intro:
        'Sendeassistent er ny på denne computer. Opret den første bruger: administratoren, som opretter de andre brugere. Du bliver logget ind, når administratoren er oprettet.',
      username: 'Brugernavn',
      usernameHint: '2–64 tegn: bogstaver, tal og . _ @ -',
      displayName: 'Fulde navn',
      displayNameHint: 'Vises i programmet og i historikken.',
      password: 'Adgangskode',
      passwordHint: (n: number) => `Mindst ${countOf(n, 'tegn', 'tegn')}.`,
      repeat: 'Gentag adgangskoden',
      submit: 'Opret administrator og log ind',
      busy: 'Opretter administratoren …',
      usernameEmpty: 'Skriv et brugernavn.',
      usernameInvalid: 'Brugernavnet skal have 2–64 tegn og må kun indeholde bogstaver, tal og . _ @ -',
      displayNameEmpty: 'Skriv administratorens fulde navn.',
      passwordShort: (n: number) => `Adgangskoden skal have mindst ${countOf(n, 'tegn', 'tegn')}.`,
      repeatMismatch: 'De to adgangskoder er ikke ens. Skriv den samme adgangskode i begge felter.',
    },
    demo: {
      heading: 'Demo-brugere',
      intro:
        'Dette er demo-data. Brugerne og deres adgangskoder er offentlige, så du kan prøve hver rolle. De findes aldrig i en rigtig installation.',
      columns: { name: 'Navn', role: 'Rolle', username: 'Brugernavn', password: 'Adgangskode' },
    },
  },
  /**
   * Texts that come from the backend in Danish with a code (errors, a document's outcome, a finding). Danish shows
   * them as they are, so the window never words them differently from the CLI; another language words them by code.
   */
  backend: {
    error: (_code: ErrorCode, danish: string) => danish,
    outcome: (_outcome: DocumentOutcome | 'read', danish: string) => danish,
    finding: (_code: FindingCode, danish: string) => danish,
  },
  nav: {
    label: 'Hovedmenu',
    send: 'Send',
    cases: 'Sager',
    drafts: 'Kladder',
    outbox: 'Udbakke',
    history: 'Historik',
    settings: 'Indstillinger',
  },
  common: {
    loading: 'Henter …',
    retry: 'Prøv igen',
    none: 'Ingen',
    cancel: 'Annuller',
    reasonLabel: 'Begrundelse',
    reasonTooShort: (n: number) => `Skriv en begrundelse på mindst ${n} tegn.`,
  },
  caseList: {
    heading: 'Sager',
    searchLabel: 'Søg efter sag',
    searchHint: 'Skriv sagsnummer, titel, navn eller CPR-nummer. Listen opdateres, mens du skriver.',
    tableCaption: 'Sager',
    columns: {
      caseNumber: 'Sagsnummer',
      title: 'Titel',
      area: 'Område',
      subject: 'Sagen handler om',
      parties: 'Parter',
      asOf: 'Oplysninger pr.',
    },
    resultCount: (n: number) => (n === 0 ? 'Ingen sager fundet' : `${countOf(n, 'sag', 'sager')} vist`),
    noMatches: 'Ingen sager passer til søgningen. Prøv et andet sagsnummer eller navn.',
    noCases: 'Der er ingen sager endnu.',
  },
  caseDetail: {
    backToList: 'Tilbage til sagslisten',
    caseNumber: 'Sagsnummer',
    area: 'Område',
    asOf: 'Oplysninger pr.',
    relatedCases: 'Relaterede sager',
    partiesHeading: (n: number) => `Parter (${n})`,
    columns: {
      name: 'Navn',
      roles: 'Rolle',
      identity: 'CPR-/CVR-nr.',
      address: 'Adresse',
      digitalPost: 'Digital Post',
      notes: 'Forhold',
    },
    loadingCase: 'Henter sagen …',
    pageTitle: (caseNumber: string) => `Sag ${caseNumber}`,
  },
  areas: {
    children: 'Børn og unge',
    employment: 'Beskæftigelse',
    adult: 'Voksne',
    other: 'Andet',
  } satisfies Record<CaseArea, string>,
  party: {
    roles: {
      subject: 'Part',
      parent: 'Forælder',
      representative: 'Partsrepræsentant',
      guardian: 'Værge',
      professional: 'Fagperson',
      authority: 'Myndighed',
      employer: 'Arbejdsgiver',
      requester: 'Anmoder',
      other: 'Anden',
    } satisfies Record<PartyRole, string>,
    /** In a children's case the party the case is about is the child. */
    subjectInChildrenCase: 'Barn (part)',
    guardianScopes: {
      personal: 'personlige forhold',
      financial: 'økonomiske forhold',
      both: 'personlige og økonomiske forhold',
    } satisfies Record<GuardianScope, string>,
    digitalPost: {
      enrolled: 'Tilmeldt',
      exempt: 'Fritaget – fysisk post',
      unknown: 'Ukendt',
    } satisfies Record<DigitalPostStatus, string>,
    cpr: 'CPR',
    cvr: 'CVR',
    noIdentity: 'Intet CPR- eller CVR-nr.',
    noAddress: 'Ingen adresse oplyst',
    addressHidden: 'Skjult på grund af adressebeskyttelse',
    addressSharedWithProtected: 'Skjult – samme adresse som en part med adressebeskyttelse',
    custody: 'Har forældremyndighed',
    noCustody: 'Har ikke forældremyndighed',
    orientationRequested: 'Har bedt om orientering',
    orientationRefused: 'Orientering er afslået',
    addressProtected: 'Navne- og adressebeskyttelse',
    deceased: 'Afdød',
    represents: (name: string) => `Repræsenterer ${name}`,
    validUntil: (date: string) => `Gyldig til ${date}`,
    /** What a representative's authority covers, by document type id; unknown ids are shown as they are. */
    covers: (types: string) => `Omfatter: ${types}`,
    documentTypes: {
      all: 'alle dokumenter',
      afgoerelse: 'afgørelse',
      partshoering: 'partshøring',
      indkaldelse: 'indkaldelse',
    } as Record<string, string | undefined>,
    expiredOn: (date: string) => `Udløbet ${date}`,
  },
  send: sendMessages,
  drafts: draftsMessages,
  outbox: outboxMessages,
  settings: settingsMessages,
  history: daHistory,
  approvals: approvalsMessages,
  users: usersMessages,
};

export type Messages = typeof da;
