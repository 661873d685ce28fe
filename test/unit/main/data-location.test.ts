import { describe, expect, it } from 'vitest';
import {
  DATA_DIR_ENV,
  defaultDataDir,
  electronUserDataDir,
  resolveDataDir,
  resourcesDir,
} from '../../../src/main/data-location';

const win = { platform: 'win32', homeDir: 'C:\\Users\\sagsbeh', isPackaged: true };
const mac = { platform: 'darwin', homeDir: '/Users/sagsbeh', isPackaged: true };
const linux = { platform: 'linux', homeDir: '/home/sagsbeh', isPackaged: true };

describe('defaultDataDir', () => {
  it('uses %LOCALAPPDATA% on Windows, never the roaming %APPDATA%', () => {
    const env = {
      LOCALAPPDATA: 'C:\\Users\\sagsbeh\\AppData\\Local',
      APPDATA: 'C:\\Users\\sagsbeh\\AppData\\Roaming',
    };
    expect(defaultDataDir({ ...win, env })).toBe('C:\\Users\\sagsbeh\\AppData\\Local\\Sendeassistent');
  });

  it('falls back to <home>\\AppData\\Local when LOCALAPPDATA is unset or empty', () => {
    expect(defaultDataDir({ ...win, env: {} })).toBe('C:\\Users\\sagsbeh\\AppData\\Local\\Sendeassistent');
    expect(defaultDataDir({ ...win, env: { LOCALAPPDATA: '' } })).toBe(
      'C:\\Users\\sagsbeh\\AppData\\Local\\Sendeassistent',
    );
  });

  it('uses Application Support on macOS', () => {
    expect(defaultDataDir({ ...mac, env: {} })).toBe(
      '/Users/sagsbeh/Library/Application Support/Sendeassistent',
    );
  });

  it('uses $XDG_DATA_HOME or ~/.local/share on Linux', () => {
    expect(defaultDataDir({ ...linux, env: {} })).toBe('/home/sagsbeh/.local/share/sendeassistent');
    expect(defaultDataDir({ ...linux, env: { XDG_DATA_HOME: '/data/xdg' } })).toBe(
      '/data/xdg/sendeassistent',
    );
  });

  it('ignores a relative or empty XDG_DATA_HOME, as the XDG spec requires', () => {
    expect(defaultDataDir({ ...linux, env: { XDG_DATA_HOME: 'relative/dir' } })).toBe(
      '/home/sagsbeh/.local/share/sendeassistent',
    );
    expect(defaultDataDir({ ...linux, env: { XDG_DATA_HOME: '' } })).toBe(
      '/home/sagsbeh/.local/share/sendeassistent',
    );
  });

  it('keeps a development build away from the installed app’s data', () => {
    expect(defaultDataDir({ ...win, isPackaged: false, env: { LOCALAPPDATA: 'C:\\L' } })).toBe(
      'C:\\L\\Sendeassistent-dev',
    );
    expect(defaultDataDir({ ...linux, isPackaged: false, env: {} })).toBe(
      '/home/sagsbeh/.local/share/sendeassistent-dev',
    );
  });
});

describe('resolveDataDir', () => {
  it(`honours ${DATA_DIR_ENV} in an unpackaged build`, () => {
    const env = { [DATA_DIR_ENV]: '/tmp/smoke-1' };
    expect(resolveDataDir({ ...linux, isPackaged: false, env, cwd: '/work' })).toBe('/tmp/smoke-1');
    expect(
      resolveDataDir({ ...linux, isPackaged: false, env: { [DATA_DIR_ENV]: 'rel' }, cwd: '/work' }),
    ).toBe('/work/rel');
  });

  it(`ignores ${DATA_DIR_ENV} in a packaged build`, () => {
    const env = { [DATA_DIR_ENV]: '/tmp/elsewhere' };
    expect(resolveDataDir({ ...linux, env, cwd: '/work' })).toBe('/home/sagsbeh/.local/share/sendeassistent');
  });

  it('uses the default without the variable', () => {
    expect(resolveDataDir({ ...linux, isPackaged: false, env: {}, cwd: '/work' })).toBe(
      '/home/sagsbeh/.local/share/sendeassistent-dev',
    );
  });
});

describe('electronUserDataDir', () => {
  it('puts Chromium’s profile inside the data folder', () => {
    expect(electronUserDataDir('/home/s/.local/share/sendeassistent', 'linux')).toBe(
      '/home/s/.local/share/sendeassistent/electron',
    );
    expect(electronUserDataDir('C:\\L\\Sendeassistent', 'win32')).toBe('C:\\L\\Sendeassistent\\electron');
  });
});

describe('resourcesDir', () => {
  it('uses the project’s resources/ in development', () => {
    expect(
      resourcesDir({ isPackaged: false, appRoot: '/home/dev/app', resourcesPath: '/x', platform: 'linux' }),
    ).toBe('/home/dev/app/resources');
  });

  it('uses electron-builder’s extraResources copy when packaged', () => {
    expect(
      resourcesDir({
        isPackaged: true,
        appRoot: 'C:\\Program Files\\Sendeassistent\\resources\\app.asar',
        resourcesPath: 'C:\\Program Files\\Sendeassistent\\resources',
        platform: 'win32',
      }),
    ).toBe('C:\\Program Files\\Sendeassistent\\resources\\resources');
  });
});
