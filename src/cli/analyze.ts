import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyseDocument, describeExtraction, type AnalysedDocument } from '../backend/documents/analyse';
import { createExtractor, refused } from '../backend/documents/extractor';
import { createForkProcessHost } from '../backend/documents/process-host';
import { loadDefaultPolicy, loadPolicyFile } from '../backend/services/policy.service';
import { MAX_DOCUMENT_BYTES } from '../shared/contract';
import type { DocumentAnalysis } from '../shared/domain/analysis';
import type { PolicyPack } from '../shared/domain/policy';

export class InputError extends Error {}

export interface AnalyzeArgs {
  file: string;
  password?: string;
  policy?: string;
  json: boolean;
}

/** `sendeassistent analyze`: the same drop-to-analysis as the window, without a store. */
export async function analyzeCommand(
  args: AnalyzeArgs,
  host: { resourcesDir: string; stdout: (s: string) => void },
): Promise<number> {
  const path = resolve(args.file);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new InputError(`filen findes ikke eller kan ikke læses: ${args.file}`);
  }
  const policy = args.policy ? loadPolicyFile(resolve(args.policy)) : loadDefaultPolicy(host.resourcesDir);
  if (size > MAX_DOCUMENT_BYTES) {
    // The answer is too_large from the size alone: hash the file as a stream, never load or parse it.
    const { analysis } = await tooLarge(path, size, policy.pack);
    host.stdout(args.json ? `${JSON.stringify(toJson(analysis))}\n` : summary(args.file, analysis));
    return 0;
  }
  const extractor = createExtractor({ processHost: createForkProcessHost() });
  try {
    const { analysis } = await analyseDocument(extractor, readFileSync(path), {
      pack: policy.pack,
      password: args.password,
    });
    host.stdout(args.json ? `${JSON.stringify(toJson(analysis))}\n` : summary(args.file, analysis));
    return 0;
  } finally {
    extractor.close();
  }
}

async function tooLarge(path: string, size: number, pack: PolicyPack): Promise<AnalysedDocument> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return describeExtraction(refused({ sha256: hash.digest('hex'), byteLength: size }, 'too_large', 'bytes'), {
    pack,
  });
}

function toJson(a: DocumentAnalysis) {
  return {
    outcome: a.outcome,
    message: a.message,
    pages: a.pages,
    pagesWithoutText: a.pagesWithoutText,
    sha256: a.sha256,
    chars: a.chars,
    attachments: a.attachments,
    hasJavaScript: a.hasJavaScript,
    hasFormFields: a.hasFormFields,
    metadata: a.metadata,
    entities: {
      cprs: a.entities.cprs.map((c) => ({
        value: c.value,
        validDate: c.validDate,
        mod11: c.mod11,
        page: c.page,
      })),
      caseNumbers: a.entities.caseNumbers.map((c) => c.value),
      salutationNames: a.entities.salutationNames,
      leadingCpr: a.entities.leadingCpr,
    },
    documentType: a.documentType
      ? { key: a.documentType.key, confidence: a.documentType.confidence, evidence: a.documentType.evidence }
      : null,
  };
}

function summary(file: string, a: DocumentAnalysis): string {
  const lines = [
    `${file}: ${a.message}`,
    `  Resultat: ${a.outcome}; sider: ${a.pages}; tegn: ${a.chars}; SHA-256: ${a.sha256}`,
  ];
  if (a.pagesWithoutText.length > 0) lines.push(`  Sider uden tekst: ${a.pagesWithoutText.join(', ')}`);
  if (a.attachments > 0) lines.push(`  Indlejrede filer: ${a.attachments} (ikke åbnet)`);
  if (a.hasJavaScript) lines.push('  Dokumentet indeholder JavaScript (køres aldrig).');
  if (a.entities.cprs.length > 0) {
    lines.push(
      `  CPR-numre: ${a.entities.cprs.map((c) => `${c.value}${c.mod11 ? '' : ' (modulus 11 ikke opfyldt)'}`).join(', ')}`,
    );
  }
  if (a.entities.caseNumbers.length > 0)
    lines.push(`  Sagsnumre: ${a.entities.caseNumbers.map((c) => c.value).join(', ')}`);
  if (a.entities.salutationNames.length > 0)
    lines.push(`  Modtager ifølge brevet: ${a.entities.salutationNames.join(', ')}`);
  if (a.documentType) {
    const pct = Math.round(a.documentType.confidence * 100);
    lines.push(
      `  Dokumenttype: ${a.documentType.label} (${pct} %${a.documentType.uncertain ? ', usikker: vælg selv' : ''})`,
    );
  }
  return `${lines.join('\n')}\n`;
}
