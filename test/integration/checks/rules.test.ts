/**
 * One row per recipient rule of domain.md ("Who may receive"): a small Danish letter of a type the rule is about,
 * printed by both producers, read by the real extraction worker, its type recognised from the PDF (not chosen),
 * and checked end to end by runCheck with the default policy pack on a fixed day. Each row asserts the proposal of
 * the parties the rule is about and the rule ids of their reasons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Party } from '../../../src/shared/domain/case-file';
import type { RecipientChannel } from '../../../src/shared/domain/proposal';
import { caseOf, person } from '../../fixtures/checks/cases';
import {
  analysedOf,
  check,
  prepare,
  withCode,
  type Bench,
  type Document,
} from '../../fixtures/checks/harness';
import { letter, PRODUCERS, type Letter } from '../../fixtures/checks/letters';

interface Expected {
  eligible: boolean;
  proposed: boolean;
  channel: RecipientChannel;
  /** Rule ids that must be among the party's reasons. */
  rules: string[];
}

interface Row extends Document {
  rule: string;
  /** The type the letter must be recognised as (with confidence). */
  type: string;
  parties: Record<string, Expected>;
  /** Further checks on the result. */
  also?: (r: ReturnType<typeof check>) => void;
}

const proposedTo = (channel: RecipientChannel, ...rules: string[]): Expected => ({
  eligible: true,
  proposed: true,
  channel,
  rules,
});
const eligibleOnly = (channel: RecipientChannel, ...rules: string[]): Expected => ({
  eligible: true,
  proposed: false,
  channel,
  rules,
});
const refused = (...rules: string[]): Expected => ({
  eligible: false,
  proposed: false,
  channel: 'none',
  rules,
});

// --- parties -----------------------------------------------------------------------------------------------------

const child = (years: number, extra: Partial<Party> = {}) =>
  person('p1', 'Ida Kristensen', years, { roles: ['subject'], ...extra });
const mother = (extra: Partial<Party> = {}) =>
  person('p2', 'Hanne Kristensen', 41, { roles: ['parent'], custody: true, ...extra });
const father = (extra: Partial<Party> = {}) =>
  person('p3', 'Thomas Kristensen', 44, { roles: ['parent'], custody: true, ...extra });
const adult = (extra: Partial<Party> = {}) =>
  person('p1', 'Bente Møller', 52, { roles: ['subject'], ...extra });

// --- letters, one per row ----------------------------------------------------------------------------------------

const KLAGE = 'Klagevejledning: Du kan klage over afgørelsen til Ankestyrelsen inden fire uger.';

function decision(title: string, vedr: string, body: string): Letter {
  return letter({
    caseLine: 'Sagsnr. 27.24.00-G01-201-26',
    title,
    vedr,
    salutation: 'Kære forældre',
    body: [body, KLAGE],
  });
}

