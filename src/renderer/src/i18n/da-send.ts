import type { Evidence, Severity } from '../../../shared/domain/findings';
import type { OutboxState } from '../../../shared/domain/outbox';
import type { RecipientChannel } from '../../../shared/domain/proposal';

/**
 * The send screen's Danish texts (part of `da`, kept in its own file for size). Sentences that put names together
 * live here too, since word order and "og" belong to the language, not to the component.
 */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "A", "A og B", "A, B og C". */
export const joinNames = (names: readonly string[]): string =>
  names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} og ${names[names.length - 1]}`;

/** Recipients' names by the channel the letter takes to them. */
export interface SendTo {
  digital: string[];
  physical: string[];
  auto: string[];
}

/** "digitalt til Mette Eksempelsen og med fysisk post til Bent Skabelonsen". */
const how = (p: SendTo): string =>
  joinNames([
    ...(p.digital.length > 0 ? [`digitalt til ${joinNames(p.digital)}`] : []),
    ...(p.physical.length > 0 ? [`med fysisk post til ${joinNames(p.physical)}`] : []),
    ...(p.auto.length > 0
      ? [`til ${joinNames(p.auto)} (Digital Post vælger digital eller fysisk post)`]
      : []),
  ]);

type Phase = 'countdown' | 'sending' | 'approval' | 'sent' | 'cancelled' | 'mixed';

const severity = {
  block: 'Blokerer',
  warn: 'Advarsel',
  info: 'Til orientering',
} satisfies Record<Severity, string>;

export const sendMessages = {
  pageTitle: 'Send – Sendeassistent',
  heading: 'Send et dokument',
  pages: (n: number) => plural(n, 'side', 'sider'),
  waitForDocument: 'Vises, når dokumentet er læst.',
  waitForCase: 'Vises, når dokumentet er læst og sagen er valgt.',
  checking: 'Kontrollerer dokumentet mod sagen …',
  ackResetHint: 'Ændrer du sag, dokumenttype eller modtagere, skal advarslerne bekræftes igen.',
  steps: {
    document: 'Dokument',
    type: 'Dokumenttype',
    case: 'Sag',
    recipients: 'Modtagere',
    check: 'Kontrol',
    send: 'Send',
  },
  resume: {
    loading: 'Henter kladden …',
    resumed: (when: string) => `Fortsat fra kladderne (sidst ændret ${when}).`,
    remembers:
      'Kladden husker dokumentet og sagen. Har du før valgt en anden dokumenttype eller andre modtagere, så vælg dem igen.',
    needsRecheck:
      'Sagen er ændret, siden kladden blev kontrolleret. Den kontrolleres igen nu mod sagen, som den er i dag.',
    missing:
      'Kladden findes ikke længere. Den kan være kasseret eller allerede sendt. Se kladderne eller udbakken, eller vælg en fil.',
    failed: (file: string) => `Kladden ${file} kunne ikke åbnes.`,
    failedNext: 'Prøv igen fra kladderne, eller vælg filen igen.',
    toDrafts: 'Til kladderne',
  },
  drop: {
    text: 'Træk PDF-filen hertil',
    replaceText: 'Træk en anden PDF-fil hertil for at skifte dokument',
    choose: 'Vælg fil',
    chooseAnother: 'Vælg en anden fil',
    hint: 'Kun PDF-filer, ét dokument ad gangen.',
    oneAtATime: 'Du valgte flere filer. Kun den første kontrolleres.',
    readFailed:
      'Filen kunne ikke læses fra disken. Kontrollér, at den ikke er åben i et andet program, og prøv igen.',
  },
  analysis: {
    reading: (file: string) => `Læser ${file} …`,
    started: (file: string) => `Kontrollerer ${file} …`,
    pages: (file: string, done: number, total: number) => `Kontrollerer ${file}: side ${done} af ${total}`,
    cancel: 'Afbryd',
    cancelled: (file: string) =>
      `Kontrollen af ${file} blev afbrudt. Vælg filen igen, hvis du vil starte forfra.`,
    failedHeading: (file: string) => `${file} kan ikke kontrolleres.`,
    failedNext: 'Vælg en anden fil, eller gem dokumentet som PDF igen og prøv en gang til.',
  },
  password: {
    heading: 'Dokumentet har en adgangskode',
    label: (file: string) => `Adgangskode til ${file}`,
    empty: 'Skriv adgangskoden.',
    wrong: 'Adgangskoden passer ikke. Prøv igen.',
    submit: 'Åbn dokumentet',
    giveUp: 'Vælg en anden fil',
  },
  preview: {
    heading: 'Forhåndsvisning',
    previous: 'Forrige side',
    next: 'Næste side',
    position: (page: number, pages: number) => `Side ${page} af ${pages}`,
    pagesWithFindings: 'Fund på:',
    pageLink: (page: number) => `side ${page}`,
    marksHeading: (page: number) => `Det fandt kontrollen på side ${page}:`,
    severity,
    noText: 'Siden har ingen tekst (den er scannet), så dens indhold kan ikke kontrolleres.',
    loading: (page: number) => `Henter side ${page} …`,
    alt: (page: number, pages: number, file: string) => `Side ${page} af ${pages} i ${file}`,
    markedOnPage: (texts: readonly string[]) =>
      `Markeret på siden: ${joinNames(texts.map((x) => `«${x}»`))}.`,
    notFoundOnImage: (text: string) =>
      `«${text}» blev ikke fundet på billedet af siden. Læs siden selv for at finde det.`,
  },
  type: {
    recognised: (label: string, percent: number) => `Genkendt som ${label} (${percent} % sikker).`,
    uncertain: 'Dokumenttypen kunne ikke genkendes sikkert. Vælg den herunder.',
    evidenceSummary: (n: number) => `Hvorfor? ${plural(n, 'kendetegn', 'kendetegn')} i dokumentet`,
    evidenceKind: { title: 'Titel', keyword: 'Nøgleord', negative: 'Taler imod' },
    onPage: (page: number) => `side ${page}`,
    selectLabel: 'Dokumenttype',
    choosePlaceholder: 'Vælg dokumenttype',
    hint: 'Typen afgør, hvem der må modtage brevet. Ret den, hvis den er forkert.',
    chosenHint: 'Du har selv valgt typen. Typen afgør, hvem der må modtage brevet.',
  },
  case: {
    change: 'Skift sag',
    searchLabel: 'Find sagen',
    searchHint: 'Søg på sagsnummer, navn eller CPR-nummer.',
    searching: 'Søger …',
    resultCount: (shown: number, total: number) =>
      total === 0
        ? 'Ingen sager passer til søgningen. Prøv et andet sagsnummer eller navn.'
        : shown < total
          ? `Viser ${shown} af ${total} sager. Skriv mere for at finde den rigtige.`
          : plural(total, 'sag', 'sager'),
    resultsLabel: 'Sager at vælge imellem',
    subject: (name: string, area: string) => `Handler om ${name} · ${area}`,
  },
  recipients: {
    legend: 'Vælg modtagere',
    notSelectable: 'Kan ikke vælges',
    proposed: 'Foreslået',
    channel: {
      digital: 'Digital Post',
      physical: 'Fysisk post',
      auto: 'Digital Post vælger',
      none: 'Modtager ikke',
    } satisfies Record<RecipientChannel, string>,
    postTo: (address: string) => `Sendes til ${address}`,
  },
  findings: {
    noneBadge: 'I orden',
    none: 'Kontrollen fandt ingen problemer.',
    listLabel: (n: number) => plural(n, 'fund', 'fund'),
    severity,
    relaxed: '(lempet i prøvedrift)',
    concerns: (name: string) => `Gælder: ${name}`,
    evidenceLabel: 'Fundet her',
    onPage: (page: number) => `Side ${page}`,
    source: {
      page: 'I dokumentet',
      form: 'I et formularfelt',
      annotation: 'I en kommentar',
      case: 'Fra sagen',
      recipients: 'Valgte modtagere',
    } satisfies Record<Evidence['source'], string>,
    acknowledged: 'Bekræftet',
    acknowledgedReason: (reason: string) => `Begrundelse: ${reason}`,
    acknowledge: 'Bekræft advarsel …',
  },
  acknowledge: {
    heading: 'Bekræft advarsel',
    reasonLabel: 'Begrundelse',
    hint: 'Skriv kort, hvorfor brevet skal sendes alligevel. Begrundelsen gemmes i historikken, og en leder skal godkende afsendelsen.',
    tooShort: (n: number) => `Skriv en begrundelse på mindst ${n} tegn.`,
    confirm: 'Bekræft advarsel',
    cancel: 'Annuller',
    /** A reason covers every warning with the same code: the dialog lists them, so none is confirmed unseen. */
    coversAll: (n: number) => `Begrundelsen gælder alle ${n} advarsler af denne slags:`,
  },
  action: {
    needDocument: 'Vælg først det dokument, der skal sendes.',
    needCase: 'Vælg den sag, brevet hører til.',
    checking: 'Kontrollerer dokumentet mod sagen …',
    checkFailed: 'Kontrollen kunne ikke gennemføres. Prøv igen under trin 5.',
    blocked: 'Kan ikke sendes. Kontrollen har fundet en fejl, som skal rettes først:',
    needRecipient: 'Vælg mindst én modtager.',
    needAcknowledge: (n: number) =>
      n === 1
        ? 'Bekræft advarslen med en begrundelse, før brevet kan sendes.'
        : `Bekræft de ${n} advarsler med en begrundelse, før brevet kan sendes.`,
    send: (p: SendTo) => `Send ${how(p)}`,
    summary: (p: SendTo) => `Brevet sendes ${how(p)}.`,
    toApproval: 'Send til godkendelse',
    approvalSummary: (p: SendTo) =>
      `En leder skal godkende brevet, før det sendes. Derefter sendes det ${how(p)}.`,
    approvalReasonsLabel: 'Derfor skal en leder godkende',
    submitting: 'Sender …',
    disabledLabel: 'Send dokumentet',
    errorNext: 'Intet er sendt. Ret det, beskeden nævner, og tryk på knappen igen.',
  },
  submission: {
    undoReason: 'Fortrudt af sagsbehandleren inden afsendelse',
    heading: {
      countdown: 'Sat i kø – sendes om lidt',
      sending: 'Sendes til Digital Post',
      approval: 'Sendt til godkendelse',
      sent: 'Afleveret til Digital Post',
      cancelled: 'Afsendelsen er fortrudt',
      mixed: 'Status for afsendelsen',
    } satisfies Record<Phase, string>,
    status: {
      countdown: 'Brevet er sat i kø. Du kan fortryde, indtil nedtællingen er slut.',
      sending: 'Brevet sendes nu. Vent et øjeblik.',
      approval:
        'Afventer godkendelse fra en leder. Brevet er ikke sendt. Du kan fortryde, indtil det er godkendt.',
      sent: 'Digital Post har taget imod brevet.',
      cancelled: 'Intet er sendt.',
      mixed: 'Se status for hver modtager herunder.',
    } satisfies Record<Phase, string>,
    countdown: (s: number) => `Sendes om ${plural(s, 'sekund', 'sekunder')}`,
    itemsLabel: 'Modtagere',
    channel: { digital: 'digitalt', physical: 'fysisk post', auto: 'Digital Post vælger' },
    receivedAt: 'Afleveret',
    reference: 'Reference',
    receiptText: 'Besked fra Digital Post',
    sentMeaning:
      '"Afleveret" betyder, at Digital Post har taget imod brevet. Det siger ikke, om modtageren har læst det.',
    undo: 'Fortryd',
    newDocument: 'Send et nyt dokument',
  },
  itemState: {
    byState: {
      draft: 'Forsendelsen oprettes.',
      awaiting_approval: 'Afventer godkendelse fra en leder. Intet er sendt endnu.',
      approved: 'Den sættes i kø til afsendelse.',
      queued: 'Du kan fortryde, indtil den sendes.',
      sending: 'Vent et øjeblik.',
      sent: 'Digital Post har taget imod forsendelsen.',
      failed_retryable: 'Digital Post kunne ikke tage imod forsendelsen lige nu. Der prøves automatisk igen.',
      failed_permanent:
        'Den er ikke sendt. Ret årsagen, som står herunder, og send dokumentet igen, eller kontakt IT.',
      unknown: 'Det er uvist, om Digital Post modtog forsendelsen.',
      cancelled: 'Intet er sendt til denne modtager.',
    } satisfies Record<OutboxState, string>,
    retrying: (at: string | null) =>
      `Digital Post kunne ikke tage imod forsendelsen lige nu. Der prøves automatisk igen${at ? ` kl. ${at}` : ''}; du skal ikke gøre noget.`,
    retriesUsedUp:
      'Digital Post har ikke kunnet tage imod forsendelsen efter flere forsøg. Den venter i udbakken, til nogen prøver igen eller annullerer den. Kontakt IT, hvis det fortsætter.',
    unknown:
      'Forbindelsen blev afbrudt under afsendelsen, så det er uvist, om Digital Post modtog den. Send den ikke igen: programmet spørger Digital Post og opdaterer status af sig selv.',
    unknownNeedsPerson:
      'Det er uvist, om Digital Post modtog forsendelsen, og programmet kan ikke selv få det afklaret. Send den ikke igen; kontakt IT, som kan undersøge den.',
    connectorSaid: (message: string) => `Besked fra forbindelsen: ${message}`,
  },
};
