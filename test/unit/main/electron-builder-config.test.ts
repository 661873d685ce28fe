import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NATIVE_DIR, NATIVE_FILE, nativeFolderName } from '../../../src/main/native-module';

/**
 * electron-builder cannot run here (it downloads Electron, NSIS, WiX), so this test loads electron-builder.yml with
 * electron-builder's own loader and validates it with its own schema check, then asserts what we rely on.
 * app-builder-lib is resolved from electron-builder's folder: electron-builder pins it exactly, so this does not
 * depend on how npm hoisted it.
 */
const root = path.resolve(__dirname, '..', '..', '..');

interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<unknown>;
  validateConfiguration(
    config: unknown,
    debugLogger: { isEnabled: boolean; add(k: string, v: unknown): void },
  ): Promise<void>;
}

function loadConfigModule(): ConfigModule {
  const fromBuilder = createRequire(
    createRequire(path.join(root, 'package.json')).resolve('electron-builder/package.json'),
  );
  return fromBuilder('app-builder-lib/out/util/config/config.js') as ConfigModule;
}

async function loadConfig() {
  const mod = loadConfigModule();
  const config = await mod.getConfig(root, 'electron-builder.yml', null);
  return { mod, config: config as Config };
}

type Target = { target: string; arch?: string[] };
interface Config {
  appId: string;
  productName: string;
  files: { filter: string[] }[];
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  win: { target: Target[] };
  linux: { target: Target[]; maintainer?: string };
  nsis: Record<string, unknown>;
}

const quietLogger = { isEnabled: false, add() {} };

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    const { mod, config } = await loadConfig();
    await expect(mod.validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('would be rejected by that validation if it had a misspelt key (the check is real)', async () => {
    const { mod, config } = await loadConfig();
    const broken = { ...config, electronFuses: { ...config.electronFuses, runAsNodee: false } };
    await expect(mod.validateConfiguration(broken, quietLogger)).rejects.toThrow(
      /configuration\.electronFuses/,
    );
  });

  it('names the app', async () => {
    const { config } = await loadConfig();
    expect(config.appId).toBe('dk.sendeassistent.app');
    expect(config.productName).toBe('Sendeassistent');
  });

  it('sets the fuses: no run-as-node, NODE_OPTIONS or inspect; asar integrity and asar-only loading on', async () => {
    const { config } = await loadConfig();
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds NSIS and MSI for Windows, AppImage and deb for Linux', async () => {
    const { config } = await loadConfig();
    expect(config.win.target.map((t) => t.target).sort()).toEqual(['msi', 'nsis']);
    expect(config.linux.target.map((t) => t.target).sort()).toEqual(['AppImage', 'deb']);
    expect(config.linux.maintainer, 'deb packages need a maintainer').toBeTruthy();
  });

  it('never deletes the history on uninstall', async () => {
    const { config } = await loadConfig();
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
  });

  it('ships the build, the Electron-ABI module (unpacked from asar) and resources/ where main looks for them', async () => {
    const { config } = await loadConfig();
    const patterns = config.files.flatMap((f) => f.filter);
    expect(patterns).toContain('out/**');
    expect(patterns).toContain('package.json');
    const nativePattern = patterns.find((p) => p.startsWith(`${NATIVE_DIR}/`));
    expect(nativePattern).toBe(
      `${NATIVE_DIR}/${nativeFolderName('*', '${platform}', '${arch}')}/${NATIVE_FILE}`,
    );
    expect(config.asarUnpack).toContain(`${NATIVE_DIR}/**`);
    // data-location.resourcesDir reads <resourcesPath>/resources when packaged.
    expect(config.extraResources).toContainEqual({ from: 'resources', to: 'resources' });
  });

  it('never rebuilds node_modules in place (that would break npm test on the packaging machine)', async () => {
    const { config } = await loadConfig();
    expect(config.npmRebuild).toBe(false);
  });
});
