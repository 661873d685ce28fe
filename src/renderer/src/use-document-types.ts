import { useEffect, useState } from 'react';
import type { OutputOf } from '../../shared/contract';
import type { AppErrorData } from '../../shared/result';
import { callApi } from './api';

export type DocumentTypeInfo = OutputOf<'listDocumentTypes'>['types'][number];

type Loaded =
  { ok: true; types: readonly DocumentTypeInfo[]; auditOnly: boolean } | { ok: false; error: AppErrorData };

/** The policy pack is fixed for the life of the backend (a new pack takes effect at the next start): asked once. */
let pending: Promise<Loaded> | null = null;

function load(): Promise<Loaded> {
  pending ??= callApi((api) => api.listDocumentTypes({})).then((r) => {
    // A failed look is not kept: the next screen that needs the types asks again.
    if (!r.ok) pending = null;
    return r.ok
      ? { ok: true as const, types: r.value.types, auditOnly: r.value.auditOnly }
      : { ok: false as const, error: r.error };
  });
  return pending;
}

/**
 * The document types of the policy pack in force (policy:documentTypes), in the pack's order, with their Danish
 * labels: the send screen's type picker and the labels on the drafts and outbox screens. `labelOf` falls back to
 * the key for a type the pack does not know (a draft made under an earlier pack). `auditOnly` is the pack's
 * audit-only mode (the banner on every screen).
 */
export function useDocumentTypes() {
  const [state, setState] = useState<Loaded | null>(null);
  useEffect(() => {
    let current = true;
    void load().then((r) => current && setState(r));
    return () => {
      current = false;
    };
  }, []);
  const types = state?.ok ? state.types : null;
  const labelOf = (key: string) => types?.find((t) => t.key === key)?.label ?? key;
  return {
    types,
    auditOnly: state?.ok === true && state.auditOnly,
    error: state && !state.ok ? state.error : null,
    labelOf,
  };
}
