/**
 * Debian's Chromium and the flags it needs on these machines (architecture.md): one list for Playwright's config
 * and for the fixtures that print PDFs with Chromium. Never `playwright install`: the browser is the system's.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
