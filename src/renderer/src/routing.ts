import { useSyncExternalStore } from 'react';

/**
 * Screens are addressed by the URL hash: it works the same from file:// in the app and over HTTP in the harness,
 * gives the back button and a reload for free, and never triggers a navigation the shell would have to allow.
 *
 * `#/` is the send screen, where a caseworker spends the day; `#/?kladde=<id>` is the send screen with a saved
 * draft resumed (a reload resumes it again). The case list is `#/sager`, one case `#/sager/<nr>`; the drafts
 * `#/kladder`, the outbox `#/udbakke`, the history `#/historik`, the settings `#/indstillinger`; a supervisor's
 * approvals `#/godkendelser`, one request `#/godkendelser/<id>`; an admin's users `#/brugere`.
 */
export type Route =
  | { name: 'send'; draftId: string | null }
  | { name: 'cases' }
  | { name: 'case'; caseNumber: string }
  | { name: 'drafts' }
  | { name: 'outbox' }
  | { name: 'history' }
  | { name: 'settings' }
  | { name: 'approvals' }
  | { name: 'approval'; requestId: string }
  | { name: 'users' };

const CASES = '#/sager';
const CASE_PREFIX = '#/sager/';
const DRAFTS = '#/kladder';
const OUTBOX = '#/udbakke';
const HISTORY = '#/historik';
const SETTINGS = '#/indstillinger';
const APPROVALS = '#/godkendelser';
const APPROVAL_PREFIX = '#/godkendelser/';
const USERS = '#/brugere';
const SEND_DRAFT_PREFIX = '#/?kladde=';
/** Draft (and approval request) ids are UUIDs: anything else in the address is ignored rather than sent to the backend. */
const DRAFT_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

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
  if (hash === DRAFTS || hash === `${DRAFTS}/`) return { name: 'drafts' };
  if (hash === OUTBOX || hash === `${OUTBOX}/`) return { name: 'outbox' };
  if (hash === HISTORY || hash === `${HISTORY}/`) return { name: 'history' };
  if (hash === SETTINGS || hash === `${SETTINGS}/`) return { name: 'settings' };
  if (hash === USERS || hash === `${USERS}/`) return { name: 'users' };
  if (hash === APPROVALS || hash === APPROVAL_PREFIX) return { name: 'approvals' };
  if (hash.startsWith(APPROVAL_PREFIX)) {
    const id = hash.slice(APPROVAL_PREFIX.length);
    // Request ids are UUIDs too: anything else is the inbox, never a call with a made-up id.
    return DRAFT_ID.test(id) ? { name: 'approval', requestId: id.toLowerCase() } : { name: 'approvals' };
  }
  if (hash.startsWith(SEND_DRAFT_PREFIX)) {
    const id = hash.slice(SEND_DRAFT_PREFIX.length);
    return { name: 'send', draftId: DRAFT_ID.test(id) ? id.toLowerCase() : null };
  }
  // Anything else, the empty hash included, is the send screen: the one a caseworker starts on.
  return { name: 'send', draftId: null };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'send':
      return route.draftId ? SEND_DRAFT_PREFIX + route.draftId : '#/';
    case 'cases':
      return CASES;
    case 'case':
      return CASE_PREFIX + encodeURIComponent(route.caseNumber);
    case 'drafts':
      return DRAFTS;
    case 'outbox':
      return OUTBOX;
    case 'history':
      return HISTORY;
    case 'settings':
      return SETTINGS;
    case 'approvals':
      return APPROVALS;
    case 'approval':
      return APPROVAL_PREFIX + route.requestId;
    case 'users':
      return USERS;
  }
}

/** The header's section a route belongs to (a case belongs to "Sager"). */
export type Section = 'send' | 'cases' | 'drafts' | 'outbox' | 'history' | 'settings' | 'approvals' | 'users';

export function sectionOf(route: Route): Section {
  if (route.name === 'case') return 'cases';
  if (route.name === 'approval') return 'approvals';
  return route.name;
}

/**
 * Leaves a resumed draft's address for the plain send screen without a new history entry: the caseworker has
 * moved on to another document, and a reload must not bring the old draft back.
 */
export function leaveDraftAddress(): void {
  if (window.location.hash.startsWith(SEND_DRAFT_PREFIX)) window.location.replace('#/');
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
