import type { InputOf } from '../../../../shared/contract';
import { outboxEventTypes } from '../../../../shared/domain/outbox';

/** What the caseworker typed, as the form holds it. */
export interface SearchFields {
  caseNumber: string;
  cpr: string;
  recipient: string;
  documentType: string;
  group: KindGroup | '';
  from: string;
  to: string;
}

export const EMPTY_FIELDS: SearchFields = {
  caseNumber: '',
  cpr: '',
  recipient: '',
  documentType: '',
  group: '',
  from: '',
  to: '',
};

export type AuditFilters = Omit<InputOf<'listAudit'>, 'limit' | 'beforeSeq'>;
export type FieldError = 'cpr' | 'recipient' | 'date' | 'order';
export type FieldErrors = Partial<Record<'cpr' | 'recipient' | 'from' | 'to', FieldError>>;

const outbox = (events: readonly string[]) => events.map((e) => `outbox.${e}`);

/** The "Hændelser" choices: groups of entry kinds a caseworker thinks in. */
export const KIND_GROUPS = {
  sends: ['draft.submitted', ...outbox(outboxEventTypes)],
  delivered: outbox(['delivered', 'lookup_delivered', 'resolve_delivered']),
  problems: outbox(['failed', 'interrupted', 'lookup_unavailable', 'cancel', 'retry', 'resolve_resend']),
  checks: ['document.analysed', 'draft.checked', 'near_miss', 'draft.discarded'],
  approvals: [
    'approval.requested',
    'approval.approved',
    'approval.rejected',
    'approval.expired',
    'approval.voided',
    'approval.released',
    'approval.received',
    'approval.withdrawn',
    'approval.file_refused',
    'approval.roster_issued',
    'approval.roster_imported',
    'approval.admin_key_pinned',
  ],
  users: [
    'user.created',
    'user.signed_in',
    'user.signed_out',
    'user.sign_in_failed',
    'user.locked_out',
    'user.password_changed',
    'user.password_reset',
  ],
  access: ['case.viewed', 'history.searched'],
  admin: [
    'cases.imported',
    'case.reimported',
    'cases.import_refused',
    'settings.changed',
    'settings.certificate_password_set',
    'policy.loaded',
  ],
} as const satisfies Record<string, readonly string[]>;
export type KindGroup = keyof typeof KIND_GROUPS;
export const kindGroups = Object.keys(KIND_GROUPS) as KindGroup[];

const CPR = /^(\d{2})(\d{2})\d{2}-?\d{4}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** DDMMÅÅ-LLLL from what was typed (spaces allowed, the dash optional); null when it cannot be a CPR number. */
export function normaliseCpr(typed: string): string | null {
  const compact = typed.replace(/\s/g, '');
  const m = CPR.exec(compact);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  if (day < 1 || day > 31 || month < 1 || month > 12) return null;
  const digits = compact.replace('-', '');
  return `${digits.slice(0, 6)}-${digits.slice(6)}`;
}

/**
 * The filters for `audit:list`, or the fields to correct. `badDates` names date fields the browser could not read
 * (a half-typed date leaves the field's value empty).
 */
export function toFilters(
  f: SearchFields,
  badDates: { from: boolean; to: boolean } = { from: false, to: false },
): { ok: true; filters: AuditFilters } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const cpr = f.cpr.trim() === '' ? undefined : normaliseCpr(f.cpr);
  if (cpr === null) errors.cpr = 'cpr';
  const recipient = f.recipient.trim();
  if (recipient.length === 1) errors.recipient = 'recipient';
  for (const key of ['from', 'to'] as const) {
    if (badDates[key] || (f[key] !== '' && !DATE.test(f[key]))) errors[key] = 'date';
  }
  if (!errors.from && !errors.to && f.from && f.to && f.from > f.to) errors.to = 'order';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const caseNumber = f.caseNumber.trim();
  return {
    ok: true,
    filters: {
      ...(caseNumber ? { caseNumber } : {}),
      ...(cpr ? { cpr } : {}),
      ...(recipient ? { recipient } : {}),
      ...(f.documentType ? { documentType: f.documentType } : {}),
      ...(f.group ? { kinds: [...KIND_GROUPS[f.group]] } : {}),
      ...(f.from ? { from: f.from } : {}),
      ...(f.to ? { to: f.to } : {}),
    },
  };
}