const ROWS: Row[] = [
  {
    rule: 'both custody holders are proposed, whether or not they live together',
    type: 'indkaldelse',
    letter: letter({
      caseLine: 'Sagsnr. 27.24.00-G01-201-26',
      title: 'Indkaldelse til møde om Ida',
      vedr: 'Vedr. Ida Kristensen',
      salutation: 'Kære Hanne Kristensen og Thomas Kristensen',
      body: [
        'Vi indkalder jer til et møde om Idas skolegang.',
        'Mødested: Familiehuset. Tidspunkt: 8. december 2026 kl. 9.00. Meld afbud, hvis I ikke kan komme.',
      ],
    }),
    case: caseOf([
      child(8),
      mother(),
      father({ address: { street: 'Engvej 40', postalCode: '8200', city: 'Aarhus N' } }),
    ]),
    parties: {
      p2: proposedTo('digital', 'custody-holder', 'channel-digital'),
      p3: proposedTo('digital', 'custody-holder', 'channel-digital'),
    },
  },
  {
    rule: 'a child under 15 is never a recipient',
    type: 'partshoering',
    letter: letter({
      caseLine: 'Sagsnr. 27.24.00-G01-201-26',
      title: 'Partshøring',
      vedr: 'Vedr. Ida Kristensen',
      salutation: 'Kære forældre',
      body: [
        'Inden vi træffer afgørelse om aflastning til Ida, vil vi give jer mulighed for at kommentere oplysningerne.',
        'Frist for bemærkninger: senest den 12. december 2026 (forvaltningslovens § 19).',
      ],
    }),
    case: caseOf([child(9), mother(), father()]),
    parties: { p1: refused('child-under-15'), p2: proposedTo('digital', 'custody-holder') },
  },
  {
    rule: 'a child of 10–14 in a childPartyFrom10 type is listed, not eligible, with the hand-over reason',
    type: 'afgoerelse',
    letter: decision(
      'Afgørelse om aflastning',
      'Vedr. Ida Kristensen',
      'Vi har truffet afgørelse om, at Ida får aflastning i en plejefamilie en weekend om måneden.',
    ),
    case: caseOf([child(12), mother(), father()]),
    parties: {
      p1: refused('child-party-10-14'),
      p2: proposedTo('digital', 'custody-holder'),
      p3: proposedTo('digital', 'custody-holder'),
    },
    also: (r) => {
      const p1 = r.proposal.find((p) => p.partyId === 'p1');
      expect(p1?.reasons[0]?.text).toMatch(/overleveres og forklares personligt/);
    },
  },
  {
    rule: 'a young person of 15–17 receives, and the custody holders still do',
    type: 'afgoerelse',
    letter: decision(
      // Not "Afgørelse om kontaktperson": the recogniser reads that title as the samvær type's "Afgørelse om
      // kontakt" (a phrase may end inside a word), see the report of this change.
      'Afgørelse om støtte til Ida',
      'Vedr. Ida Kristensen',
      'Vi har truffet afgørelse om, at Ida får en fast kontaktperson fra januar 2027.',
    ),
    case: caseOf([child(16), mother(), father()]),
    parties: {
      p1: proposedTo('digital', 'young-person-own-mailbox'),
      p2: proposedTo('digital', 'custody-holder'),
      p3: proposedTo('digital', 'custody-holder'),
    },
  },
  {
    rule: 'a parent without custody is not proposed for a decision',
    type: 'afgoerelse',
    letter: decision(
      'Afgørelse om støtte til fritidsaktiviteter',
      'Vedr. Ida Kristensen',
      'Vi har truffet afgørelse om, at Ida får betalt kontingent til svømmeklubben.',
    ),
    case: caseOf([child(8), mother(), father({ custody: false, orientationRequested: true })]),
    parties: { p2: proposedTo('digital', 'custody-holder'), p3: refused('parent-without-custody') },
  },
  {
    rule: 'a parent without custody receives an orientering when it was requested and not refused',
    type: 'orientering',
    letter: orientation('Orienteringen gælder Idas skolegang i efteråret 2026.'),
    case: caseOf([child(8), mother(), father({ custody: false, orientationRequested: true })]),
    parties: { p2: refused('not-audience'), p3: proposedTo('digital', 'orientation-requested') },
  },
  {
    rule: 'a parent without custody gets no orientering without a recorded request',
    type: 'orientering',
    letter: orientation('Orienteringen gælder Idas trivsel i børnehaven.'),
    case: caseOf([child(5), mother(), father({ custody: false })]),
    parties: { p3: refused('orientation-not-requested') },
  },
  {
    rule: 'a parent without custody gets no orientering when it was refused',
    type: 'orientering',
    letter: orientation('Orienteringen gælder Idas helbred og lægebesøg.'),
    case: caseOf([
      child(8),
      mother(),
      father({ custody: false, orientationRequested: true, orientationRefused: true }),
    ]),
    parties: { p3: refused('orientation-refused') },
  },
  {
    rule: 'a samvær decision goes to the parent without custody who is a party',
    type: 'samvaer-afgoerelse',
    letter: letter({
      caseLine: 'Sagsnr. 27.24.00-G01-201-26',
      title: 'Afgørelse om samvær',
      vedr: 'Vedr. Ida Kristensen',
      salutation: 'Kære forældre',
      body: [
        'Vi har fastsat en samværsordning, hvor Ida er hos sin far hver anden weekend som støttet samvær.',
        KLAGE,
      ],
    }),
    case: caseOf([child(8), mother(), father({ custody: false })]),
    parties: {
      p2: proposedTo('digital', 'custody-holder'),
      p3: proposedTo('digital', 'contact-decision-party'),
    },
  },
  {
    rule: 'a valid representative replaces the party',
    type: 'afgoerelse',
    letter: adultDecision(
      'Afgørelse om ressourceforløb',
      'Vi har truffet afgørelse om, at du fortsætter i ressourceforløb.',
    ),
    case: caseOf(
      [
        adult(),
        person('p4', 'Jens Bjørn Larsen', 50, {
          roles: ['representative'],
          represents: 'p1',
          validUntil: '2027-06-30',
          documentTypes: ['all'],
        }),
      ],
      { area: 'employment' },
    ),
    parties: {
      p1: eligibleOnly('digital', 'subject-party', 'represented'),
      p4: proposedTo('digital', 'representative-valid'),
    },
  },
  {
    rule: 'an expired representative is not eligible, and the party is proposed again',
    type: 'afgoerelse',
    letter: adultDecision(
      'Afgørelse om sygedagpenge',
      'Vi har truffet afgørelse om, at dine sygedagpenge forlænges.',
    ),
    case: caseOf(
      [
        adult(),
        person('p4', 'Jens Bjørn Larsen', 50, {
          roles: ['representative'],
          represents: 'p1',
          validUntil: '2026-10-31',
          documentTypes: ['all'],
        }),
      ],
      { area: 'employment' },
    ),
    parties: { p1: proposedTo('digital', 'subject-party'), p4: refused('representation-expired') },
    also: (r) => expect(withCode(r, 'REPRESENTATION_EXPIRED').map((f) => f.partyId)).toEqual(['p4']),
  },
  {
    rule: 'a guardian by matter: the personal guardian receives a psychologist report, the financial one does not',
    type: 'psykologisk-undersoegelse',
    letter: letter({
      caseLine: 'Sagsnr. 27.24.00-G01-201-26',
      title: 'Psykologisk undersøgelse',
      vedr: 'Vedr. Bente Møller',
      body: [
        'Den autoriserede psykolog har gennemført en undersøgelse af Bentes kognitive funktioner.',
        'Testresultaterne og observationerne er samlet i rapporten nedenfor.',
      ],
    }),
    case: caseOf(
      [
        adult(),
        person('p5', 'Karen Lund', 60, { roles: ['guardian'], scope: 'personal', represents: 'p1' }),
        person('p6', 'Poul Lund', 62, { roles: ['guardian'], scope: 'financial', represents: 'p1' }),
      ],
      { area: 'adult' },
    ),
    parties: { p5: proposedTo('digital', 'guardian-in-scope'), p6: refused('guardian-out-of-scope') },
  },
  {
    rule: 'a guardian by matter: the financial guardian receives a decision on financial assistance, the personal one does not',
    type: 'oekonomisk-afgoerelse',
    letter: adultDecision(
      'Afgørelse om hjælp til særlige udgifter',
      'Vi har truffet afgørelse om, at du får hjælp til særlige udgifter efter aktivlovens § 81.',
    ),
    case: caseOf(
      [
        adult(),
        person('p5', 'Karen Lund', 60, { roles: ['guardian'], scope: 'personal', represents: 'p1' }),
        person('p6', 'Poul Lund', 62, { roles: ['guardian'], scope: 'financial', represents: 'p1' }),
      ],
      { area: 'adult' },
    ),
    parties: { p5: refused('guardian-out-of-scope'), p6: proposedTo('digital', 'guardian-in-scope') },
  },
  {
    rule: 'a party exempt from Digital Post gets physical post',
    type: 'afgoerelse',
    letter: adultDecision(
      'Afgørelse om boligstøtte',
      'Vi har truffet afgørelse om, at du får boligstøtte fra 1. januar 2027.',
    ),
    case: caseOf([adult({ digitalPost: 'exempt' })], { area: 'adult' }),
    parties: { p1: proposedTo('physical', 'subject-party', 'channel-physical-exempt') },
    also: (r) => {
      const p1 = r.proposal.find((p) => p.partyId === 'p1');
      expect(p1?.reasons.map((x) => x.text).join(' ')).toContain('Skovvej 1, 8000 Aarhus C');
      expect(r.recipients).toEqual([{ partyId: 'p1', channel: 'physical' }]);
    },
  },
  {
    rule: 'an unknown Digital Post status leaves the channel to the connector (auto)',
    type: 'afgoerelse',
    letter: adultDecision(
      'Afgørelse om hjælp til medicin',
      'Vi har truffet afgørelse om, at du får hjælp til medicin.',
    ),
    case: caseOf([adult({ digitalPost: 'unknown' })], { area: 'adult' }),
    parties: { p1: proposedTo('auto', 'subject-party', 'channel-auto-unknown') },
  },
  {
    rule: 'a deceased person is never a recipient',
    type: 'indkaldelse',
    letter: letter({
      caseLine: 'Sagsnr. 27.24.00-G01-201-26',
      title: 'Indkaldelse til samtale',
      vedr: 'Vedr. Ida Kristensen',
      salutation: 'Kære Hanne Kristensen',
      body: [
        'Vi indkalder dig til en samtale om Idas hverdag.',
        'Mødested: Familiehuset. Tidspunkt: 10. december 2026 kl. 13.00.',
      ],
    }),
    case: caseOf([child(8), mother(), father({ deceased: true })]),
    parties: { p2: proposedTo('digital', 'custody-holder'), p3: refused('deceased') },
  },
];

