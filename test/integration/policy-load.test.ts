import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../src/backend/create-backend';
import { FakeKeyStore, fakeUser } from '../support/fakes';
import { RESOURCES_DIR, tempDir } from '../support/temp-dir';

interface Entry {
  kind: string;
  details: { policy?: { version: string; sha256: string }; auditOnly?: boolean; auditOnlyChanged?: boolean };
}

describe('the policy pack in the history', () => {
  let dir: ReturnType<typeof tempDir>;
  const keyStore = new FakeKeyStore();
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  async function entriesWith(policyFile?: string): Promise<Entry[]> {
    const backend = createBackend({
      dataDir: join(dir.path, 'data'),
      resourcesDir: RESOURCES_DIR,
      keyStore,
      currentUser: fakeUser(),
      seedDemoData: true,
      appVersion: 'test',
      ...(policyFile ? { policyFile } : {}),
    });
    try {
      await backend.dispatcher.json('cases:get', { caseNumber: '27.24.00-G01-117-25' });
      const res = await backend.dispatcher.json('audit:list', { limit: 500 });
      return res.ok ? (res.value as { entries: Entry[] }).entries : [];
    } finally {
      backend.close();
    }
  }

  it('stamps every entry with the version and hash of the policy in force', async () => {
    const entries = await entriesWith();
    expect(entries.length).toBeGreaterThanOrEqual(3);
    for (const e of entries)
      expect(e.details.policy, e.kind).toEqual({
        version: expect.any(String),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
  });

  it('records each load that changes the policy, and says when audit-only mode changed', async () => {
    const first = await entriesWith();
    expect(first.filter((e) => e.kind === 'policy.loaded')).toHaveLength(1);
    const again = await entriesWith();
    expect(again.filter((e) => e.kind === 'policy.loaded')).toHaveLength(1);

    const pack = JSON.parse(readFileSync(join(RESOURCES_DIR, 'policy', 'default.json'), 'utf8'));
    const own = join(dir.path, 'kommunens-politik.json');
    writeFileSync(own, JSON.stringify({ ...pack, version: `${pack.version}-audit`, auditOnly: true }));
    const changed = await entriesWith(own);
    const loads = changed.filter((e) => e.kind === 'policy.loaded');
    expect(loads).toHaveLength(2);
    expect(loads[0]!.details).toMatchObject({ auditOnly: true, auditOnlyChanged: true });
    expect(loads[0]!.details.policy?.version).toBe(`${pack.version}-audit`);
  });
});
