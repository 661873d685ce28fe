import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseFileSchema, type Case, type Party } from '../../src/shared/domain/case-file';

/** The demo cases the harness seeds, read from the same file, so tests follow the data instead of copying it. */
export const demoCases: readonly Case[] = caseFileSchema.parse(
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'resources', 'demo', 'cases.json'), 'utf8')),
).cases;

export const CHILDREN_CASE = '27.24.00-G01-117-25';

export function demoCase(caseNumber: string): Case {
  const found = demoCases.find((c) => c.caseNumber === caseNumber);
  if (!found) throw new Error(`The demo data has no case ${caseNumber}`);
  return found;
}

/** The first demo party that matches, with its case: for tests of one marker (protection, exemption, …). */
export function firstParty(match: (p: Party) => boolean): { caseFile: Case; party: Party } {
  for (const caseFile of demoCases) {
    const party = caseFile.parties.find(match);
    if (party) return { caseFile, party };
  }
  throw new Error('No demo party matches; the demo data no longer shows this case');
}

export const screenshotPath = (name: string) => join(__dirname, 'screenshots', `${name}.png`);

/** The demo users (docs/demo-data.md) as the window lists them, by username, with their role in words. */
export const DEMO_USER_ROWS = [
  { username: 'admin', name: 'Demo Administrator', role: 'Administrator' },
  { username: 'leder', name: 'Lone Leder', role: 'Leder' },
  { username: 'leder2', name: 'Lars Leder', role: 'Leder' },
  { username: 'sagsbehandler', name: 'Sara Sagsbehandler', role: 'Sagsbehandler' },
] as const;
