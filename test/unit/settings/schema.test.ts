import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  formatIssues,
  hasLockWithin,
  isPathLocked,
  lockedFieldMessage,
  memoVersionRefusal,
  missingForSending,
  parseDanish,
  settingsPatchSchema,
  settingsSchema,
} from '../../../src/shared/domain/settings';

function problems(value: unknown): string[] {
  const r = parseDanish(settingsPatchSchema, value);
  return r.ok ? [] : formatIssues(r.issues);
}

describe('settings schema', () => {
  it('gives every default from an empty object', () => {
    expect(settingsSchema.parse({})).toEqual({
      sender: null,
      connector: { kind: 'sandbox', options: {} },
      memoVersion: '1.1',
      caseSystem: null,
      sendDelaySeconds: 30,
      policyFile: null,
      dataDir: null,
      idleLockMinutes: 10,
      approvalFolder: null,
      adminKeyFingerprint: null,
    });
    expect(DEFAULT_SETTINGS.sendDelaySeconds).toBe(30);
  });

  it('accepts a full, valid set', () => {
    const s = settingsSchema.parse({
      sender: { cvr: '29189846', name: 'Eksempel Kommune' },
      connector: { kind: 'folder', options: { outDir: 'D:\\Udbakke' } },
      memoVersion: '1.1',
      caseSystem: 'KMD Nexus',
      sendDelaySeconds: 0,
      policyFile: '/etc/sendeassistent/policy.json',
      dataDir: 'C:\\Data\\Sendeassistent',
      idleLockMinutes: 240,
    });
    expect(s.connector).toEqual({ kind: 'folder', options: { outDir: 'D:\\Udbakke' } });
  });

  it('refuses MeMo 1.2 (and anything but 1.1) in Danish, pointing at the XSD in ../shared', () => {
    const [line] = problems({ memoVersion: '1.2' });
    expect(line).toMatch(
      /^memoVersion: MeMo-version "1\.2" understøttes ikke\. Sendeassistent kan kun danne MeMo version 1\.1/,
    );
    expect(line).toContain('../shared/specs/digital-post/');
    expect(line).toContain('XSD');
    expect(problems({ memoVersion: 1.1 })[0]).toContain(memoVersionRefusal(1.1));
    expect(problems({ memoVersion: '1.1' })).toEqual([]);
  });

  it('names the field in Danish for a bad CVR, delay, idle lock and path', () => {
    expect(problems({ sender: { cvr: '1234567', name: 'X' } })).toEqual([
      'sender.cvr: CVR-nummeret skal være præcis 8 cifre',
    ]);
    expect(problems({ sendDelaySeconds: 601 })).toEqual([
      'sendDelaySeconds: Forsinkelsen skal være mellem 0 og 600 sekunder',
    ]);
    expect(problems({ sendDelaySeconds: 1.5 })[0]).toMatch(/^sendDelaySeconds: /);
    expect(problems({ idleLockMinutes: 0 })[0]).toMatch(/^idleLockMinutes: Tiden skal være mellem 1 og 240/);
    expect(problems({ policyFile: 'policy.json' })[0]).toMatch(/^policyFile: Stien skal være fuld/);
    expect(problems({ sender: { cvr: '12345678', name: 'x'.repeat(257) } })[0]).toMatch(
      /^sender\.name: .*256 tegn/,
    );
  });

  it('is strict: unknown keys and options of another connector kind are refused', () => {
    expect(problems({ sendDelay: 5 })[0]).toMatch(/^\(indstillingerne\): .*sendDelay/);
    expect(problems({ connector: { kind: 'sandbox', options: { outDir: '/tmp' } } })[0]).toMatch(
      /^connector\.options: .*outDir/,
    );
    expect(problems({ connector: { kind: 'ftp', options: {} } })[0]).toMatch(
      /^connector\.kind: Forbindelsen skal være/,
    );
    expect(
      problems({ connector: { kind: 'sf1601', options: { endpoint: 'prod', certificatePath: '/c.p12' } } }),
    ).toEqual(['connector.options.endpoint: Miljøet skal være "test" eller "production"']);
  });

  it('falls back on zod’s Danish messages where none is written', () => {
    expect(problems({ sendDelaySeconds: 'tredive' })[0]).toMatch(/^sendDelaySeconds: Ugyldigt input/);
  });
});

describe('locks', () => {
  it('a lock covers its path and everything below it', () => {
    expect(isPathLocked(['sender'], 'sender.cvr')).toBe(true);
    expect(isPathLocked(['sender.cvr'], 'sender')).toBe(false);
    expect(isPathLocked(['sender.cvr'], 'sender.name')).toBe(false);
    expect(isPathLocked(['sendDelaySeconds'], 'sendDelaySeconds')).toBe(true);
    expect(hasLockWithin(['sender.cvr'], 'sender')).toBe(true);
    expect(hasLockWithin(['senderX'], 'sender')).toBe(false);
  });

  it('says in Danish that IT has fixed the field, naming it', () => {
    expect(lockedFieldMessage('sender.cvr')).toBe(
      'Indstillingen "sender.cvr" (afsenderens CVR-nummer) er fastlagt af IT i den fælles indstillingsfil på ' +
        'denne computer og kan ikke ændres i Sendeassistent. Kontakt IT, hvis den skal ændres.',
    );
  });
});

describe('missingForSending', () => {
  it('lists the sender and case system until both are set', () => {
    expect(missingForSending(DEFAULT_SETTINGS)).toHaveLength(2);
    expect(
      missingForSending({ ...DEFAULT_SETTINGS, sender: { cvr: '12345678', name: 'K' }, caseSystem: 'SBSYS' }),
    ).toEqual([]);
  });
});
