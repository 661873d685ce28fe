/** The drafts screen's Danish texts (part of `da`, kept in its own file for size). */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const draftsMessages = {
  heading: 'Kladder',
  intro:
    'Dokumenter, du har trukket ind uden at sende dem. De gemmes på denne computer, også når programmet lukkes.',
  loading: 'Henter kladderne …',
  empty:
    'Der er ingen kladder. En kladde opstår, når du har trukket et dokument ind på sendeskærmen uden at sende det.',
  count: (n: number) => plural(n, 'kladde', 'kladder'),
  tableCaption: 'Kladder, nyeste først',
  columns: {
    file: 'Dokument',
    caseNumber: 'Sag',
    type: 'Dokumenttype',
    updated: 'Sidst ændret',
    status: 'Status',
    actions: 'Handlinger',
  },
  noCase: 'Ingen sag valgt',
  noType: 'Ikke genkendt',
  needsRecheck: 'Skal kontrolleres igen',
  needsRecheckHint: 'Sagen er ændret, siden kladden blev kontrolleret.',
  noText: 'Uden tekst (scannet)',
  ready: 'Ikke sendt',
  resume: 'Fortsæt',
  resumeWith: (file: string) => ` med ${file}`,
  discard: 'Kassér',
  discardWith: (file: string) => ` ${file}`,
  discardDialog: {
    heading: 'Kassér kladden?',
    text: (file: string) =>
      `${file} fjernes fra kladderne og kan ikke fortsættes. Intet sendes, og historikken bevares.`,
    confirm: 'Kassér kladden',
    cancel: 'Behold den',
  },
  discarded: (file: string) => `Kladden ${file} er kasseret.`,
  alreadyGone: (file: string) => `Kladden ${file} var allerede kasseret.`,
  toOutbox: 'Gå til udbakken',
};
