/**
 * The demo letters: Danish municipal letters as PDFs that fit the demo cases (resources/demo/cases.json), some
 * right and some wrong, and resources/demo/letters/manifest.json, which says for each letter its case, its document
 * type, its recipients, whether it is correct and, for a wrong one, the findings it must give.
 *
 *   tsx scripts/demo-letters.ts [outDir]      (default resources/demo/letters)
 *
 * Deterministic: a fixed CreationDate and fixed info fields (pdfkit derives the file ID from them), the embedded
 * DejaVu Sans subset, and no clock anywhere. test/integration/demo-letters.test.ts checks every letter against its
 * case, and that regenerating them gives the same text as the committed files. Everything is fictitious; see
 * docs/demo-data.md, "Demo letters".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import PDFDocument from 'pdfkit';
import type { FindingCode, Verdict } from '../src/shared/domain/findings';

export const REPO_ROOT = join(__dirname, '..');
export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'resources', 'demo', 'letters');
const FONT = join(REPO_ROOT, 'test', 'fixtures', 'fonts', 'DejaVuSans.ttf');
const CREATED = new Date('2026-11-27T09:00:00Z');
const DATE_LINE = 'Aarhus, 27. november 2026';

/** One line of manifest.json. */
export interface ManifestEntry {
  file: string;
  caseNumber: string;
  /** The policy pack's type key the letter is (and must be recognised as, unless `typeChosen`). */
  documentType: string;
  /** The caseworker picks the type instead of relying on recognition (`brev` has no detection phrases). */
  typeChosen?: boolean;
  /** The chosen recipients' party ids; absent: the proposed ones. */
  recipients?: string[];
  correct: boolean;
  /** Wrong letters: exactly the finding codes the check gives. */
  expectFindings?: FindingCode[];
  /** Wrong letters: the verdict. */
  expectVerdict?: Verdict;
  what: string;
}

interface Letter extends ManifestEntry {
  /** The municipality's department in the letterhead. */
  department: string;
  /** Name and address lines at the top; absent for a letter to several recipients at different addresses. */
  addressBlock?: string[];
  /** The case-number line; defaults to `Sagsnr.: <caseNumber>`. */
  caseLine?: string;
  title: string;
  vedr?: string;
  salutation: string;
  paragraphs: string[];
  signature: [string, string];
}

const BFU = 'Børn og Familie';
const JOB = 'Jobcenter Demo';
const SOC = 'Social og Sundhed';

const KLAGE =
  'Klagevejledning: Du kan klage over afgørelsen til Ankestyrelsen. Klagen sendes til kommunen inden fire uger fra ' +
  'den dag, du har modtaget brevet. Kommunen genvurderer afgørelsen og sender klagen videre, hvis vi fastholder den.';

