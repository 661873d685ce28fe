import { useSyncExternalStore } from 'react';

/**
 * Screens are addressed by the URL hash: it works the same from file:// in the app and over HTTP in the harness,
 * gives the back button and a reload for free, and never triggers a navigation the shell would have to allow.
 */
export type Route = { name: 'cases' } | { name: 'case'; caseNumber: string };

const CASE_PREFIX = '#/sager/';

export function parseHash(hash: string): Route {
  if (hash.startsWith(CASE_PREFIX)) {
    try {
      const caseNumber = decodeURIComponent(hash.slice(CASE_PREFIX.length));
      if (caseNumber.length > 0) return { name: 'case', caseNumber };
    } catch {
      // A mangled hash falls back to the case list rather than an error screen.
    }
  }
  return { name: 'cases' };
}

export function hrefFor(route: Route): string {
  return route.name === 'case' ? CASE_PREFIX + encodeURIComponent(route.caseNumber) : '#/';
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
