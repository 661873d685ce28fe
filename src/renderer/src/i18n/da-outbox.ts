/**
 * The outbox screen's and the connection indicator's Danish texts (part of `da`, kept in its own file for size).
 * A send's state label itself comes from the backend (`stateLabel`); these say what it means and what to do.
 */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export type OutboxGroupKey = 'attention' | 'waiting' | 'sent' | 'rejected' | 'cancelled';

export const outboxMessages = {
  heading: 'Udbakke',
  intro:
    'Alle forsendelser fra denne computer: dem, der venter, dem, der kræver en beslutning, og dem, der er afsluttet.',
  loading: 'Henter udbakken …',
  empty: 'Udbakken er tom. Forsendelser vises her, når du har sendt et dokument.',
  groups: {
    attention: 'Kræver handling',
    waiting: 'Venter',
    sent: 'Sendt',
    rejected: 'Afvist',
    cancelled: 'Annulleret',
  } satisfies Record<OutboxGroupKey, string>,
  groupHints: {
    attention: 'Programmet kan ikke selv komme videre med disse. Vælg, hvad der skal ske med hver af dem.',
    waiting: 'Sendes automatisk. Du kan fortryde eller annullere, indtil de er sendt.',
    sent: 'Digital Post har taget imod disse forsendelser.',
    rejected: 'Digital Post afviste disse forsendelser. De er ikke sendt.',
    cancelled: 'Intet er sendt til disse modtagere.',
  } satisfies Record<OutboxGroupKey, string>,
  groupEmpty: {
    attention: 'Ingen forsendelser kræver handling.',
    waiting: 'Ingen forsendelser venter.',
    sent: 'Ingen forsendelser er sendt endnu.',
    rejected: 'Ingen forsendelser er afvist.',
    cancelled: 'Ingen forsendelser er annulleret.',
  } satisfies Record<OutboxGroupKey, string>,
  count: (n: number) => plural(n, 'forsendelse', 'forsendelser'),
  showMore: (n: number) => `Vis ${plural(n, 'forsendelse', 'forsendelser')} mere`,
  item: {
    to: 'Til',
    case: 'Sag',
    type: 'Type',
    channel: { digital: 'Digital Post', physical: 'Fysisk post', auto: 'Digital Post vælger' },
    removedParty: (partyId: string) => `Part ${partyId} (findes ikke længere på sagen)`,
    noCase: 'Ingen sag',
    messageId: 'Forsendelsens id (messageUUID)',
    created: 'Oprettet',
  },
  state: {
    queuedCountdown: (s: number) => `Sendes om ${plural(s, 'sekund', 'sekunder')}.`,
    queuedDue: 'Sendes nu.',
    queuedAt: (at: string) => `Sendes kl. ${at}.`,
    offline:
      'Der er ingen forbindelse til Digital Post, så forsendelsen venter. Den sendes automatisk, når der er forbindelse; du skal ikke gøre noget.',
    offlineNext: (at: string) => `Næste forsøg kl. ${at}.`,
    reason: (message: string) => `Årsag: ${message}`,
    sending: 'Sendes til Digital Post nu.',
    draft: 'Forsendelsen oprettes.',
    awaitingApproval: 'Afventer godkendelse fra en leder. Intet er sendt endnu.',
    approved: 'Godkendt. Den sættes i kø til afsendelse.',
    retrying: (at: string | null, attempt: number, max: number) =>
      `Digital Post kunne ikke tage imod forsendelsen. Der prøves automatisk igen${at ? ` kl. ${at}` : ''} (forsøg ${attempt} af ${max} er brugt).`,
    lastError: (message: string) => `Seneste fejl: ${message}`,
    lookingUp:
      'Forbindelsen blev afbrudt under afsendelsen. Programmet spørger Digital Post, om forsendelsen kom frem, og opdaterer selv status. Send den ikke igen.',
    unknownNeedsPerson:
      'Forbindelsen blev afbrudt under afsendelsen, og Digital Post kan ikke spørges automatisk, om forsendelsen kom frem. Undersøg det hos Digital Post (fx via kommunens oversigt over sendt post eller KOMBIT-support) med forsendelsens id herunder, og vælg så:',
    retriesUsedUp: (max: number) =>
      `Digital Post har ikke kunnet tage imod forsendelsen efter ${max} forsøg. Den sendes ikke, før nogen vælger at prøve igen eller annullerer den. Kontakt IT, hvis det fortsætter.`,
    receivedAt: 'Afleveret',
    reference: 'Reference',
    receiptText: 'Besked fra Digital Post',
    rejected: (message: string | null) =>
      message
        ? `Digital Post afviste forsendelsen: ${message} Ret årsagen, og send dokumentet igen.`
        : 'Digital Post afviste forsendelsen. Ret årsagen, og send dokumentet igen.',
    cancelled: 'Annulleret. Intet er sendt til denne modtager.',
  },
  actions: {
    undo: 'Fortryd',
    undoReason: 'Fortrudt af sagsbehandleren inden afsendelse (fra udbakken)',
    cancel: 'Annullér …',
    retry: 'Prøv igen …',
    confirmDelivered: 'Bekræftet modtaget …',
    resend: 'Send igen …',
    /** Whether Digital Post got a send nobody can confirm is a supervisor's call (docs/approval.md). */
    supervisorDecides: 'En leder skal afgøre, om brevet er modtaget.',
    /** A send waiting for approval whose request expired or was voided is put before the supervisors again. */
    requestAgain: 'Anmod om godkendelse igen',
    /** Read by a screen reader after the button's text: which letter, to whom. */
    requestAgainFor: (file: string, name: string) => ` for ${file} til ${name}`,
    requestedAgain: (when: string, date: string) =>
      `Anmodningen om godkendelse venter hos lederne (sendt ${when}, udløber ${date}).`,
    busy: 'Arbejder …',
    refused: (reason: string) => `Det kunne ikke lade sig gøre: ${reason}`,
    done: {
      cancel: 'Forsendelsen er annulleret.',
      retry: 'Forsendelsen prøves igen.',
      delivered: 'Forsendelsen er markeret som modtaget af Digital Post.',
      resend: 'Forsendelsen sendes igen med samme id.',
    },
  },
  dialogs: {
    cancel: {
      heading: 'Annullér forsendelsen',
      text: 'Forsendelsen sendes ikke. Skriv kort, hvorfor den annulleres; begrundelsen gemmes i historikken.',
      confirm: 'Annullér forsendelsen',
    },
    retry: {
      heading: 'Prøv igen',
      text: 'Forsendelsen får en ny runde automatiske forsøg med samme id. Skriv kort, hvorfor (fx at Digital Post kører igen); begrundelsen gemmes i historikken.',
      confirm: 'Prøv igen',
    },
    delivered: {
      heading: 'Bekræftet modtaget',
      text: 'Brug kun dette, når du har fået bekræftet, at Digital Post har forsendelsen. Den markeres som sendt og sendes ikke igen. Skriv, hvordan det er bekræftet; begrundelsen gemmes i historikken.',
      confirm: 'Markér som modtaget',
    },
    resend: {
      heading: 'Send igen',
      text: 'Brug kun dette, når du har fået bekræftet, at Digital Post ikke har forsendelsen. Den sendes igen med samme id, så Digital Post kan afvise en dublet. Skriv, hvordan det er bekræftet; begrundelsen gemmes i historikken.',
      confirm: 'Send igen',
    },
  },
  connection: {
    ready: 'Forbindelse til Digital Post: klar',
    offline: 'Ingen forbindelse – forsendelser venter',
    unknown: 'Forbindelsen til Digital Post: ukendt',
    loading: 'Henter forbindelsesstatus …',
    detailsLabel: 'Om forbindelsen',
    kind: {
      sandbox: 'Sandkassen (øvemiljø, intet sendes til borgere)',
      folder: 'Mappe (kommunens egen integration)',
      sf1601: 'KOMBIT Serviceplatformen (SF1601)',
    },
    via: (kind: string) => `Forbindelse: ${kind}.`,
    offlineSends: (message: string) => `Seneste forsøg kom ikke igennem: ${message}`,
  },
};