export const LETTERS: readonly Letter[] = [
  // ---- Correct letters ----
  {
    file: '01-emil-boernefaglig-undersoegelse.pdf',
    caseNumber: '27.24.00-G01-117-25',
    documentType: 'boernefaglig-undersoegelse',
    correct: true,
    what: 'Afsluttet børnefaglig undersøgelse om Emil (12) til begge forældremyndighedsindehavere, som bor hver for sig; Emil selv modtager ikke Digital Post.',
    department: BFU,
    title: 'Afsluttet børnefaglig undersøgelse',
    vedr: 'Emil Eksempelsen, CPR-nr. 140314-4597',
    salutation: 'Kære Mette Eksempelsen og Jonas Prøvesen',
    paragraphs: [
      'Vi har nu afsluttet den børnefaglige undersøgelse efter barnets lov § 20, som vi begyndte i september efter underretningen fra skolen. Undersøgelsen er vedlagt.',
      'Undersøgelsen beskriver barnets udvikling og adfærd, familieforhold, skoleforhold, sundhedsforhold samt fritidsforhold og venskaber. Den bygger på samtale med barnet, samtaler med jer begge og oplysninger fra skolen.',
      'Sammenfatning: Emil trives fagligt, men har brug for støtte til at indgå i fællesskabet i klassen. Vi anbefaler en fast kontaktperson.',
      'Vi kontakter jer for at aftale et møde, hvor vi gennemgår undersøgelsen sammen med Emil.',
    ],
    signature: ['Birgitte Demo', 'socialrådgiver'],
  },
  {
    file: '02-emil-kvittering-underretning-skole.pdf',
    caseNumber: '27.24.00-G01-117-25',
    documentType: 'underretning-kvittering',
    correct: true,
    what: 'Kvittering for underretningen til Demohøj Skole (fagpersonen, der underrettede); uden barnets CPR-nummer.',
    department: BFU,
    addressBlock: ['Demohøj Skole', 'Att.: skolens ledelse', 'Demohøjvej 2', '8200 Aarhus N'],
    title: 'Kvittering for modtagelse af underretning',
    vedr: 'Jeres underretning af 3. november 2026 om en elev i 6. klasse',
    salutation: 'Kære samarbejdspartner',
    paragraphs: [
      'Tak for din underretning. Vi bekræfter hermed, at Børn og Familie har modtaget underretningen, og at den er vurderet inden for 24 timer.',
      'Som fagperson med skærpet underretningspligt har du ret til at få at vide, at vi har iværksat en undersøgelse. Af hensyn til familien kan vi ikke oplyse mere.',
      'Kontakt os, hvis du får nye oplysninger om barnet.',
    ],
    signature: ['Birgitte Demo', 'socialrådgiver'],
  },
  {
    file: '03-ida-orientering-far.pdf',
    caseNumber: '27.12.04-G01-031-26',
    documentType: 'orientering',
    correct: true,
    what: 'Orientering til Idas far, som ikke har forældremyndigheden, men har bedt om orientering; uden moderens adresse og uden CPR-numre.',
    department: BFU,
    addressBlock: ['Mikkel Demosen', 'Demogade 9, 1.', '8660 Skanderborg'],
    title: 'Orientering efter forældreansvarslovens § 23',
    vedr: 'Ida Testrup, født 9. maj 2022',
    salutation: 'Kære Mikkel Demosen',
    paragraphs: [
      'Du har anmodet om orientering om Ida. Som forælder uden forældremyndighed har du ret til orientering om barnets forhold efter forældreansvarslovens § 23.',
      'Vi kan oplyse, at kommunen har modtaget en underretning fra sundhedsplejen, og at vi er ved at vurdere, om Ida og familien har brug for støtte. Ida trives i sin dagpleje.',
      'Oplysninger om barnet, som forældremyndighedsindehaveren har krav på at holde fortrolige, kan vi ikke give videre.',
    ],
    signature: ['Birgitte Demo', 'socialrådgiver'],
  },
  {
    file: '04-ida-kvittering-sundhedsplejen.pdf',
    caseNumber: '27.12.04-G01-031-26',
    documentType: 'underretning-kvittering',
    correct: true,
    what: 'Kvittering for modtaget underretning til Sundhedsplejen, som underrettede om Ida; uden CPR-nummer.',
    department: BFU,
    addressBlock: ['Sundhedsplejen, Sundhedshuset Demoparken', 'Demoparken 1', '8260 Viby J'],
    title: 'Kvittering for modtaget underretning',
    vedr: 'Underretning af 28. oktober 2026 om et barn på 4 år',
    salutation: 'Kære samarbejdspartner',
    paragraphs: [
      'Vi har modtaget din underretning og takker for, at du har handlet på din underretningspligt.',
      'Vi kan bekræfte, at underretningen har givet anledning til, at vi tager kontakt til familien. Yderligere oplysninger om sagen kan vi ikke give.',
    ],
    signature: ['Birgitte Demo', 'socialrådgiver'],
  },
  {
    file: '05-oliver-indkaldelse.pdf',
    caseNumber: '27.24.06-G01-088-26',
    documentType: 'indkaldelse',
    recipients: ['p1'],
    correct: true,
    what: 'Indkaldelse til samtale til Oliver (16) alene, i hans egen postkasse; han bor selv på den beskyttede adresse, så den må stå i adressefeltet.',
    department: BFU,
    addressBlock: ['Oliver Fantasisen', 'Fantasivænget 7, 1. th.', '8270 Højbjerg'],
    title: 'Indkaldelse til samtale',
    vedr: 'Samtale om din kontaktperson',
    salutation: 'Kære Oliver Fantasisen',
    paragraphs: [
      'Vi vil gerne tale med dig om, hvordan det går med din faste kontaktperson, og om du har brug for noget andet.',
      'Tidspunkt: torsdag den 10. december 2026 kl. 15.00. Mødested: Ungecentret, Rådhusvej 1, 8000 Aarhus C.',
      'Du må gerne tage en voksen med. Kan du ikke komme, så meld afbud på 8940 2000.',
    ],
    signature: ['Birgitte Demo', 'socialrådgiver'],
  },
  {
    file: '06-oliver-afgoerelse-kontaktperson.pdf',
    caseNumber: '27.24.06-G01-088-26',
    documentType: 'afgoerelse',
    correct: true,
    what: 'Afgørelse om fast kontaktperson til Oliver og begge forældre: generisk hilsen, intet adressefelt, hverken moderens adresse eller Olivers fulde navn (navne- og adressebeskyttelse).',
    department: BFU,
    title: 'Afgørelse om fast kontaktperson',
    vedr: 'Oliver, CPR-nr. 300110-4209',
    salutation: 'Kære alle',
    paragraphs: [
      'Vi har truffet afgørelse om, at Oliver fortsat får en fast kontaktperson, 4 timer om ugen, til og med 31. december 2027.',
      'Begrundelse for afgørelsen: Kontaktpersonen har hjulpet Oliver med at komme i skole hver dag, og Oliver har selv sagt, at han ønsker at fortsætte. Afgørelsen er truffet efter barnets lov § 32.',
      KLAGE,
    ],
    signature: ['Birgitte Demo', 'socialrådgiver'],
  },
  {
    file: '07-laerke-samvaersafgoerelse.pdf',
    caseNumber: '27.24.10-G01-054-26',
    documentType: 'samvaer-afgoerelse',
    correct: true,
    what: 'Afgørelse om samvær til moderens partsrepræsentant (advokat) og til faderen uden forældremyndighed, der er part; uden Lærkes CPR-nummer og uden moderens adresse.',
    department: BFU,
    title: 'Afgørelse om overvåget samvær',
    vedr: 'Lærke Påhitsen, født 4. juni 2013, anbragt uden for hjemmet',
    salutation: 'Kære Advokathuset Paragraf og Anders Opdigtsen',
    paragraphs: [
      'Vi har truffet afgørelse om samværet mellem Lærke og hendes far, mens hun er anbragt uden for hjemmet.',
      'Samværsordning: overvåget samvær hver anden lørdag fra kl. 10 til 13 på Familiehuset Demo, fra den 5. december 2026. Samværsplanen gennemgås igen om seks måneder.',
      'Vi har lagt vægt på Lærkes egne ønsker, som hun har fortalt dem ved en samtale med sin kontaktperson.',
      KLAGE,
    ],
    signature: ['Birgitte Demo', 'socialrådgiver'],
  },
  {
    file: '08-laerke-partshoering-advokat.pdf',
    caseNumber: '27.24.10-G01-054-26',
    documentType: 'partshoering',
    correct: true,
    what: 'Partshøring til Advokathuset Paragraf, som repræsenterer moderen (forældremyndighedsindehaver); advokaten må se barnets CPR-nummer.',
    department: BFU,
    addressBlock: ['Advokathuset Paragraf', 'Paragrafgade 12, 2.', '8000 Aarhus C'],
    title: 'Partshøring før afgørelse om fortsat anbringelse',
    vedr: 'Lærke Påhitsen, CPR-nr. 040613-5924',
    salutation: 'Kære Advokathuset Paragraf',
    paragraphs: [
      'Inden vi træffer afgørelse om Lærkes fortsatte anbringelse, har din klient mulighed for at komme med bemærkninger til oplysningerne i sagen, jf. forvaltningslovens § 19.',
      'Vi har særligt lagt vægt på den opdaterede handleplan og på udtalelsen fra opholdsstedet, som er vedlagt.',
      'Frist for bemærkninger: Send dine bemærkninger senest den 11. december 2026.',
    ],
    signature: ['Birgitte Demo', 'socialrådgiver'],
  },
  {
    file: '09-alma-indkaldelse-far.pdf',
    caseNumber: '27.12.02-G01-209-26',
    documentType: 'indkaldelse',
    correct: true,
    what: 'Indkaldelse til møde om familiebehandling til Almas far, der har forældremyndigheden alene; moderen (nægtet orientering) får intet.',
    department: BFU,
    addressBlock: ['Martin Kopisen', 'Kopivej 8', '8520 Lystrup'],
    title: 'Indkaldelse til møde',
    vedr: 'Alma Kopisen, CPR-nr. 151018-6892',
    salutation: 'Kære Martin Kopisen',
    paragraphs: [
      'Du er indkaldt til et opfølgningsmøde om familiebehandlingen.',
      'Tidspunkt: tirsdag den 8. december 2026 kl. 9.30. Mødested: Familiehuset Demo, Rådhusvej 1, 8000 Aarhus C.',
      'Kan du ikke komme, så meld afbud senest dagen før.',
    ],
    signature: ['Birgitte Demo', 'familiebehandler'],
  },
  {
    file: '10-kasper-afgoerelse-virksomhedspraktik.pdf',
    caseNumber: '15.20.08-G01-377-26',
    documentType: 'afgoerelse',
    correct: true,
    what: 'Afgørelse om virksomhedspraktik til Kasper, som nævner hans relaterede kontanthjælpssag 32.18.02-G01-412-24 (ikke et fremmed sagsnummer). Giver REPRESENTATION_EXPIRED (warn) fordi fagforeningens repræsentation udløb 31.10.2026: demo-brevenes ene advarsel.',
    department: JOB,
    addressBlock: ['Kasper Attrapsen', 'Attrapvej 30, 4. mf.', '8210 Aarhus V'],
    title: 'Afgørelse om virksomhedspraktik',
    vedr: 'Kasper Attrapsen, CPR-nr. 080493-9863',
    salutation: 'Kære Kasper Attrapsen',
    paragraphs: [
      'Vi har besluttet, at du kan komme i virksomhedspraktik hos Fiktiv Byg ApS i 13 uger fra den 4. januar 2027, 25 timer om ugen.',
      'Din kontanthjælp fortsætter under praktikken; den hører til din sag 32.18.02-G01-412-24 og ændres ikke af denne afgørelse.',
      KLAGE,
    ],
    signature: ['Peter Demo', 'jobkonsulent'],
  },
  {
    file: '11-nadia-afgoerelse-fleksjob-repraesentant.pdf',
    caseNumber: '15.25.00-G01-096-26',
    documentType: 'afgoerelse',
    correct: true,
    what: 'Afgørelse om fleksjob til Nadias gyldige partsrepræsentant (Karim, repræsentation for afgørelser til 28.02.2027); han må se hendes CPR-nummer.',
    department: JOB,
    addressBlock: ['Karim Mønstersen', 'Mønstervej 2A', '8230 Åbyhøj'],
    title: 'Afgørelse om fleksjob',
    vedr: 'Nadia Mønstersen, CPR-nr. 050979-1150',
    salutation: 'Kære Karim Mønstersen',
    paragraphs: [
      'Som partsrepræsentant for Nadia Mønstersen får du her afgørelsen om fleksjob.',
      'Vi har truffet afgørelse om, at Nadia kan ansættes i fleksjob hos Café Mønstret ApS med 15 timer om ugen fra den 1. januar 2027. Afgørelsen er truffet efter lov om en aktiv beskæftigelsesindsats.',
      KLAGE,
    ],
    signature: ['Peter Demo', 'jobkonsulent'],
  },
  {
    file: '12-nadia-brev-arbejdsgiver.pdf',
    caseNumber: '15.25.00-G01-096-26',
    documentType: 'brev',
    typeChosen: true,
    recipients: ['p3'],
    correct: true,
    what: 'Generelt brev til arbejdsgiveren Café Mønstret ApS (part i egen ret, valgt af sagsbehandleren) om fleksjobbets start; uden borgerens CPR-nummer. Typen vælges, da "Generelt brev" ikke har kendetegn.',
    department: JOB,
    addressBlock: ['Café Mønstret ApS', 'Mønstergade 21', '8000 Aarhus C'],
    title: 'Fleksjob hos jer fra 1. januar 2027',
    vedr: 'Nadia Mønstersen',
    salutation: 'Kære Café Mønstret ApS',
    paragraphs: [
      'Tak for en god snak om ansættelsen. Vi sender hermed fleksjobaftalen, som I skal underskrive og returnere.',
      'Tilskuddet udbetales månedsvis bagud. Skriv til os, hvis arbejdstiden ændres.',
    ],
    signature: ['Peter Demo', 'jobkonsulent'],
  },
  {
    file: '13-bent-afgoerelse-fysisk-post.pdf',
    caseNumber: '27.36.12-G01-061-26',
    documentType: 'afgoerelse',
    correct: true,
    what: 'Afgørelse om socialpædagogisk støtte til Bent, som er fritaget for Digital Post: sendes som fysisk post til hans adresse; værgerne dækker ikke en afgørelse med området "both".',
    department: SOC,
    addressBlock: ['Bent Skabelonsen', 'Skabelonvej 11, st.', '8240 Risskov'],
    title: 'Afgørelse om socialpædagogisk støtte',
    vedr: 'Bent Skabelonsen, CPR-nr. 260265-0299',
    salutation: 'Kære Bent Skabelonsen',
    paragraphs: [
      'Vi har truffet afgørelse om, at du fortsat får socialpædagogisk støtte 6 timer om ugen efter servicelovens § 85.',
      'Begrundelse for afgørelsen: Støtten hjælper dig med at handle ind, lave mad og holde styr på dine aftaler.',
      KLAGE,
    ],
    signature: ['Lene Demo', 'sagsbehandler'],
  },
  {
    file: '14-bent-psykologisk-udredning.pdf',
    caseNumber: '27.36.12-G01-061-26',
    documentType: 'psykologisk-undersoegelse',
    correct: true,
    what: 'Psykologisk udredning til Bent (fysisk post) og hans personlige værge (værgemålet dækker personlige forhold); den økonomiske værge får den ikke.',
    department: SOC,
    title: 'Psykologisk udredning',
    vedr: 'Bent Skabelonsen, CPR-nr. 260265-0299',
    salutation: 'Kære Bent Skabelonsen og Inger Skabelonsen',
    paragraphs: [
      'Hermed den psykologiske udredning, som autoriseret psykolog Karen Demo har udarbejdet.',
      'Udredningen beskriver Bents kognitive funktioner og hans behov for struktur i hverdagen. Testresultater og observation fra tre besøg i hjemmet er gengivet i bilaget.',
      'Vi gennemgår gerne udredningen med jer ved et møde.',
    ],
    signature: ['Lene Demo', 'sagsbehandler'],
  },
  {
    file: '15-hanne-aktindsigt-bror.pdf',
    caseNumber: '27.20.04-G01-144-26',
    documentType: 'aktindsigt',
    correct: true,
    what: 'Svar på anmodning om aktindsigt til Torben (den, der har anmodet), kun til ham; uden CPR-numre.',
    department: SOC,
    addressBlock: ['Torben Fiktivsen', 'Fiktivgade 88, 3. th.', '2200 København N'],
    title: 'Svar på din anmodning om aktindsigt',
    vedr: 'Sagen om plejevederlag til pasning af din far',
    salutation: 'Kære Torben Fiktivsen',
    paragraphs: [
      'Vi har behandlet din anmodning om aktindsigt af 12. november 2026.',
      'Du får aktindsigt i de dokumenter, der vedrører din fars forhold. Oplysninger om din søsters økonomi er undtaget fra aktindsigt efter offentlighedslovens § 7 og forvaltningslovens § 9.',
      'Vedlagt finder du dokumentlisten og de dokumenter, du har fået aktindsigt i.',
    ],
    signature: ['Lene Demo', 'sagsbehandler'],
  },
  {
    file: '16-hanne-afgoerelse-plejevederlag.pdf',
    caseNumber: '27.20.04-G01-144-26',
    documentType: 'afgoerelse',
    correct: true,
    what: 'Afgørelse om plejevederlag til Hanne; hendes afdøde far nævnes ved navn, men uden CPR-nummer, og er ikke modtager.',
    department: SOC,
    addressBlock: ['Hanne Fiktivsen', 'Fiktivhaven 19', '8462 Harlev J'],
    title: 'Afgørelse om plejevederlag',
    vedr: 'Hanne Fiktivsen, CPR-nr. 220468-2874',
    salutation: 'Kære Hanne Fiktivsen',
    paragraphs: [
      'Vi har truffet afgørelse om, at du får plejevederlag for perioden, hvor du passede din far, Poul Fiktivsen, i hjemmet. Vi kondolerer.',
      'Plejevederlaget udbetales for perioden 2. september til 14. oktober 2026 efter servicelovens § 119.',
      KLAGE,
    ],
    signature: ['Lene Demo', 'sagsbehandler'],
  },
  {
    file: '17-bent-oekonomisk-hjaelp-vaerge.pdf',
    caseNumber: '27.36.12-G01-061-26',
    documentType: 'oekonomisk-afgoerelse',
    correct: true,
    what: 'Afgørelse om hjælp til særlige udgifter til Bent (fysisk post) og hans økonomiske værge, hvis værgemål dækker økonomiske forhold; den personlige værge får den ikke.',
    department: SOC,
    title: 'Afgørelse om hjælp til særlige udgifter',
    vedr: 'Bent Skabelonsen, CPR-nr. 260265-0299',
    salutation: 'Kære Bent Skabelonsen og Lone Modelsen',
    paragraphs: [
      'Vi har truffet afgørelse om, at du får hjælp til særlige udgifter til en ny seng på 4.200 kr. efter aktivlovens § 81.',
      'Beløbet udbetales til din konto, som din værge administrerer.',
      KLAGE,
    ],
    signature: ['Lene Demo', 'sagsbehandler'],
  },
  {
    file: '18-emil-psykologisk-undersoegelse.pdf',
    caseNumber: '27.24.00-G01-117-25',
    documentType: 'psykologisk-undersoegelse',
    correct: true,
    what: 'Psykologisk undersøgelse af Emil (12) til begge forældremyndighedsindehavere; typen skal altid godkendes af en leder, før den sendes.',
    department: BFU,
    title: 'Psykologisk undersøgelse',
    vedr: 'Emil Eksempelsen, CPR-nr. 140314-4597',
    salutation: 'Kære Mette Eksempelsen og Jonas Prøvesen',
    paragraphs: [
      'Hermed den psykologiske undersøgelse af Emil, som autoriseret psykolog Karen Demo har udarbejdet som en del af den børnefaglige undersøgelse.',
      'Undersøgelsen beskriver Emils kognitive udvikling, hans trivsel i klassen og hans relationer til jævnaldrende. Testresultater og observationer fra skolen og hjemmet er gengivet i bilaget.',
      'Vi gennemgår gerne undersøgelsen med jer og Emil ved et møde.',
    ],
    signature: ['Birgitte Demo', 'socialrådgiver'],
  },

  // ---- Wrong letters: each shows a classic error ----
  {
    file: '51-forkert-sagsnummer.pdf',
    caseNumber: '27.12.02-G01-209-26',
    documentType: 'indkaldelse',
    correct: false,
    expectFindings: ['CASE_NUMBER_MISMATCH'],
    expectVerdict: 'block',
    what: 'FORKERT: indkaldelse til Almas far, men brevskabelonen har Idas sagsnummer (27.12.04-G01-031-26) fra en anden sag.',
    department: BFU,
    addressBlock: ['Martin Kopisen', 'Kopivej 8', '8520 Lystrup'],
    caseLine: 'Sagsnr.: 27.12.04-G01-031-26',
    title: 'Indkaldelse til møde',
    vedr: 'Alma Kopisen, CPR-nr. 151018-6892',
    salutation: 'Kære Martin Kopisen',
    paragraphs: [
      'Du er indkaldt til et opfølgningsmøde om familiebehandlingen.',
      'Tidspunkt: tirsdag den 8. december 2026 kl. 9.30. Mødested: Familiehuset Demo, Rådhusvej 1, 8000 Aarhus C.',
    ],
    signature: ['Birgitte Demo', 'familiebehandler'],
  },
  {
    file: '52-forkert-barn.pdf',
    caseNumber: '27.24.00-G01-117-25',
    documentType: 'boernefaglig-undersoegelse',
    correct: false,
    expectFindings: ['SUBJECT_MISMATCH', 'UNKNOWN_CPR'],
    expectVerdict: 'block',
    what: 'FORKERT: en børnefaglig undersøgelse om et andet barn (Ida, fra en anden sag) lagt på Emils sag og sendt til Emils forældre.',
    department: BFU,
    title: 'Afsluttet børnefaglig undersøgelse',
    vedr: 'Ida Testrup, CPR-nr. 090522-5672',
    salutation: 'Kære forældre',
    paragraphs: [
      'Vi har nu afsluttet den børnefaglige undersøgelse efter barnets lov § 20. Undersøgelsen er vedlagt.',
      'Den beskriver barnets udvikling og adfærd, familieforhold og sundhedsforhold. Sammenfatning: Ida trives i dagplejen.',
    ],
    signature: ['Birgitte Demo', 'socialrådgiver'],
  },
  {
    file: '53-beskyttet-adresse-til-far.pdf',
    caseNumber: '27.24.06-G01-088-26',
    documentType: 'indkaldelse',
    recipients: ['p3'],
    correct: false,
    expectFindings: ['PROTECTED_ADDRESS_LEAK'],
    expectVerdict: 'block',
    what: 'FORKERT: indkaldelse til et hjemmebesøg sendt til Olivers far, med moderens og Olivers beskyttede adresse som mødested.',
    department: BFU,
    addressBlock: ['Rasmus Kulissen', 'Kulissevej 22', '8600 Silkeborg'],
    title: 'Indkaldelse til møde',
    vedr: 'Oliver, CPR-nr. 300110-4209',
    salutation: 'Kære Rasmus Kulissen',
    paragraphs: [
      'Vi holder et møde om Olivers kontaktperson, og du er indkaldt.',
      'Tidspunkt: mandag den 14. december 2026 kl. 16.00. Mødested: hjemme hos Camilla Fantasisen, Fantasivænget 7, 1. th., 8270 Højbjerg.',
    ],
    signature: ['Birgitte Demo', 'socialrådgiver'],
  },
  {
    file: '54-forkert-navn-i-hilsen.pdf',
    caseNumber: '27.20.04-G01-144-26',
    documentType: 'afgoerelse',
    correct: false,
    expectFindings: ['ADDRESSEE_MISMATCH'],
    expectVerdict: 'warn',
    what: 'FORKERT: afgørelsen om plejevederlag skal til Hanne, men adressefelt og hilsen er til hendes bror Torben.',
    department: SOC,
    addressBlock: ['Torben Fiktivsen', 'Fiktivgade 88, 3. th.', '2200 København N'],
    title: 'Afgørelse om plejevederlag',
    vedr: 'Hanne Fiktivsen, CPR-nr. 220468-2874',
    salutation: 'Kære Torben Fiktivsen',
    paragraphs: [
      'Vi har truffet afgørelse om, at du får plejevederlag for perioden 2. september til 14. oktober 2026.',
      KLAGE,
    ],
    signature: ['Lene Demo', 'sagsbehandler'],
  },
  {
    file: '55-orientering-med-mors-cpr.pdf',
    caseNumber: '27.12.04-G01-031-26',
    documentType: 'orientering',
    correct: false,
    expectFindings: ['PROTECTED_ADDRESS_LEAK', 'SUBJECT_MISMATCH', 'THIRD_PARTY_CPR'],
    expectVerdict: 'block',
    what: 'FORKERT: orientering til faderen uden forældremyndighed, som indeholder moderens (forældremyndighedsindehaverens) CPR-nummer og adresse.',
    department: BFU,
    addressBlock: ['Mikkel Demosen', 'Demogade 9, 1.', '8660 Skanderborg'],
    title: 'Orientering efter forældreansvarslovens § 23',
    vedr: 'Ida Testrup, født 9. maj 2022',
    salutation: 'Kære Mikkel Demosen',
    paragraphs: [
      'Du har anmodet om orientering om Ida efter forældreansvarslovens § 23.',
      'Ida bor hos sin mor, Sara Testrup, CPR-nr. 170295-0074, Testrupvej 41, st. tv., 8260 Viby J, og trives i sin dagpleje.',
    ],
    signature: ['Birgitte Demo', 'socialrådgiver'],
  },
  {
    file: '56-orientering-naegtet.pdf',
    caseNumber: '27.12.02-G01-209-26',
    documentType: 'orientering',
    recipients: ['p3'],
    correct: false,
    expectFindings: ['RECIPIENT_NOT_ELIGIBLE'],
    expectVerdict: 'block',
    what: 'FORKERT: orientering til Almas mor, hvis ret til orientering er nægtet; hun kan ikke vælges som modtager.',
    department: BFU,
    addressBlock: ['Louise Skitsesen', 'Skitsevej 4, 2. tv.', '5000 Odense C'],
    title: 'Orientering om dit barn',
    vedr: 'Alma Kopisen, født 15. oktober 2018',
    salutation: 'Kære Louise Skitsesen',
    paragraphs: [
      'Du har anmodet om orientering efter forældreansvarslovens § 23. Alma modtager familiebehandling sammen med sin far.',
    ],
    signature: ['Birgitte Demo', 'socialrådgiver'],
  },
  {
    file: '57-udloebet-repraesentant.pdf',
    caseNumber: '15.20.08-G01-377-26',
    documentType: 'partshoering',
    recipients: ['p3'],
    correct: false,
    expectFindings: ['THIRD_PARTY_CPR', 'RECIPIENT_NOT_ELIGIBLE', 'REPRESENTATION_EXPIRED'],
    expectVerdict: 'block',
    what: 'FORKERT: partshøring sendt til fagforeningen, hvis repræsentation udløb 31.10.2026; den må hverken modtage brevet eller se Kaspers CPR-nummer.',
    department: JOB,
    addressBlock: ['Demo Fagforening Aarhus', 'Demostræde 10', '8000 Aarhus C'],
    title: 'Partshøring',
    vedr: 'Kasper Attrapsen, CPR-nr. 080493-9863',
    salutation: 'Kære Demo Fagforening Aarhus',
    paragraphs: [
      'Inden vi træffer afgørelse om virksomhedspraktikken, har dit medlem mulighed for at komme med bemærkninger.',
      'Frist for bemærkninger: senest den 11. december 2026.',
    ],
    signature: ['Peter Demo', 'jobkonsulent'],
  },
  {
    file: '58-aegtefaelles-cpr-foraeldet-sag.pdf',
    caseNumber: '32.18.02-G01-412-24',
    documentType: 'oekonomisk-afgoerelse',
    correct: false,
    expectFindings: ['THIRD_PARTY_CPR', 'CASE_DATA_STALE'],
    expectVerdict: 'warn',
    what: 'FORKERT: afgørelse om kontanthjælp til Kasper med ægtefællens CPR-nummer; sagens data er desuden forældede (asOf 2025-01-14).',
    department: JOB,
    addressBlock: ['Kasper Attrapsen', 'Attrapvej 30, 4. mf.', '8210 Aarhus V'],
    title: 'Afgørelse om kontanthjælp',
    vedr: 'Kasper Attrapsen, CPR-nr. 080493-9863',
    salutation: 'Kære Kasper Attrapsen',
    paragraphs: [
      'Vi har truffet afgørelse om din kontanthjælp fra den 1. januar 2027.',
      'Ved beregningen indgår din ægtefælle, Nanna Attrapsen, CPR-nr. 021094-2036, og hendes indtægt.',
      KLAGE,
    ],
    signature: ['Peter Demo', 'jobkonsulent'],
  },
];

