import type { SharedFolderProblem } from '../../../shared/domain/approval';
/** The supervisor's approval screens' Danish texts (part of `da`, kept in its own file for size). */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What no longer fits when an approved send is not released (docs/approval.md, "What is approved"). */
const DIFFERENCES: Record<string, string> = {
  draft: 'forsendelsen',
  case: 'sagen',
  document: 'dokumentet',
  type: 'dokumenttypen',
  recipients: 'modtagerne',
  channels: 'forsendelsesmåden',
  findings: 'kontrollens fund (sagen er ændret)',
  acknowledged: 'sagsbehandlerens bekræftede advarsler',
  expired: 'anmodningen er udløbet',
};

export const approvalsMessages = {
  heading: 'Godkendelser',
  /** The main menu's item: the number waiting, so a supervisor sees at a glance that somebody waits. */
  navWithCount: (n: number) => (n > 0 ? `Godkendelser (${n})` : 'Godkendelser'),
  intro:
    'Forsendelser, som en sagsbehandler har sendt til godkendelse. Den ældste står først. Du kan ikke godkende dine egne.',
  loading: 'Henter anmodningerne …',
  empty: 'Der er ingen forsendelser, der venter på godkendelse.',
  count: (n: number) => plural(n, 'anmodning venter', 'anmodninger venter'),
  supervisorsOnly: 'Kun ledere kan godkende forsendelser.',
  item: {
    caseLabel: 'Sag',
    type: 'Dokumenttype',
    requester: 'Sendt til godkendelse af',
    requestedAt: 'Sendt',
    expiresAt: 'Udløber',
    recipients: 'Modtagere',
    open: 'Gennemse',
    openWith: (caseNumber: string) => ` anmodningen på sag ${caseNumber}`,
    /** A request from another installation, read from the shared folder. */
    remote: 'Fra en anden computer (fælles mappe)',
  },
  /** "Hent nye anmodninger": one round through the shared folder now (approvals:sync). */
  sync: {
    button: 'Hent nye anmodninger',
    busy: 'Henter …',
    hint: 'Anmodninger fra andre computere hentes automatisk fra den fælles mappe hvert 15. sekund. Knappen henter dem nu.',
    received: (n: number) =>
      n === 0 ? 'Ingen nye anmodninger.' : `${plural(n, 'ny anmodning', 'nye anmodninger')} hentet.`,
    decided: (n: number) => `${plural(n, 'afgørelse', 'afgørelser')} på dine egne anmodninger modtaget.`,
    unreachable: 'Den fælles mappe kan ikke nås lige nu.',
    /** The system's reason, for IT (ENOENT: not there; EACCES/EPERM: no rights). */
    unreachableCode: (code: string) =>
      `Den fælles mappe kan ikke bruges lige nu (${code}). Der prøves igen ved næste runde.`,
    refused: 'Filer i den fælles mappe:',
    /** One refused file: its path in the folder and why. */
    refusedFile: (file: string, why: string) => `${file} blev ikke brugt: ${why}`,
    problems: {
      too_large: 'filen er for stor',
      unreadable: 'filen kan ikke læses',
      not_json: 'filen er ikke gyldig JSON',
      not_a_roster: 'filen er ikke en brugerliste',
      wrong_admin: 'brugerlisten er ikke underskrevet med den administratornøgle, denne computer stoler på',
      bad_signature: 'signaturen holder ikke (filen er ændret)',
      conflict: 'en anden brugerliste med samme løbenummer er allerede modtaget',
      not_a_request: 'filen er ikke en anmodning om godkendelse',
      not_a_review: 'anmodningens gennemgang mangler eller kan ikke læses',
      not_a_decision: 'filen er ikke en afgørelse',
      not_a_key_file: 'filen er ikke en gyldig nøglefil',
      duplicate_user: 'en bruger står med andre nøgler end i en anden nøglefil eller på denne computer',
      unknown_key: 'nøglen står ikke på brugerlisten, der gjaldt, da der blev underskrevet',
      key_not_valid_then: 'nøglen var ikke gyldig, da der blev underskrevet',
      revoked: 'brugeren er fjernet fra brugerlisten',
      not_requester: 'anmodningen er ikke underskrevet af den, der anmoder',
      not_supervisor: 'den, der har underskrevet, er ikke leder',
      self_approval: 'den, der godkender, er den samme, som anmoder',
      wrong_request: 'afgørelsen hører til en anden anmodning eller kladde',
      wrong_name: 'filens navn passer ikke til indholdet',
      wrong_document: 'dokumentet passer ikke til anmodningens SHA-256',
      expired: 'anmodningen er udløbet',
      from_the_future: 'afgørelsen er dateret i fremtiden',
    } satisfies Record<SharedFolderProblem, string>,
  },
  channel: { digital: 'digitalt', physical: 'fysisk post', auto: 'Digital Post vælger', none: 'sendes ikke' },
  review: {
    heading: 'Gennemse forsendelsen',
    back: 'Tilbage til godkendelser',
    loading: 'Henter forsendelsen …',
    facts: 'Om anmodningen',
    file: 'Dokument',
    pages: (n: number) => plural(n, 'side', 'sider'),
    askedBy: (name: string, when: string) => `${name} sendte den til godkendelse ${when}.`,
    expires: (when: string) => `Anmodningen udløber ${when}. Derefter kan den ikke godkendes.`,
    problem: 'Sagen er ændret, så kontrollen nu stopper forsendelsen; en godkendelse vil ikke blive brugt.',
    problemHint: 'Afvis anmodningen, og bed sagsbehandleren sende brevet igen.',
    notPending: 'Anmodningen er allerede afgjort eller udløbet. Der er intet at godkende.',
    findingsHeading: 'Kontrollens fund',
    findingsHint:
      'Kontrollen er kørt igen nu mod sagens oplysninger. Sagsbehandlerens begrundelser står ved advarslerne.',
    recipientsHeading: 'Modtagere',
    recipientsHint: 'Hver modtager med forsendelsesmåden og den regel, der giver modtageren brevet.',
    notAdmittedHeading: (n: number) => `Parter, der ikke får brevet (${n})`,
    rules: 'Regler',
    /** A request from another installation: its review is the requester's own check, signed by them. */
    remote:
      'Anmodningen kommer fra en anden computer gennem den fælles mappe. Fund og regler herunder er fra sagsbehandlerens kontrol på den anden computer, da der blev anmodet om godkendelse, og er underskrevet af sagsbehandleren. De er ikke kørt igen her.',
    remoteFindingsHint:
      'Fra sagsbehandlerens kontrol på den anden computer, da der blev anmodet om godkendelse. Sagsbehandlerens begrundelser står ved advarslerne.',
  },
  decision: {
    heading: 'Din afgørelse',
    comment: 'Kommentar',
    commentHint: 'Skriv, hvad du har set efter. Kommentaren gemmes med din underskrift i historikken.',
    commentTooShort: 'Skriv en kommentar på mindst 3 tegn.',
    approve: 'Godkend og send',
    reject: 'Afvis',
    busy: 'Gemmer …',
    approved: 'Godkendt. Brevet sendes efter fortrydelsesfristen.',
    notReleased: (items: string[]) =>
      `Godkendt, men brevet sendes ikke, fordi noget ikke længere passer: ${items.map((d) => DIFFERENCES[d] ?? d).join(', ')}. Bed sagsbehandleren sende brevet igen.`,
    rejected: 'Afvist. Brevet sendes ikke.',
    /** A decision on another installation's request: it travels back through the shared folder. */
    remoteApproved:
      'Afgørelsen er lagt i den fælles mappe. Sagsbehandlerens Sendeassistent kontrollerer den igen og sender.',
    remoteRejected:
      'Afvisningen er lagt i den fælles mappe. Sagsbehandlerens Sendeassistent annullerer forsendelsen, og intet sendes.',
    remoteNotYet:
      'Afgørelsen er gemt, men den fælles mappe kan ikke nås lige nu. Den lægges i mappen, så snart mappen kan nås igen.',
    forbidden:
      'Du kan ikke afgøre denne anmodning: kun en leder kan godkende, og ikke sine egne forsendelser.',
    toInbox: 'Tilbage til godkendelser',
  },
};
