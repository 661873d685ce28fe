import { describe, expect, it } from 'vitest';
import {
  devPassphrase,
  parseLaunchMode,
  startupFailureText,
  withDefaultDataDir,
} from '../../../src/main/startup';
import { AppError, ERROR_MESSAGES } from '../../../src/shared/result';

describe('parseLaunchMode', () => {
  it('opens the window without --cli', () => {
    expect(parseLaunchMode(['/opt/Sendeassistent/sendeassistent'])).toEqual({ kind: 'window' });
    expect(parseLaunchMode(['/usr/bin/electron', '.', '--inspect=0'])).toEqual({ kind: 'window' });
  });

  it('hands everything after --cli to the CLI', () => {
    expect(parseLaunchMode(['C:\\Sendeassistent.exe', '--cli', 'key', 'add-passphrase'])).toEqual({
      kind: 'cli',
      args: ['key', 'add-passphrase'],
    });
    expect(parseLaunchMode(['electron', '.', '--no-sandbox', '--cli', '--help'])).toEqual({
      kind: 'cli',
      args: ['--help'],
    });
  });
});

describe('withDefaultDataDir', () => {
  it('adds the app’s data folder when none is given', () => {
    expect(withDefaultDataDir(['audit', 'verify'], '/d')).toEqual(['audit', 'verify', '--data-dir', '/d']);
  });

  it('leaves an explicit --data-dir alone', () => {
    expect(withDefaultDataDir(['audit', 'verify', '--data-dir', '/x'], '/d')).toEqual([
      'audit',
      'verify',
      '--data-dir',
      '/x',
    ]);
    expect(withDefaultDataDir(['audit', 'verify', '--data-dir=/x'], '/d')).toEqual([
      'audit',
      'verify',
      '--data-dir=/x',
    ]);
  });
});

describe('devPassphrase', () => {
  it('is used only by unpackaged builds', () => {
    expect(devPassphrase({ SENDEASSISTENT_PASSPHRASE: 'korrekt hest batteri' }, false)).toBe(
      'korrekt hest batteri',
    );
    expect(devPassphrase({ SENDEASSISTENT_PASSPHRASE: 'korrekt hest batteri' }, true)).toBeUndefined();
    expect(devPassphrase({ SENDEASSISTENT_PASSPHRASE: '' }, false)).toBeUndefined();
    expect(devPassphrase({}, false)).toBeUndefined();
  });
});

describe('startupFailureText', () => {
  it('shows an AppError’s Danish message and its code', () => {
    const text = startupFailureText(new AppError('KEYSTORE_UNAVAILABLE', 'basic_text'));
    expect(text).toContain(ERROR_MESSAGES.KEYSTORE_UNAVAILABLE);
    expect(text).toContain('Fejlkode: KEYSTORE_UNAVAILABLE');
    expect(text).not.toContain('basic_text');
  });

  it('turns anything else into INTERNAL with the technical text below', () => {
    const text = startupFailureText(new Error('The module was compiled against NODE_MODULE_VERSION 115'));
    expect(text.startsWith(ERROR_MESSAGES.INTERNAL)).toBe(true);
    expect(text).toContain('Fejlkode: INTERNAL');
    expect(text).toContain('NODE_MODULE_VERSION 115');
    expect(startupFailureText('odd')).toContain('odd');
  });
});
