import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type SettingsPatch } from '../../../src/shared/domain/settings';
import {
  changedKeys,
  effectiveSettings,
  getAt,
  layer,
  lockViolations,
} from '../../../src/backend/settings/effective';

const sender = { cvr: '29189846', name: 'Eksempel Kommune' };

describe('effectiveSettings: defaults ← machine (unlocked = defaults) ← user ← machine at locked paths', () => {
  it('is the defaults with no machine file and nothing saved', () => {
    expect(effectiveSettings({ settings: {}, locked: [] }, {})).toEqual(DEFAULT_SETTINGS);
  });

  it('lets an unlocked machine value act as a default the user overrides', () => {
    const machine = { settings: { sendDelaySeconds: 60 }, locked: [] };
    expect(effectiveSettings(machine, {}).sendDelaySeconds).toBe(60);
    expect(effectiveSettings(machine, { sendDelaySeconds: 5 }).sendDelaySeconds).toBe(5);
  });

  it('keeps a locked machine value whatever was saved', () => {
    const machine = { settings: { sendDelaySeconds: 60, sender }, locked: ['sendDelaySeconds', 'sender'] };
    const s = effectiveSettings(machine, { sendDelaySeconds: 5, sender: { cvr: '11111111', name: 'Andet' } });
    expect(s.sendDelaySeconds).toBe(60);
    expect(s.sender).toEqual(sender);
  });

  it('locks a default when the machine file locks a key without setting it', () => {
    expect(
      effectiveSettings({ settings: {}, locked: ['idleLockMinutes'] }, { idleLockMinutes: 99 }),
    ).toMatchObject({ idleLockMinutes: 10 });
  });

  it('locks one field of an object and leaves its siblings to the user', () => {
    const machine = { settings: { sender }, locked: ['sender.cvr'] };
    const s = effectiveSettings(machine, { sender: { cvr: '11111111', name: 'Socialforvaltningen' } });
    expect(s.sender).toEqual({ cvr: '29189846', name: 'Socialforvaltningen' });
    // A user who cleared the sender still gets IT's whole sender under the lock.
    expect(effectiveSettings(machine, { sender: null }).sender).toEqual(sender);
  });

  it('replaces the whole connector when a locked option belongs to another kind than the saved one', () => {
    const machine: { settings: SettingsPatch; locked: string[] } = {
      settings: { connector: { kind: 'folder', options: { outDir: '\\\\server\\udbakke' } } },
      locked: ['connector.kind'],
    };
    const s = effectiveSettings(machine, { connector: { kind: 'sandbox', options: { port: 4000 } } });
    expect(s.connector).toEqual({ kind: 'folder', options: { outDir: '\\\\server\\udbakke' } });
    // Same kind: the user's own folder stays.
    const own = effectiveSettings(machine, { connector: { kind: 'folder', options: { outDir: 'D:\\ud' } } });
    expect(own.connector).toEqual({ kind: 'folder', options: { outDir: 'D:\\ud' } });
  });
});

describe('lockViolations', () => {
  const machine = {
    settings: { connector: { kind: 'folder', options: { outDir: 'D:\\ud' } } } as SettingsPatch,
    locked: ['connector.options.outDir', 'memoVersion'],
  };
  const current = effectiveSettings(machine, {});

  it('names the locked paths a change would alter', () => {
    expect(
      lockViolations(
        current,
        layer(current, { connector: { kind: 'sandbox', options: {} } }),
        machine.locked,
      ),
    ).toEqual(['connector.options.outDir']);
    expect(
      lockViolations(
        current,
        layer(current, { connector: { kind: 'folder', options: { outDir: 'E:\\x' } } }),
        machine.locked,
      ),
    ).toEqual(['connector.options.outDir']);
  });

  it('lets a write that keeps the locked value through (a form sends everything back)', () => {
    expect(
      lockViolations(current, layer(current, { ...current, sendDelaySeconds: 5 }), machine.locked),
    ).toEqual([]);
  });
});

describe('helpers', () => {
  it('getAt walks dotted paths', () => {
    expect(getAt({ a: { b: 1 } }, 'a.b')).toBe(1);
    expect(getAt({ a: null }, 'a.b')).toBeUndefined();
  });
  it('changedKeys compares whole values, ignoring key order', () => {
    const a = { ...DEFAULT_SETTINGS, sender: { cvr: '12345678', name: 'K' } };
    const b = { ...DEFAULT_SETTINGS, sender: { name: 'K', cvr: '12345678' } };
    expect(changedKeys(a, b)).toEqual([]);
    expect(changedKeys(a, { ...b, sendDelaySeconds: 1 })).toEqual(['sendDelaySeconds']);
  });
});
