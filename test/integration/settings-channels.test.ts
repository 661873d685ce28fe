import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/backend/create-backend';
import { FakeKeyStore, fakeUser } from '../support/fakes';
import { testBackend } from '../support/backend';
import { RESOURCES_DIR, tempDir } from '../support/temp-dir';

describe('settings through the contract', () => {
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  const keyStore = new FakeKeyStore();

  beforeAll(() => {
    dir = tempDir();
    const machine = join(dir.path, 'machine-settings.json');
    writeFileSync(
      machine,
      JSON.stringify({ settings: { sender: { cvr: '29189846', name: 'Demo Kommune' } }, locked: ['sender'] }),
    );
    backend = createBackend({
      dataDir: join(dir.path, 'data'),
      resourcesDir: RESOURCES_DIR,
      keyStore,
      currentUser: fakeUser(),
      appVersion: 'test',
      machineSettingsPath: machine,
    });
  });
  afterAll(() => {
    backend.close();
    dir.cleanup();
  });

  it('uses the policy pack the settings name from the next start', async () => {
    const pack = JSON.parse(readFileSync(join(RESOURCES_DIR, 'policy', 'default.json'), 'utf8'));
    const own = join(dir.path, 'kommunens-politik.json');
    writeFileSync(own, JSON.stringify({ ...pack, version: 'kommune-1' }));
    const saved = await backend.dispatcher.json('settings:update', { patch: { policyFile: own } });
    expect(saved).toMatchObject({ ok: true, value: { saved: true } });
    const next = testBackend(join(dir.path, 'data'), {
      keyStore,
      machineSettingsPath: join(dir.path, 'machine-settings.json'),
      seedDemoData: false,
    });
    try {
      const history = await next.dispatcher.json('audit:list', { limit: 5 });
      expect(JSON.stringify(history)).toContain('"version":"kommune-1"');
    } finally {
      next.close();
    }
    await backend.dispatcher.json('settings:update', { patch: { policyFile: null } });
  });

  it('shows IT’s locked sender and the defaults', async () => {
    const res = await backend.dispatcher.json('settings:get', {});
    expect(res).toMatchObject({
      ok: true,
      value: {
        settings: { sender: { cvr: '29189846' }, sendDelaySeconds: 30, memoVersion: '1.1' },
        locked: ['sender'],
        sources: { sender: 'locked', sendDelaySeconds: 'default' },
      },
    });
  });

  it('saves a change, records it in the history, and refuses a locked field with a Danish reason', async () => {
    const saved = await backend.dispatcher.json('settings:update', { patch: { sendDelaySeconds: 20 } });
    expect(saved).toMatchObject({ ok: true, value: { saved: true, settings: { sendDelaySeconds: 20 } } });
    const history = await backend.dispatcher.json('audit:list', { limit: 10 });
    expect(JSON.stringify(history)).toContain('settings.changed');

    const locked = await backend.dispatcher.json('settings:update', {
      patch: { sender: { cvr: '12345678', name: 'Nogen Andre' } },
    });
    expect(locked).toMatchObject({
      ok: true,
      value: { saved: false, refusal: 'locked', settings: { sender: { cvr: '29189846' } } },
    });
    expect(JSON.stringify(locked)).toMatch(/fastlagt af IT/);

    const badPolicy = await backend.dispatcher.json('settings:update', {
      patch: { policyFile: join(dir.path, 'findes-ikke.json') },
    });
    expect(badPolicy).toMatchObject({
      ok: true,
      value: { saved: false, refusal: 'invalid', settings: { policyFile: null } },
    });
    expect(JSON.stringify(badPolicy)).toContain('politikfilen kan ikke bruges');

    const wrongVersion = await backend.dispatcher.json('settings:update', { patch: { memoVersion: '1.2' } });
    expect(wrongVersion).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
