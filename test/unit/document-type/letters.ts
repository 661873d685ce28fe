/**
 * Short, fictitious municipal letters as text extraction gives them (one line per line, letterhead first). Names,
 * CPR numbers and addresses are invented.
 */

const head = (unit: string, to: string[], date = '12. november 2026'): string =>
  [
    'Aarhus Kommune',
    unit,
    'Rådhuspladsen 2',
    '8000 Aarhus C',
    'Tlf. 89 40 20 00',
    '',
    ...to,
    '',
    `Dato: ${date}`,
    'Sagsnr.: 27.24.00-G01-117-25',
    'Sagsbehandler: Lise Holm',
    '',
  ].join('\n');

const parents = ['Mette Hansen og Jens Hansen', 'Skovvej 12, 2. th.', '8200 Aarhus N'];
const signature = '\n\nMed venlig hilsen\n\nLise Holm\nSocialrådgiver';

export const LETTERS: Record<string, string> = {
  afgoerelse: `${head('Børn og Unge, Familieafdelingen', parents)}
Afgørelse om forebyggende foranstaltning – kontaktperson til Emil
Vi har besluttet at bevilge en fast kontaktperson til Emil Hansen, CPR-nr. 120312-4567, efter barnets lov § 32.
Kontaktpersonen skal støtte Emil i skolen og i fritiden i 3 timer om ugen fra den 1. december 2026.
Begrundelse for afgørelsen
Vi har lagt vægt på den børnefaglige undersøgelse og på jeres egne ønsker.
Klagevejledning
Du kan klage over afgørelsen til Ankestyrelsen. Klagen skal sendes til os inden 4 uger.${signature}`,

  'oekonomisk-afgoerelse': `${head('Ydelsescenter', ['Karin Sørensen', 'Bøgevej 4', '8210 Aarhus V'])}
Afgørelse om hjælp til særlige udgifter
Vi har truffet afgørelse om, at du får hjælp til tandbehandling på 6.350 kr. efter aktivlovens § 82.
Beløbet udbetales direkte til tandlægen, når behandlingen er afsluttet.
Begrundelse for afgørelsen
Du har ikke selv mulighed for at betale udgiften.
Klagevejledning
Du kan klage over afgørelsen til Ankestyrelsen. Klagen skal sendes til os inden 4 uger.${signature}`,

  partshoering: `${head('Børn og Unge, Familieafdelingen', parents)}
Partshøring
Vi er ved at behandle sagen om støtte til Emil og har fået nye oplysninger fra skolen.
Inden vi træffer afgørelse, har I efter forvaltningslovens § 19 ret til at se og kommentere oplysningerne.
Vi har vedlagt skolens udtalelse af 3. november 2026.
Frist for bemærkninger: senest den 26. november 2026. Hører vi ikke fra jer, træffer vi afgørelse på det
foreliggende grundlag.${signature}`,

  indkaldelse: `${head('Jobcenter Aarhus', ['Karin Sørensen', 'Bøgevej 4', '8210 Aarhus V'])}
Indkaldelse til samtale
Du er indkaldt til en opfølgningssamtale om din sygemelding.
Tidspunkt: tirsdag den 24. november 2026 kl. 10.00
Mødested: Jobcenter Aarhus, Værkmestergade 15, 8000 Aarhus C, lokale 3.12
Har du brug for at melde afbud, så ring til os senest dagen før.${signature}`,

  'boernefaglig-undersoegelse': `${head('Børn og Unge, Familieafdelingen', parents)}
Børnefaglig undersøgelse efter barnets lov § 20
Vedrørende Emil Hansen, CPR-nr. 120312-4567
1. Baggrund for undersøgelsen
Kommunen modtog den 2. september 2026 en underretning fra Emils skole.
2. Barnets udvikling og adfærd
Emil er en glad dreng, som dog har svært ved at koncentrere sig i længere tid.
3. Familieforhold
Emil bor hos sin mor og far og har en lillesøster.
4. Skoleforhold og sundhedsforhold
5. Samtale med barnet
6. Sammenfatning og vurdering${signature}`,

  'psykologisk-undersoegelse': `${head('Pædagogisk Psykologisk Rådgivning (PPR)', parents)}
Psykologisk undersøgelse af Emil Hansen
Undersøgelsen er foretaget af autoriseret psykolog Anne Bech på baggrund af en henvisning fra skolen.
Der er anvendt WISC-V og observation i klassen. Testresultaterne viser gennemsnitlige kognitive funktioner,
men nedsat arbejdshukommelse.
Tilknytning og relationer
Emil har en tryg tilknytning til begge forældre.${signature}`,

  'underretning-kvittering': `${head('Børn og Unge, Modtagelsen', ['Skovvangskolen', 'Att.: Lærer Pia Mortensen', 'Skovvangsvej 140', '8200 Aarhus N'])}
Kvittering for modtagelse af underretning
Vi bekræfter hermed, at vi har modtaget din underretning af 10. november 2026 om en elev på skolen.
Tak for din underretning. Vi vurderer nu, om der er behov for at undersøge barnets forhold nærmere.
Du har skærpet underretningspligt, og du skal underrette igen, hvis du bliver bekymret på ny.${signature}`,

  aktindsigt: `${head('Børn og Unge, Familieafdelingen', ['Jens Hansen', 'Søndergade 7, 1. tv.', '8000 Aarhus C'])}
Svar på din anmodning om aktindsigt
Vi har den 1. november 2026 modtaget din anmodning om aktindsigt i sagen om dit barn.
Du får aktindsigt efter forvaltningslovens § 9. Vedlagt finder du kopi af dokumenterne og en dokumentliste.
Enkelte oplysninger er undtaget fra aktindsigt, fordi de vedrører andre personers private forhold.
Klagevejledning
Du kan klage over afslaget til Ankestyrelsen.${signature}`,

  orientering: `${head('Børn og Unge, Familieafdelingen', ['Jens Hansen', 'Søndergade 7, 1. tv.', '8000 Aarhus C'])}
Orientering om Emils skolegang
Du har anmodet om orientering om dit barn. Som forælder uden forældremyndighed har du efter
forældreansvarslovens § 23 ret til at få oplysninger om barnet fra skoler, sygehuse og sociale myndigheder.
Vi kan oplyse, at Emil fortsat går i 8. klasse og trives.${signature}`,

  'samvaer-afgoerelse': `${head('Børn og Unge, Anbringelsesteamet', ['Jens Hansen', 'Søndergade 7, 1. tv.', '8000 Aarhus C'])}
Afgørelse om samvær med Emil
Vi har besluttet, at dit samvær med Emil, som er anbragt uden for hjemmet, fra 1. december 2026 skal
være overvåget samvær hver anden lørdag kl. 10–13.
Begrundelse for afgørelsen
Vi har lagt vægt på Emils egne ønsker og på plejefamiliens beskrivelse af de seneste samvær.
Klagevejledning
Du kan klage over afgørelsen til Ankestyrelsen inden 4 uger.${signature}`,

  brev: `${head('Borgerservice', ['Karin Sørensen', 'Bøgevej 4', '8210 Aarhus V'])}
Nyt telefonnummer til din sagsbehandler
Fra den 1. december 2026 kan du træffe din sagsbehandler på et nyt direkte nummer: 89 40 12 34.
Telefontiden er fortsat mandag til torsdag kl. 9–12.${signature}`,
};

/** The same letter as one page of text, as `recogniseDocumentType` takes it. */
export const page = (text: string, n = 1): { page: number; text: string; source: 'page' } => ({
  page: n,
  text,
  source: 'page',
});

export { head, parents, signature };

/**
 * A 300-page bundle over 700,000 characters: a børnefaglig undersøgelse followed by 299 pages of case notes. The
 * recognition test types it; bench/check.bench.ts times it.
 */
export function longBundle() {
  const filler = `${'Emil har haft en god uge i skolen og deltager aktivt i undervisningen. Sagsnr. 27.24.00-G01-117-25. '.repeat(25)}\n`;
  return [
    page(LETTERS['boernefaglig-undersoegelse'] ?? ''),
    ...Array.from({ length: 299 }, (_, i) => page(filler.replace('Emil', `Emil ${i}`), i + 2)),
  ];
}
