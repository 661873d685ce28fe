/** The admin's user screen's Danish texts (part of `da`, kept in its own file for size). */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const usersMessages = {
  /** The main menu's item, an admin's only. */
  nav: 'Brugere',
  heading: 'Brugere',
  intro:
    'De personer, der kan logge ind i Sendeassistent på denne installation. Oprettelser og nulstillede adgangskoder gemmes i historikken med dit navn.',
  loading: 'Henter brugerne …',
  adminsOnly: 'Kun administratorer kan se brugerne.',
  count: (n: number) => plural(n, 'bruger', 'brugere'),
  tableCaption: 'Brugerne på denne installation',
  columns: {
    name: 'Navn',
    username: 'Brugernavn',
    role: 'Rolle',
    status: 'Status',
    actions: 'Handlinger',
  },
  status: {
    active: 'Aktiv',
    disabled: 'Deaktiveret',
    /** Too many wrong passwords; `when` is the time of day (kl. 10.31). */
    locked: (when: string) => `Spærret til kl. ${when}`,
  },
  reset: 'Nulstil adgangskode',
  /** Read by a screen reader after the button's text, so each row's button says whose password it resets. */
  resetFor: (name: string) => ` for brugeren ${name}`,
  create: {
    heading: 'Opret bruger',
    intro: 'Brugeren logger ind med brugernavnet og adgangskoden. Giv adgangskoden videre på en sikker måde.',
    username: 'Brugernavn',
    usernameHint: '2–64 tegn: bogstaver, tal og . _ @ -',
    displayName: 'Fulde navn',
    displayNameHint: 'Vises i programmet og i historikken.',
    role: 'Rolle',
    roleHint:
      'En sagsbehandler sender breve. En leder kan også godkende andres forsendelser. En administrator sætter programmet op og opretter brugere.',
    password: 'Adgangskode',
    passwordHint: (n: number) => `Mindst ${n} tegn.`,
    repeat: 'Gentag adgangskoden',
    submit: 'Opret bruger',
    busy: 'Opretter brugeren …',
    usernameEmpty: 'Skriv et brugernavn.',
    usernameInvalid: 'Brugernavnet skal have 2–64 tegn og må kun indeholde bogstaver, tal og . _ @ -',
    usernameTaken: 'Brugernavnet er allerede i brug.',
    displayNameEmpty: 'Skriv brugerens fulde navn.',
    passwordShort: (n: number) => `Adgangskoden skal have mindst ${n} tegn.`,
    repeatMismatch: 'De to adgangskoder er ikke ens. Skriv den samme adgangskode i begge felter.',
    /** `name` is the person with their username, e.g. "Nina Ny (ny-leder)". */
    created: (name: string) => `${name} er oprettet og kan logge ind nu.`,
  },
  resetDialog: {
    heading: 'Nulstil adgangskode',
    text: 'Brugeren får en ny signeringsnøgle; godkendelser, brugeren har givet før, kan stadig efterprøves.',
    unlocks: 'Er brugeren spærret efter for mange forkerte adgangskoder, ophæves spærringen.',
    password: 'Ny adgangskode',
    repeat: 'Gentag den nye adgangskode',
    submit: 'Nulstil adgangskoden',
    busy: 'Nulstiller …',
    /** `name` is the person with their username. */
    done: (name: string) =>
      `Adgangskoden for ${name} er nulstillet. Brugeren kan logge ind med den nye adgangskode nu.`,
  },
  /** The signed roster of users for approval across computers (docs/approval.md, "Across desks"). */
  roster: {
    heading: 'Brugerliste til godkendelse på tværs af computere',
    intro:
      'Når flere computere deler en mappe til godkendelser, gælder en anmodning eller afgørelse fra en anden computer kun, hvis brugeren står på brugerlisten, som den betroede administrator har underskrevet. Hver computer lægger sine brugeres offentlige nøgler i mappen; du vælger, hvem der skal med.',
    loading: 'Henter brugerlisten …',
    reload: 'Opdater',
    noFolder:
      'Der er ikke valgt en fælles mappe til godkendelser, så godkendelse sker kun på denne computer, og der er ingen brugerliste at udstede.',
    toSettings: 'Vælg mappen under Indstillinger',
    folderLabel: 'Fælles mappe',
    reachable: 'Mappen kan nås.',
    unreachable: 'Mappen kan ikke nås lige nu.',
    pinnedLabel: 'Betroet administratornøgle',
    pinnedNone: 'Ingen administratornøgle er fastlagt endnu.',
    pinSource: {
      machine_file: 'Fastlagt af IT i den fælles indstillingsfil.',
      set_up: 'Denne computers første administrator, fastlagt ved opsætningen.',
    },
    ownLabel: 'Din nøgle',
    ownIsPinned: 'Din nøgle er den betroede administratornøgle. Du kan udstede brugerlisten.',
    ownNotPinned:
      'Din nøgle er ikke den betroede administratornøgle. Kun den administrator, hvis nøgle er den betroede, kan udstede en brugerliste; en liste underskrevet med en anden nøgle bliver afvist på alle computere.',
    currentLabel: 'Gældende brugerliste',
    current: (seq: number, when: string) => `Nr. ${seq}, udstedt ${when}.`,
    noCurrent: 'Der er ikke udstedt nogen brugerliste endnu.',
    candidatesHeading: 'Hvem skal med på brugerlisten',
    candidatesHint:
      'Sammenlign fingeraftrykket med brugerens eget (fx over telefonen), før du sætter flueben ved en nøgle fra en anden computer. Brugere uden flueben fjernes fra listen, og deres underskrifter gælder ikke længere.',
    tableCaption: 'Brugere, der kan komme på brugerlisten',
    columns: {
      include: 'Med',
      name: 'Navn',
      username: 'Brugernavn',
      role: 'Rolle',
      source: 'Kilde',
      keys: 'Nøglens fingeraftryk',
    },
    include: (name: string) => `Med på brugerlisten: ${name}`,
    source: {
      local: 'Denne computer',
      key_file: 'Nøglefil fra en anden computer',
    },
    noKeys: 'Ingen gyldig nøgle',
    chosen: (n: number) => `${plural(n, 'bruger', 'brugere')} valgt`,
    issue: 'Udsted brugerliste',
    issuing: 'Udsteder brugerlisten …',
    noneChosen: 'Vælg mindst én bruger til brugerlisten.',
    issued: (seq: number, n: number) =>
      `Brugerliste nr. ${seq} er udstedt med ${plural(n, 'bruger', 'brugere')}.`,
    problemsHeading: 'Filer i den fælles mappe, der ikke kunne bruges:',
  },
};