/** The manifest line of a letter: everything but how it is drawn. */
export function manifestEntry(l: Letter): ManifestEntry {
  return {
    file: l.file,
    caseNumber: l.caseNumber,
    documentType: l.documentType,
    ...(l.typeChosen ? { typeChosen: true } : {}),
    ...(l.recipients ? { recipients: l.recipients } : {}),
    correct: l.correct,
    ...(l.expectFindings ? { expectFindings: l.expectFindings } : {}),
    ...(l.expectVerdict ? { expectVerdict: l.expectVerdict } : {}),
    what: l.what,
  };
}

/** Encryption for test fixtures (a user password, or an owner password only); the demo letters have none. */
export interface LetterEncryption {
  userPassword?: string;
  ownerPassword: string;
}

/**
 * One letter as a PDF: letterhead, address block, date and case number, title, Vedr., salutation, body, signature.
 * With `encryption`, pdfkit encrypts it with AES-256 (PDF 1.7 extension level 3, which pdf.js reads).
 */
export function renderLetter(
  l: Letter,
  encryption?: LetterEncryption,
  creator = 'Sendeassistent demo-letters',
): Promise<Buffer> {
  return new Promise((resolvePdf, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 56, bottom: 56, left: 70, right: 70 },
      ...(encryption
        ? {
            pdfVersion: '1.7ext3' as const,
            ...(encryption.userPassword ? { userPassword: encryption.userPassword } : {}),
            ownerPassword: encryption.ownerPassword,
            permissions: { printing: 'highResolution' as const, copying: false, modifying: false },
          }
        : {}),
      info: {
        Title: l.title,
        Author: `Demo Kommune, ${l.department}`,
        Subject: `Sagsnr. ${l.caseNumber}`,
        Creator: creator,
        Producer: 'pdfkit',
        CreationDate: CREATED,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolvePdf(Buffer.concat(chunks)));
    doc.on('error', reject);

    doc.font(FONT);
    doc.fontSize(16).text('Demo Kommune');
    doc.fontSize(9).text(l.department);
    doc.text('Rådhusvej 1, 8000 Aarhus C · www.demo-kommune.dk');
    doc.moveDown(2);
    doc.fontSize(11);
    if (l.addressBlock) {
      for (const line of l.addressBlock) doc.text(line);
      doc.moveDown(1.5);
    }
    doc.text(DATE_LINE);
    doc.text(l.caseLine ?? `Sagsnr.: ${l.caseNumber}`);
    doc.moveDown(1.5);
    doc.fontSize(14).text(l.title);
    doc.fontSize(11);
    if (l.vedr) doc.text(`Vedr.: ${l.vedr}`);
    doc.moveDown();
    doc.text(l.salutation);
    doc.moveDown(0.5);
    for (const p of l.paragraphs) doc.text(p, { align: 'left' }).moveDown(0.6);
    doc.moveDown();
    doc.text('Med venlig hilsen');
    doc.moveDown(0.5);
    doc.text(l.signature[0]);
    doc.text(`${l.signature[1]}, Demo Kommune, ${l.department}`);
    doc.end();
  });
}

