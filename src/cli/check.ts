import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyseDocument } from '../backend/documents/analyse';
import { createExtractor } from '../backend/documents/extractor';
import { createForkProcessHost } from '../backend/documents/process-host';
import { formatOfFileName, parseCaseFile } from '../backend/services/case-import';
import { loadDefaultPolicy, loadPolicyFile } from '../backend/services/policy.service';
import { runCheck } from '../core/check/run-check';
import { MAX_DOCUMENT_BYTES } from '../shared/contract';
import { InputError } from './analyze';

export interface CheckArgs {
  cases: string;
  caseNumber: string;
  document: string;
  type?: string;
  recipients: string[];
  password?: string;
  policy?: string;
  /** `YYYY-MM-DD`; today's date when absent (ages, representations and stale data depend on it). */
  today?: string;
  json: boolean;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(resolve(path), 'utf8');
  } catch {
    throw new InputError(`${what} findes ikke eller kan ikke læses: ${path}`);
  }
}

/** `sendeassistent check`: the window's check of a document against a case, from a case file, without a store. */
export async function checkCommand(
  args: CheckArgs,
  host: { resourcesDir: string; stdout: (s: string) => void; now: () => Date },
): Promise<number> {
  const parsed = parseCaseFile(readText(args.cases, 'sagsfilen'), formatOfFileName(args.cases));
  if (!parsed.ok) throw new InputError(`sagsfilen kan ikke bruges:\n  ${parsed.problems.join('\n  ')}`);
  const theCase = parsed.file.cases.find((c) => c.caseNumber === args.caseNumber);
  if (!theCase) throw new InputError(`sagen ${args.caseNumber} findes ikke i sagsfilen`);

  let policy;
  try {
    policy = args.policy ? loadPolicyFile(resolve(args.policy)) : loadDefaultPolicy(host.resourcesDir);
  } catch (err) {
    throw new InputError(`politikfilen kan ikke bruges: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (args.type && !policy.pack.documentTypes.some((t) => t.key === args.type)) {
    const known = policy.pack.documentTypes.map((t) => t.key).join(', ');
    throw new InputError(`dokumenttypen "${args.type}" findes ikke i politikken (kendte: ${known})`);
  }
  const today = args.today ?? host.now().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) {
    throw new InputError('--today skal skrives ÅÅÅÅ-MM-DD');
  }
  let size: number;
  try {
    size = statSync(resolve(args.document)).size;
  } catch {
    throw new InputError(`dokumentet findes ikke eller kan ikke læses: ${args.document}`);
  }
  if (size > MAX_DOCUMENT_BYTES)
    throw new InputError('dokumentet er større end 100 MB og kan ikke kontrolleres');

  const extractor = createExtractor({ processHost: createForkProcessHost() });
  try {
    const { analysis, texts } = await analyseDocument(extractor, readFileSync(resolve(args.document)), {
      pack: policy.pack,
      parties: theCase.parties,
      password: args.password,
    });
    const result = runCheck({
      case: theCase,
      texts,
      analysis,
      pack: policy.pack,
      today,
      chosenType: args.type,
      recipients: args.recipients.length > 0 ? args.recipients : undefined,
    });
    const out = {
      verdict: result.check.verdict,
      approvalRequired: result.check.approvalRequired,
      approvalReasons: result.check.approvalReasons,
      documentType: { key: result.documentType.key, confidence: result.documentType.confidence },
      recipients: result.recipients,
      proposal: result.proposal,
      findings: result.check.findings,
      analysis: { outcome: analysis.outcome, pages: analysis.pages, sha256: analysis.sha256 },
      policy: { version: policy.pack.version, sha256: policy.sha256 },
    };
    host.stdout(args.json ? `${JSON.stringify(out)}\n` : summary(out, theCase.parties));
    return 0;
  } finally {
    extractor.close();
  }
}

const VERDICT_DA = { ok: 'I orden', warn: 'Advarsel', block: 'Blokeret' } as const;

function summary(
  out: {
    verdict: 'ok' | 'warn' | 'block';
    approvalRequired: boolean;
    approvalReasons: string[];
    documentType: { key: string; confidence: number };
    recipients: { partyId: string; channel: string }[];
    findings: { code: string; severity: string; message: string; partyId: string | null }[];
  },
  parties: { id: string; name: string }[],
): string {
  const name = (id: string | null) => (id ? (parties.find((p) => p.id === id)?.name ?? id) : '');
  const lines = [
    `Resultat: ${VERDICT_DA[out.verdict]}${out.approvalRequired ? ' (kræver godkendelse)' : ''}`,
    `Dokumenttype: ${out.documentType.key} (${Math.round(out.documentType.confidence * 100)} %)`,
    `Modtagere: ${out.recipients.map((r) => `${name(r.partyId)} (${r.channel})`).join(', ') || 'ingen'}`,
  ];
  for (const f of out.findings) {
    lines.push(`  [${f.severity}] ${f.code}${f.partyId ? ` – ${name(f.partyId)}` : ''}: ${f.message}`);
  }
  for (const reason of out.approvalReasons) lines.push(`  Godkendelse: ${reason}`);
  return `${lines.join('\n')}\n`;
}
