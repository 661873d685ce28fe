import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/backend/db/store';
import {
  createSettingsService,
  SettingsRefusedError,
  SETTINGS_META_KEY,
  type SettingsServiceOptions,
} from '../../src/backend/services/settings.service';
import { MachineSettingsError } from '../../src/backend/settings/machine-settings';
import type { Settings, SettingsKey } from '../../src/shared/domain/settings';
import { AppError } from '../../src/shared/result';
import { FakeKeyStore, MemoryLogger } from '../support/fakes';
import { tempDir } from '../support/temp-dir';

const sender = { cvr: '29189846', name: 'Eksempel Kommune' };

function refusal(fn: () => unknown): SettingsRefusedError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SettingsRefusedError);
    expect(err).toBeInstanceOf(AppError);
    return err as SettingsRefusedError;
  }
  throw new Error('expected the update to be refused');
}

describe('settings service on a real encrypted store', () => {
  let dir: ReturnType<typeof tempDir>;
  let keyStore: FakeKeyStore;
  let store: Store;
  let machineFile: string;

  const open = () => openStore({ dataDir: join(dir.path, 'data'), keyStore, logger: new MemoryLogger() });
  const service = (extra: Partial<SettingsServiceOptions> = {}) =>
    createSettingsService({ db: store.db, machineSettingsPath: machineFile, platform: 'linux', ...extra });
  const writeMachine = (content: unknown) =>
    writeFileSync(machineFile, typeof content === 'string' ? content : JSON.stringify(content, null, 2));

  beforeEach(() => {
    dir = tempDir('sendeassistent-settings-');
    keyStore = new FakeKeyStore();
    mkdirSync(join(dir.path, 'ProgramData'));
    machineFile = join(dir.path, 'ProgramData', 'settings.json');
    store = open();
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  it('starts with the defaults and keeps saved settings across a reopen', () => {
    const s = service();
    expect(s.get()).toMatchObject({
      settings: { sendDelaySeconds: 30, memoVersion: '1.1', sender: null },
      locked: [],
      machineFile: null,
      problems: [],
    });
    const after = s.update({ sender, caseSystem: 'SBSYS', sendDelaySeconds: 10 });
    expect(after).toMatchObject({ sender, caseSystem: 'SBSYS', sendDelaySeconds: 10, idleLockMinutes: 10 });

    store.close();
    store = open();
    const view = service().get();
    expect(view.settings).toEqual(after);
    expect(view.sources).toMatchObject({
      sender: 'user',
      sendDelaySeconds: 'user',
      idleLockMinutes: 'default',
    });
    // Stored in `meta`, only the user's own values.
    const row = store.db.prepare('SELECT value FROM meta WHERE key = ?').get(SETTINGS_META_KEY) as {
      value: string;
    };
    expect(JSON.parse(row.value)).toEqual({ sender, caseSystem: 'SBSYS', sendDelaySeconds: 10 });
  });

  it('refuses an invalid update in Danish and saves nothing', () => {
    const s = service();
    const err = refusal(() => s.update({ memoVersion: '1.2', sendDelaySeconds: 5 }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.problems[0]).toMatch(
      /^memoVersion: MeMo-version "1\.2" understøttes ikke.*\.\.\/shared\/specs\/digital-post\//,
    );
    expect(s.get().settings.sendDelaySeconds).toBe(30);
  });

  it('lets a machine file lock a field: writing it is FORBIDDEN, naming the field as set by IT', () => {
    writeMachine({
      settings: { sender, sendDelaySeconds: 60, idleLockMinutes: 5 },
      locked: ['sender.cvr', 'idleLockMinutes'],
    });
    const s = service();
    const view = s.get();
    expect(view.settings).toMatchObject({ sender, sendDelaySeconds: 60, idleLockMinutes: 5 });
    expect(view.locked).toEqual(['sender.cvr', 'idleLockMinutes']);
    expect(view.sources).toMatchObject({
      idleLockMinutes: 'locked',
      sendDelaySeconds: 'machine',
      sender: 'machine',
    });
    expect(view.machineFile).toBe(machineFile);

    const err = refusal(() => s.update({ sender: { cvr: '11111111', name: 'Andet' }, idleLockMinutes: 30 }));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.detail).toBe('settings locked by IT: sender.cvr, idleLockMinutes');
    expect(err.problems).toEqual([
      expect.stringMatching(/^Indstillingen "sender\.cvr" \(afsenderens CVR-nummer\) er fastlagt af IT/),
      expect.stringMatching(
        /^Indstillingen "idleLockMinutes" \(låsning efter inaktivitet\) er fastlagt af IT/,
      ),
    ]);
    expect(s.get().settings).toMatchObject({ sender, idleLockMinutes: 5 });

    // The unlocked sibling and the unlocked machine default are the user's to change; resending IT's value is fine.
    const after = s.update({
      sender: { cvr: sender.cvr, name: 'Socialforvaltningen' },
      sendDelaySeconds: 0,
      idleLockMinutes: 5,
    });
    expect(after).toMatchObject({
      sender: { cvr: sender.cvr, name: 'Socialforvaltningen' },
      sendDelaySeconds: 0,
    });
  });

  it('a lock added later wins over what the user saved before, and other saves still work', () => {
    service().update({ sendDelaySeconds: 5 });
    writeMachine({ settings: { sendDelaySeconds: 120 }, locked: ['sendDelaySeconds'] });
    const s = service();
    expect(s.get().settings.sendDelaySeconds).toBe(120);
    expect(s.update({ caseSystem: 'KMD Nexus' })).toMatchObject({
      caseSystem: 'KMD Nexus',
      sendDelaySeconds: 120,
    });
  });

  it('a bad machine file is a clear Danish error naming each field, never ignored', () => {
    writeMachine({
      settings: { sender: { cvr: 'ABC', name: 'K' }, memoVersion: '1.2' },
      locked: ['sender.cvrr'],
    });
    let caught: unknown;
    try {
      service();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MachineSettingsError);
    const err = caught as MachineSettingsError;
    expect(err.message).toContain(`IT's fælles indstillingsfil ${machineFile} er ugyldig`);
    expect(err.problems).toEqual([
      'settings.sender.cvr: CVR-nummeret skal være præcis 8 cifre',
      expect.stringMatching(/^settings\.memoVersion: MeMo-version "1\.2" understøttes ikke/),
      'locked[0]: "sender.cvrr" er ikke en indstilling, der kan låses (se docs/settings.md)',
    ]);

    writeMachine({ settings: { sender }, locked: ['sender.cvrr'] });
    expect(() => service()).toThrow(/locked\[0\]: "sender\.cvrr" er ikke en indstilling/);
    writeMachine('{"settings": {');
    expect(() => service()).toThrow(/\(filen\): er ikke gyldig JSON/);
  });

  it('refuses a data folder on a network share (Linux mount table, Windows UNC and mapped drive)', () => {
    const mountInfo = () =>
      [
        '22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw',
        `41 22 0:36 / ${join(dir.path, 'netdrev')} rw,relatime - nfs4 filserver:/export rw`,
      ].join('\n');
    const linux = service({ mountInfo });
    const err = refusal(() => linux.update({ dataDir: join(dir.path, 'netdrev', 'Sendeassistent') }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.problems[0]).toMatch(/^dataDir: Datamappen må ikke ligge på et netværksdrev\. .*WAL/);
    expect(err.problems[0]).toContain('nfs4');
    expect(linux.update({ dataDir: join(dir.path, 'lokal') }).dataDir).toBe(join(dir.path, 'lokal'));

    const win = service({ platform: 'win32', driveType: (l) => (l === 'H' ? 'network' : 'local') });
    expect(refusal(() => win.update({ dataDir: '\\\\filserver\\afdeling\\data' })).problems[0]).toContain(
      'netværkssti',
    );
    expect(refusal(() => win.update({ dataDir: 'H:\\Sendeassistent' })).problems[0]).toContain('Drev H:');
    expect(win.update({ dataDir: 'D:\\Sendeassistent' }).dataDir).toBe('D:\\Sendeassistent');
  });

  it('calls onChange with before and after inside the saving transaction, only on a real change', () => {
    const calls: { before: Settings; after: Settings; changed: SettingsKey[] }[] = [];
    const s = service({
      onChange: (before, after, changed) => {
        expect(store.db.inTransaction).toBe(true);
        calls.push({ before, after, changed });
      },
    });
    s.update({ sendDelaySeconds: 15, sender });
    s.update({ sendDelaySeconds: 15 });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.before.sendDelaySeconds).toBe(30);
    expect(calls[0]!.after.sendDelaySeconds).toBe(15);
    expect(calls[0]!.changed).toEqual(['sender', 'sendDelaySeconds']);

    const failing = service({
      onChange: () => {
        throw new Error('audit failed');
      },
    });
    expect(() => failing.update({ sendDelaySeconds: 20 })).toThrow('audit failed');
    expect(failing.get().settings.sendDelaySeconds).toBe(15);
  });

  it('ignores (and reports) a saved value that no longer passes the schema', () => {
    store.db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?)')
      .run(SETTINGS_META_KEY, JSON.stringify({ sendDelaySeconds: 9999, caseSystem: 'SBSYS', old: 1 }));
    const view = service().get();
    expect(view.settings).toMatchObject({ sendDelaySeconds: 30, caseSystem: 'SBSYS' });
    expect(view.problems).toEqual([
      'sendDelaySeconds: Forsinkelsen skal være mellem 0 og 600 sekunder (gemt værdi, bruges ikke)',
      'old: ukendt gemt indstilling, bruges ikke',
    ]);
  });
});