function orientation(body: string): Letter {
  return letter({
    caseLine: 'Sagsnr. 27.24.00-G01-201-26',
    title: 'Orientering om dit barn',
    vedr: 'Vedr. Ida Kristensen',
    salutation: 'Kære Thomas Kristensen',
    body: [
      'Du har anmodet om orientering efter forældreansvarslovens § 23 som forælder uden forældremyndighed.',
      body,
    ],
  });
}

function adultDecision(title: string, body: string): Letter {
  return letter({
    caseLine: 'Sagsnr. 27.24.00-G01-201-26',
    title,
    vedr: 'Vedr. Bente Møller',
    body: [body, KLAGE],
  });
}

const DOCUMENTS = new Map<string, Document>(ROWS.map((r) => [r.rule, r]));
let bench: Bench;

beforeAll(async () => {
  bench = await prepare(DOCUMENTS, PRODUCERS);
});

afterAll(async () => {
  await bench.close();
});

describe.each(PRODUCERS)('recipient rules on %s letters', (producer) => {
  it.each(ROWS)('$rule', (row) => {
    const a = analysedOf(bench, producer, row.rule);
    // The type comes from the PDF, not from a choice.
    expect(a.analysis.documentType).toMatchObject({ key: row.type, uncertain: false });
    const r = check(a, row.case);
    expect(r.documentType).toMatchObject({ key: row.type, chosen: false });
    expect(r.proposal.map((p) => p.partyId)).toEqual(row.case.parties.map((p) => p.id));
    for (const [partyId, want] of Object.entries(row.parties)) {
      const got = r.proposal.find((p) => p.partyId === partyId);
      expect(got, partyId).toMatchObject({
        eligible: want.eligible,
        proposed: want.proposed,
        channel: want.channel,
      });
      const ids = got?.reasons.map((x) => x.ruleId) ?? [];
      for (const id of want.rules) expect(ids, `${partyId} reasons`).toContain(id);
      // The reasons are Danish sentences, one for each rule id.
      for (const reason of got?.reasons ?? []) expect(reason.text.length).toBeGreaterThan(10);
    }
    // The recipients are the proposed parties, and nobody else.
    expect(r.recipients.map((x) => x.partyId)).toEqual(
      r.proposal.filter((p) => p.proposed).map((p) => p.partyId),
    );
    expect(withCode(r, 'RECIPIENT_NOT_ELIGIBLE')).toEqual([]);
    row.also?.(r);
  });
});
