import { recogniseDocumentType } from '../../core/document-type/recognise';
import { extractEntities, type SourceText } from '../../core/entities';
import type { Party } from '../../shared/domain/case-file';
import type { DocumentAnalysis } from '../../shared/domain/analysis';
import type { PolicyPack } from '../../shared/domain/policy';
import type { AnalyzeOptions, Extractor } from './extractor';
import type { Extraction } from './types';

const EXCERPT = 300;

export interface AnalyseOptions extends AnalyzeOptions {
  pack: PolicyPack;
  /** The chosen case's parties: which of their names and addresses the document mentions. */
  parties?: readonly Party[];
}

export interface AnalysedDocument {
  analysis: DocumentAnalysis;
  /** Page text, form-field values and annotation text: what the checks read. Stays in the backend. */
  texts: SourceText[];
  /** It opened only with the password given (a user password): it cannot be sent as it is (docs/outbox.md). */
  passwordRequired: boolean;
}

/** The texts a document shows its reader: each page's text layer, then form-field values and annotation text. */
export function sourceTexts(extraction: Extraction): SourceText[] {
  const content = extraction.content;
  if (!content) return [];
  return [
    ...content.pageTexts.map((p) => ({ page: p.page, text: p.text, source: 'page' as const })),
    ...content.sideTexts.map((s) => ({
      // A form field not placed on a page still reaches the reader: count it with page 1's content.
      page: s.page ?? 1,
      text: s.text,
      source: s.source === 'form_field' ? ('form' as const) : ('annotation' as const),
    })),
  ];
}

/**
 * Drop-to-analysis: extraction in the worker, then entities and the document type from the same texts.
 * One function for the window's channel, the CLI and the bench, so they cannot drift apart.
 */
export async function analyseDocument(
  extractor: Extractor,
  bytes: Uint8Array,
  options: AnalyseOptions,
): Promise<AnalysedDocument> {
  return describeExtraction(await extractor.analyze(bytes, options), options);
}

/** Entities and the document type of an extraction already made. */
export function describeExtraction(
  extraction: Extraction,
  options: Pick<AnalyseOptions, 'pack' | 'parties'>,
): AnalysedDocument {
  const texts = sourceTexts(extraction);
  const entities = extractEntities(texts, {
    extraCaseNumberPatterns: options.pack.caseNumberPatterns,
    parties: options.parties,
  });
  const readable = texts.some((t) => t.text.trim() !== '');
  const recognised = readable ? recogniseDocumentType(texts, options.pack) : null;
  const label = (key: string) => options.pack.documentTypes.find((t) => t.key === key)?.label ?? key;
  const cut = (s: string) => (s.length > EXCERPT ? `${s.slice(0, EXCERPT - 1)}…` : s);
  const content = extraction.content;
  return {
    texts,
    passwordRequired: extraction.content?.passwordRequired ?? false,
    analysis: {
      outcome: extraction.outcome,
      message: extraction.message,
      sha256: extraction.sha256,
      byteLength: extraction.byteLength,
      tooLargeReason: extraction.tooLargeReason,
      pages: extraction.pages,
      pagesWithoutText: extraction.pagesWithoutText,
      chars: extraction.chars,
      attachments: content?.attachments ?? 0,
      hasJavaScript: content?.hasJavaScript ?? false,
      hasFormFields: content?.hasFormFields ?? false,
      metadata: content?.metadata ?? null,
      entities: {
        cprs: entities.cprs.map((c) => ({
          value: c.value,
          validDate: c.validDate,
          birthDate: c.birthDate ?? null,
          mod11: c.mod11,
          page: c.page,
          source: c.source,
        })),
        caseNumbers: entities.caseNumbers.map((c) => ({
          value: c.value,
          raw: cut(c.raw),
          page: c.page,
          source: c.source,
        })),
        salutationNames: entities.salutationNames,
        partyMentions: entities.partyMentions.map((m) => ({
          partyId: m.partyId,
          kind: m.kind,
          raw: cut(m.raw),
          page: m.page,
          source: m.source,
        })),
        leadingCpr: entities.leadingCpr?.value ?? null,
      },
      documentType: recognised
        ? {
            key: recognised.key,
            label: label(recognised.key),
            confidence: recognised.confidence,
            uncertain: recognised.uncertain,
            evidence: recognised.evidence.slice(0, 100).map((e) => ({
              phrase: e.phrase,
              kind: e.kind,
              page: e.page,
              excerpt: cut(e.text),
            })),
            alternatives: recognised.alternatives.slice(0, 20),
          }
        : null,
    },
  };
}
