import { useSyncExternalStore } from 'react';

/**
 * Screens are addressed by the URL hash: it works the same from file:// in the app and over HTTP in the harness,
 * gives the back button and a reload for free, and never triggers a navigation the shell would have to allow.
 *
 * `#/` is the send screen, where a caseworker spends the day; the case list is `#/sager`, one case `#/sager/<nr>`.
 */
export type Route = { name: 'send' } | { name: 'cases' } | { name: 'case'; caseNumber: string };

const CASES = '#/sager';
const CASE_PREFIX = '#/sager/';

export function parseHash(hash: string): Route {
  if (hash === CASES || hash === CASE_PREFIX) return { name: 'cases' };
  if (hash.startsWith(CASE_PREFIX)) {
    try {
      const caseNumber = decodeURIComponent(hash.slice(CASE_PREFIX.length));
      if (caseNumber.length > 0) return { name: 'case', caseNumber };
    } catch {
      // A mangled case number falls back to the case list rather than an error screen.
    }
    return { name: 'cases' };
  }
  // Anything else, the empty hash included, is the send screen: the one a caseworker starts on.
  return { name: 'send' };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'send':
      return '#/';
    case 'cases':
      return CASES;
    case 'case':
      return CASE_PREFIX + encodeURIComponent(route.caseNumber);
  }
}

/** The header's section a route belongs to (a case belongs to "Sager"). */
export type Section = 'send' | 'cases';

export function sectionOf(route: Route): Section {
  return route.name === 'send' ? 'send' : 'cases';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, readHash);
  return parseHash(hash);
}
