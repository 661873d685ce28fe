import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contract, events } from '../../src/shared/contract';
import { ERROR_MESSAGES } from '../../src/shared/result';

/** The page script that stands in for the preload, and the one tag that loads it. */

export const BRIDGE_PATH = '/__harness/bridge.js';
/** The one change made to the renderer's index.html. */
export const BRIDGE_TAG = `<script src="${BRIDGE_PATH}"></script>`;
const BRIDGE_PLACEHOLDER = '/*__HARNESS_CONFIG__*/ null';

/** Inserts the bridge before the first script, leaving every other byte (the CSP meta included) as built. */
export function withBridge(indexHtml: string): string {
  const at = indexHtml.indexOf('<script');
  if (at < 0) throw new Error('index.html has no <script> tag to put the harness bridge in front of');
  return indexHtml.slice(0, at) + BRIDGE_TAG + indexHtml.slice(at);
}

/** bridge.js with the contract's method map filled in: generated at start-up, so it can never list stale channels. */
export function bridgeSource(template = readFileSync(join(__dirname, 'bridge.js'), 'utf8')): string {
  const config = {
    methods: Object.fromEntries(
      Object.values(contract).map((d) => [d.method, { channel: d.channel, kind: d.kind }]),
    ),
    events: Object.keys(events),
    internalMessage: ERROR_MESSAGES.INTERNAL,
  };
  if (!template.includes(BRIDGE_PLACEHOLDER)) throw new Error('bridge.js has lost its config placeholder');
  return template.replace(BRIDGE_PLACEHOLDER, () => JSON.stringify(config));
}
