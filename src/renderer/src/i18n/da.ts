import type {
  caseAreas,
  digitalPostStatuses,
  guardianScopes,
  partyRoles,
} from '../../../shared/domain/case-file';
import { draftsMessages } from './da-drafts';
import { outboxMessages } from './da-outbox';
import { sendMessages } from './da-send';
import { settingsMessages } from './da-settings';

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
};

export type Messages = typeof da;
