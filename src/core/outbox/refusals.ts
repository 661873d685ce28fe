import { OUTBOX_STATE_LABELS, type OutboxEventType, type OutboxState } from '../../shared/domain/outbox';

/** Why an event was refused: `not_allowed` in this state, `not_due` yet, or an `invalid_event`. */
export type OutboxRefusalCode = 'not_allowed' | 'not_due' | 'invalid_event';

export interface OutboxRefusal {
  code: OutboxRefusalCode;
  from: OutboxState;
  event: OutboxEventType;
  /** Danish, for the caseworker. */
  reason: string;
}

const EVENT_LABELS: Record<OutboxEventType, string> = {
  submit: 'Send',
  approve: 'Godkend',
  reject: 'Afvis',
  void_approval: 'Ophæv godkendelse',
  enqueue: 'Sæt i kø',
  claim: 'Start afsendelse',
  request_started: 'Forespørgsel sendes',
  delivered: 'Modtaget',
  failed: 'Fejl ved afsendelse',
  interrupted: 'Afbrudt afsendelse',
  lookup_delivered: 'Opslag: modtaget',
  lookup_not_received: 'Opslag: ikke modtaget',
  lookup_unavailable: 'Opslag ikke muligt',
  resolve_delivered: 'Markér som modtaget',
  resolve_resend: 'Send igen',
  retry: 'Prøv igen',
  cancel: 'Annullér',
};

/** Cancel gets its own words per state: it is the refusal a caseworker meets most. */
const CANCEL_REFUSALS: Partial<Record<OutboxState, string>> = {
  sending: 'Forsendelsen er ved at blive sendt og kan ikke længere annulleres.',
  sent: 'Forsendelsen er sendt og kan ikke annulleres.',
  failed_permanent:
    'Digital Post har afvist forsendelsen, så den bliver ikke sendt. Der er intet at annullere.',
  unknown:
    'Det er uvist, om modtageren har fået forsendelsen, så den kan ikke annulleres. Få status afklaret først.',
  cancelled: 'Forsendelsen er allerede annulleret.',
};

export function notAllowed(from: OutboxState, event: OutboxEventType): OutboxRefusal {
  const reason =
    (event === 'cancel' ? CANCEL_REFUSALS[from] : undefined) ??
    `"${EVENT_LABELS[event]}" er ikke mulig, når forsendelsen har status "${OUTBOX_STATE_LABELS[from]}".`;
  return { code: 'not_allowed', from, event, reason };
}

export function refused(
  code: OutboxRefusalCode,
  from: OutboxState,
  event: OutboxEventType,
  reason: string,
): OutboxRefusal {
  return { code, from, event, reason };
}
