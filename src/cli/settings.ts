import { openStoreBackend } from './store-backend';
import type { KeyStore } from '../backend/ports';
import {
  formatIssues,
  parseDanish,
  settingsKeys,
  settingsPatchSchema,
  type SettingsKey,
} from '../shared/domain/settings';
import { InputError } from './analyze';

/**
 * `sendeassistent settings show|set` (docs/settings.md): the settings saved in the store, through the same channels
 * as the window, so a value IT has locked is refused here too. `set` takes one top-level key and its whole value as
 * JSON (`sender '{"cvr":"12345678","name":"Eksempel Kommune"}'`, `sendDelaySeconds 20`).
 */
export async function settingsCommand(
  words: string[],
  host: {
    version: string;
    resourcesDir: string;
    keyStore?: KeyStore;
    nativeBinding?: string;
    passphrase?: string;
    dataDir: string;
    json: boolean;
    env: Record<string, string | undefined>;
    prompt?: (question: string) => Promise<string>;
    stdout: (s: string) => void;
  },
): Promise<number> {
  const [verb, key, raw] = words;
  if (verb === 'set-certificate-password') {
    if (words.length !== 1) throw new InputError('brug: sendeassistent settings set-certificate-password');
    return setCertificatePassword(host);
  }
  if (verb !== 'show' && verb !== 'set') {
    throw new InputError(
      'brug: sendeassistent settings show | set <nøgle> <json-værdi> | set-certificate-password',
    );
  }
  if (verb === 'show' && words.length !== 1) throw new InputError('brug: sendeassistent settings show');
  if (verb === 'set' && (words.length !== 3 || key === undefined || raw === undefined)) {
    throw new InputError('brug: sendeassistent settings set <nøgle> <json-værdi>');
  }
  if (verb === 'set' && !settingsKeys.includes(key as SettingsKey)) {
    throw new InputError(`ukendt indstilling "${key}" (kendte: ${settingsKeys.join(', ')})`);
  }
  let value: unknown;
  if (verb === 'set') {
    try {
      value = JSON.parse(raw!);
    } catch {
      throw new InputError(`værdien for ${key} er ikke gyldig JSON (en tekst skrives '"sådan"')`);
    }
    // The channel's input schema would refuse an invalid value with a bare VALIDATION_FAILED ("prøv igen"); the
    // same schema here names the field and what is wrong with it, in Danish, as the window does.
    const checked = parseDanish(settingsPatchSchema, { [key!]: value });
    if (!checked.ok) {
      throw new InputError(`${key} blev ikke gemt:\n  ${formatIssues(checked.issues).join('\n  ')}`);
    }
  }
  const backend = openStoreBackend(host, verb === 'set');
  try {
    if (verb === 'show') {
      const res = await backend.dispatcher.json('settings:get', {});
      if (!res.ok) throw new InputError(res.error.message);
      const view = res.value as { settings: Record<string, unknown>; locked: string[] };
      host.stdout(
        host.json
          ? `${JSON.stringify(view)}\n`
          : Object.entries(view.settings)
              .map(
                ([k, v]) => `${k}: ${JSON.stringify(v)}${view.locked.includes(k) ? ' (låst af IT)' : ''}\n`,
              )
              .join(''),
      );
      return 0;
    }
    const res = await backend.dispatcher.json('settings:update', { patch: { [key!]: value } });
    if (!res.ok) throw new InputError(`${key}: ${res.error.message}`);
    const out = res.value as { saved: boolean; refusal: string | null; problems: string[] };
    if (!out.saved) {
      throw new InputError(
        `${key} blev ikke gemt${out.refusal === 'locked' ? ' (låst af IT)' : ''}:\n  ${out.problems.join('\n  ')}`,
      );
    }
    host.stdout(host.json ? `${JSON.stringify(out)}\n` : `${key} er gemt.\n`);
    return 0;
  } finally {
    backend.close();
  }
}

/** The SF1601 certificate's password, from SENDEASSISTENT_CERT_PASSWORD or a prompt; never from a flag. */
async function setCertificatePassword(host: Parameters<typeof settingsCommand>[1]): Promise<number> {
  let password = host.env.SENDEASSISTENT_CERT_PASSWORD;
  if (!password) {
    if (!host.prompt) {
      throw new InputError('ingen terminal: sæt adgangskoden i SENDEASSISTENT_CERT_PASSWORD');
    }
    password = await host.prompt('Certifikatets adgangskode: ');
  }
  if (!password) throw new InputError('adgangskoden må ikke være tom');
  const backend = openStoreBackend(host, true);
  try {
    const res = await backend.dispatcher.json('settings:setCertificatePassword', { password });
    if (!res.ok) throw new InputError(res.error.message);
    host.stdout('Certifikatets adgangskode er gemt krypteret i databasen.\n');
    return 0;
  } finally {
    backend.close();
  }
}
