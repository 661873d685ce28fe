import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseFileProblems, caseFileSchema } from '../../shared/domain/case-file';
import type { AuditService } from './audit.service';
import type { CasesService } from './cases.service';

export const DEMO_CASES_FILE = join('demo', 'cases.json');

/** The demo's sender: fictitious, like the cases (the CVR fails the modulus-11 check, as docs/demo-data.md says). */
export const DEMO_SENDER = { cvr: '12345678', name: 'Demo Kommune' } as const;
export const DEMO_CASE_SYSTEM = 'Demo-sagssystem';

/**
 * Loads the fictitious demo cases into a store that has no cases yet (the embedded default on first run),
 * and records that it did. A store with cases is never touched.
 */
export function seedDemoData(resourcesDir: string, cases: CasesService, audit: AuditService): number {
  if (cases.count() > 0) return 0;
  const path = join(resourcesDir, DEMO_CASES_FILE);
  const file = caseFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const problems = caseFileProblems(file);
  if (problems.length > 0) throw new Error(`demo data is inconsistent: ${problems.join('; ')}`);
  const written = cases.importCases(file, 'demo', new Date());
  audit.append('cases.imported', null, { source: 'demo', cases: written.length });
  return written.length;
}
