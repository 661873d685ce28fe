import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decodeSettingsFile,
  MachineSettingsError,
  machineSettingsPath,
  parseMachineSettings,
  readMachineSettings,
} from '../../../src/backend/settings/machine-settings';
import { tempDir } from '../../support/temp-dir';

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MachineSettingsError);
    return (err as MachineSettingsError).problems;
  }
  throw new Error('expected a MachineSettingsError');
}

describe('machineSettingsPath', () => {
  it('is under %ProgramData% on Windows, /etc on Linux, /Library on macOS', () => {
    expect(machineSettingsPath('win32', { ProgramData: 'C:\\ProgramData' })).toBe(
      'C:\\ProgramData\\Sendeassistent\\settings.json',
    );
    expect(machineSettingsPath('win32', { PROGRAMDATA: 'E:\\PD' })).toBe(
      'E:\\PD\\Sendeassistent\\settings.json',
    );
    expect(machineSettingsPath('win32', {})).toBe('C:\\ProgramData\\Sendeassistent\\settings.json');
    expect(machineSettingsPath('linux', {})).toBe('/etc/sendeassistent/settings.json');
    expect(machineSettingsPath('darwin', {})).toBe(
      '/Library/Application Support/Sendeassistent/settings.json',
    );
  });
});

describe('parseMachineSettings', () => {
  it('accepts settings and locks, both optional', () => {
    expect(parseMachineSettings({}, 'f')).toEqual({ filePath: 'f', settings: {}, locked: [] });
    const m = parseMachineSettings(
      {
        settings: { sender: { cvr: '29189846', name: 'Eksempel Kommune' }, sendDelaySeconds: 60 },
        locked: ['sender.cvr', 'memoVersion', 'memoVersion'],
      },
      'f',
    );
    expect(m.locked).toEqual(['sender.cvr', 'memoVersion']);
    expect(m.settings.sendDelaySeconds).toBe(60);
  });

  it('lists every problem in Danish, each naming its field', () => {
    const problems = problemsOf(() =>
      parseMachineSettings(
        {
          settings: { sender: { cvr: '123', name: 'K' }, memoVersion: '1.2', sendDelay: 5 },
          locked: 'sender',
          extra: true,
        },
        'C:\\ProgramData\\Sendeassistent\\settings.json',
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'settings.sender.cvr: CVR-nummeret skal være præcis 8 cifre',
        expect.stringMatching(/^settings\.memoVersion: MeMo-version "1\.2" understøttes ikke/),
        expect.stringMatching(/^settings: .*sendDelay/),
        expect.stringMatching(/^locked: /),
        expect.stringMatching(/^\(filen\): .*extra/),
      ]),
    );
  });

  it('refuses locks on unknown paths, on unset parents and on options of another connector kind', () => {
    expect(problemsOf(() => parseMachineSettings({ locked: ['sender.cpr'] }, 'f'))).toEqual([
      'locked[0]: "sender.cpr" er ikke en indstilling, der kan låses (se docs/settings.md)',
    ]);
    expect(problemsOf(() => parseMachineSettings({ locked: ['sender.cvr'] }, 'f'))[0]).toMatch(
      /^locked\[0\]: "sender\.cvr" kan kun låses, når "settings\.sender" er sat/,
    );
    expect(problemsOf(() => parseMachineSettings({ locked: ['connector.options.outDir'] }, 'f'))[0]).toMatch(
      /findes ikke for forbindelsestypen "sandbox"/,
    );
    expect(
      parseMachineSettings(
        {
          settings: { connector: { kind: 'folder', options: { outDir: '\\\\srv\\ud' } } },
          locked: ['connector.options.outDir'],
        },
        'f',
      ).locked,
    ).toEqual(['connector.options.outDir']);
  });

  it('refuses a data folder on a network share', () => {
    const problems = problemsOf(() =>
      parseMachineSettings({ settings: { dataDir: '\\\\srv\\data' } }, 'f', { platform: 'win32' }),
    );
    expect(problems[0]).toMatch(/^settings\.dataDir: Datamappen må ikke ligge på et netværksdrev/);
  });

  it('has a Danish message naming the file and listing the problems', () => {
    const err = new MachineSettingsError('C:\\ProgramData\\Sendeassistent\\settings.json', ['a: b']);
    expect(err.message).toContain(
      "IT's fælles indstillingsfil C:\\ProgramData\\Sendeassistent\\settings.json er ugyldig",
    );
    expect(err.message).toContain('\n- a: b');
  });
});

describe('decodeSettingsFile', () => {
  const json = '{"settings":{"caseSystem":"Sag æøå"}}';
  it('reads UTF-8 with and without a BOM, and UTF-16 LE/BE with a BOM', () => {
    expect(decodeSettingsFile(Buffer.from(json, 'utf8'))).toBe(json);
    expect(decodeSettingsFile(Buffer.from(`\uFEFF${json}`, 'utf8'))).toBe(json);
    expect(decodeSettingsFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]))).toBe(
      json,
    );
    const be = Buffer.from(json, 'utf16le').swap16();
    expect(decodeSettingsFile(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(json);
  });
});

describe('readMachineSettings', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('sendeassistent-machine-');
  });
  afterEach(() => dir.cleanup());

  it('treats a missing file as no machine settings', () => {
    expect(readMachineSettings(join(dir.path, 'none.json'))).toEqual({
      filePath: null,
      settings: {},
      locked: [],
    });
  });

  it('refuses a file that is not JSON, naming the problem', () => {
    const f = join(dir.path, 'settings.json');
    writeFileSync(f, '{ settings: }');
    expect(problemsOf(() => readMachineSettings(f))[0]).toMatch(/^\(filen\): er ikke gyldig JSON/);
  });

  it('refuses a path it cannot read (a folder, or no permission) instead of ignoring it', () => {
    const sub = join(dir.path, 'folder.json');
    mkdirSync(sub);
    expect(problemsOf(() => readMachineSettings(sub))[0]).toMatch(/^\(filen\): kan ikke læses \(EISDIR\)/);
    if (process.getuid?.() !== 0) {
      const f = join(dir.path, 'secret.json');
      writeFileSync(f, '{}');
      chmodSync(f, 0o000);
      expect(problemsOf(() => readMachineSettings(f))[0]).toMatch(/EACCES/);
    }
  });

  it('reads a valid file written by Notepad (BOM)', () => {
    const f = join(dir.path, 'settings.json');
    writeFileSync(
      f,
      `\uFEFF${JSON.stringify({ settings: { sendDelaySeconds: 45 }, locked: ['sendDelaySeconds'] })}`,
    );
    expect(readMachineSettings(f)).toEqual({
      filePath: f,
      settings: { sendDelaySeconds: 45 },
      locked: ['sendDelaySeconds'],
    });
  });
});
