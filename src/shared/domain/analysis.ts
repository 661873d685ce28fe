import { z } from 'zod';

/**
 * What the analysis of one dropped document says, as it crosses to the window and as the CLI prints it.
 * The extracted text itself stays in the backend (the draft record); the window gets the findings' evidence.
 */

export const documentOutcomes = [
  'ok',
  'no_text',
  'needs_password',
  'wrong_password',
  'invalid_pdf',
  'not_pdf',
  'too_large',
  'timeout',
] as const;
export type DocumentOutcome = (typeof documentOutcomes)[number];

export const textSources = ['page', 'form', 'annotation'] as const;

const page = z.number().int().nonnegative();
const source = z.enum(textSources);
const excerpt = z.string().max(300);

export const cprEntitySchema = z.strictObject({
  value: z.string().regex(/^\d{6}-\d{4}$/),
  validDate: z.boolean(),
  birthDate: z.string().max(10).nullable(),
  mod11: z.boolean(),
  page,
  source,
});

export const caseNumberEntitySchema = z.strictObject({
  value: z.string().max(100),
  raw: excerpt,
  page,
  source,
});

export const partyMentionSchema = z.strictObject({
  partyId: z.string().max(64),
  kind: z.enum(['name', 'street', 'postalCity']),
  raw: excerpt,
  page,
  source,
});

export const typeEvidenceSchema = z.strictObject({
  phrase: z.string().max(200),
  kind: z.enum(['title', 'keyword', 'negative']),
  page,
  excerpt,
});

export const documentTypeGuessSchema = z.strictObject({
  key: z.string().max(64),
  label: z.string().max(200),
  confidence: z.number().min(0).max(1),
  uncertain: z.boolean(),
  evidence: z.array(typeEvidenceSchema).max(100),
  alternatives: z
    .array(z.strictObject({ key: z.string().max(64), confidence: z.number().min(0).max(1) }))
    .max(20),
});

export const documentMetadataSchema = z.strictObject({
  title: z.string().max(1000).nullable(),
  author: z.string().max(1000).nullable(),
  subject: z.string().max(1000).nullable(),
  creator: z.string().max(1000).nullable(),
  producer: z.string().max(1000).nullable(),
  creationDate: z.string().max(40).nullable(),
  modDate: z.string().max(40).nullable(),
});

export const documentAnalysisSchema = z.strictObject({
  outcome: z.enum(documentOutcomes),
  /** Plain Danish for the caseworker. */
  message: z.string().max(500),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  byteLength: z.number().int().nonnegative(),
  tooLargeReason: z.enum(['bytes', 'pages', 'memory']).nullable(),
  pages: z.number().int().nonnegative(),
  pagesWithoutText: z.array(page).max(100_000),
  chars: z.number().int().nonnegative(),
  attachments: z.number().int().nonnegative(),
  hasJavaScript: z.boolean(),
  hasFormFields: z.boolean(),
  metadata: documentMetadataSchema.nullable(),
  entities: z.strictObject({
    cprs: z.array(cprEntitySchema).max(10_000),
    caseNumbers: z.array(caseNumberEntitySchema).max(10_000),
    salutationNames: z.array(z.string().max(200)).max(50),
    partyMentions: z.array(partyMentionSchema).max(10_000),
    leadingCpr: z
      .string()
      .regex(/^\d{6}-\d{4}$/)
      .nullable(),
  }),
  documentType: documentTypeGuessSchema.nullable(),
});

export type DocumentAnalysis = z.output<typeof documentAnalysisSchema>;
export type DocumentTypeGuess = z.output<typeof documentTypeGuessSchema>;
