import { policyPackSchema, policyProblems, type PolicyPack } from '../../shared/domain/policy';
import { CaseNumberPatternError, compileCaseNumberPatterns } from '../entities/case-number';

/**
 * Every rule a policy pack must meet: the schema's, the cross-field rules of shared, and that each case-number
 * pattern compiles and is safe to run. The pattern check lives here because it needs core's matcher (shared may
 * not import core); the backend and the CLI load a pack through `parsePolicyPack`, so no pack skips it.
 */
export function policyPackProblems(pack: PolicyPack): string[] {
  const problems = policyProblems(pack);
  // Compiled one by one, so every unusable pattern is named, not only the first.
  pack.caseNumberPatterns.forEach((source, i) => {
    try {
      compileCaseNumberPatterns([source]);
    } catch (e) {
      if (!(e instanceof CaseNumberPatternError)) throw e;
      problems.push(
        `caseNumberPatterns[${i}]: ${e.message.replace(/^Sagsnummer-mønster nr\. \d+ /, 'mønsteret ')}`,
      );
    }
  });
  return problems;
}

export type PolicyPackParse = { ok: true; pack: PolicyPack } | { ok: false; problems: string[] };

/** Parses untrusted JSON (a municipality's file) into a pack, with every problem as a line naming the field. */
export function parsePolicyPack(input: unknown): PolicyPackParse {
  const parsed = policyPackSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(pakken)'}: ${issue.message}`),
    };
  const problems = policyPackProblems(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, pack: parsed.data };
}