/** manifest.json as Prettier writes it: two-space indent, short arrays of strings on one line. */
export function manifestJson(manifest: readonly ManifestEntry[]): string {
  const json = JSON.stringify({ letters: manifest }, null, 2);
  const oneLine = json.replace(
    /\[\n\s*("[^"\n]*"(?:,\n\s*"[^"\n]*")*)\n\s*\]/gu,
    (_all, items: string) => `[${items.split(/,\n\s*/u).join(', ')}]`,
  );
  return `${oneLine}\n`;
}

/** Writes every letter and manifest.json into `outDir`; returns the manifest. */
export async function generateDemoLetters(outDir: string = DEFAULT_OUT_DIR): Promise<ManifestEntry[]> {
  mkdirSync(outDir, { recursive: true });
  for (const l of LETTERS) writeFileSync(join(outDir, l.file), await renderLetter(l));
  const manifest = LETTERS.map(manifestEntry);
  writeFileSync(join(outDir, 'manifest.json'), manifestJson(manifest));
  return manifest;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(__filename);
if (invokedDirectly) {
  const outDir = resolve(process.argv[2] ?? DEFAULT_OUT_DIR);
  generateDemoLetters(outDir).then(
    (m) => console.log(`${m.length} demo letters and manifest.json written to ${outDir}`),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
