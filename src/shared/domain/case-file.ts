import { z } from 'zod';

/**
 * The case-file format (cases with their parties), as the recipients issue gives it. It is both the import format
 * and the shape a case has when it crosses the boundary to the window, so everything is JSON-safe: dates are
 * ISO `YYYY-MM-DD` strings.
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Datoen skal skrives ÅÅÅÅ-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'Datoen findes ikke i kalenderen',
    },
  );

export const CPR_PATTERN = /^\d{6}-\d{4}$/;

export const partyKinds = ['person', 'company', 'authority'] as const;
export const partyRoles = [
  'subject',
  'parent',
  'representative',
  'guardian',
  'professional',
  'authority',
  'employer',
  'requester',
  'other',
] as const;
export const caseAreas = ['children', 'employment', 'adult', 'other'] as const;
export const digitalPostStatuses = ['enrolled', 'exempt', 'unknown'] as const;
export const guardianScopes = ['personal', 'financial', 'both'] as const;

export const addressSchema = z.strictObject({
  street: z.string().min(1).max(200),
  postalCode: z.string().regex(/^\d{4}$/, 'Postnummeret skal være fire cifre'),
  city: z.string().min(1).max(100),
});

export const partySchema = z.strictObject({
  id: z.string().min(1).max(64),
  kind: z.enum(partyKinds),
  name: z.string().min(1).max(200),
  cpr: z.string().regex(CPR_PATTERN, 'CPR-nummeret skal skrives DDMMÅÅ-LLLL').optional(),
  cvr: z
    .string()
    .regex(/^\d{8}$/, 'CVR-nummeret skal være otte cifre')
    .optional(),
  roles: z.array(z.enum(partyRoles)).min(1).max(9),
  custody: z.boolean().optional(),
  orientationRequested: z.boolean().optional(),
  orientationRefused: z.boolean().optional(),
  represents: z.string().min(1).max(64).optional(),
  validUntil: isoDate.optional(),
  scope: z.enum(guardianScopes).optional(),
  documentTypes: z.array(z.string().min(1).max(64)).max(50).optional(),
  digitalPost: z.enum(digitalPostStatuses).optional(),
  address: addressSchema.optional(),
  addressProtected: z.boolean().optional(),
  deceased: z.boolean().optional(),
});

export const caseSchema = z.strictObject({
  caseNumber: z.string().min(1).max(64),
  title: z.string().min(1).max(300),
  area: z.enum(caseAreas),
  subjectPartyId: z.string().min(1).max(64),
  relatedCaseNumbers: z.array(z.string().min(1).max(64)).max(50).default([]),
  asOf: isoDate,
  parties: z.array(partySchema).min(1).max(200),
});

export const caseFileSchema = z.strictObject({
  cases: z.array(caseSchema).max(10_000),
});

export type Address = z.output<typeof addressSchema>;
export type Party = z.output<typeof partySchema>;
export type Case = z.output<typeof caseSchema>;
export type CaseFile = z.output<typeof caseFileSchema>;

/** Rules the schema cannot say on its own: unique ids, the subject exists, references point inside the case. */
export function caseFileProblems(file: CaseFile): string[] {
  const problems: string[] = [];
  const seenNumbers = new Set<string>();
  file.cases.forEach((c, ci) => {
    const where = `cases[${ci}] (${c.caseNumber})`;
    if (seenNumbers.has(c.caseNumber)) problems.push(`${where}: sagsnummeret findes flere gange i filen`);
    seenNumbers.add(c.caseNumber);
    const ids = new Set<string>();
    c.parties.forEach((p, pi) => {
      if (ids.has(p.id))
        problems.push(`${where}.parties[${pi}].id: parts-id'et "${p.id}" findes flere gange`);
      ids.add(p.id);
      if (p.kind === 'person' && p.cvr)
        problems.push(`${where}.parties[${pi}].cvr: en person har CPR, ikke CVR`);
      if (p.kind !== 'person' && p.cpr)
        problems.push(`${where}.parties[${pi}].cpr: kun personer har CPR-nummer`);
    });
    if (!ids.has(c.subjectPartyId))
      problems.push(`${where}.subjectPartyId: parten "${c.subjectPartyId}" findes ikke på sagen`);
    c.parties.forEach((p, pi) => {
      if (p.represents !== undefined && !ids.has(p.represents)) {
        problems.push(`${where}.parties[${pi}].represents: parten "${p.represents}" findes ikke på sagen`);
      }
    });
  });
  return problems;
}
