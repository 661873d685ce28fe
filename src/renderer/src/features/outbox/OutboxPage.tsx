import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { OutboxItemView } from '../../../../shared/domain/outbox';
import type { Result } from '../../../../shared/result';
import { callApi } from '../../api';
import { useMessages } from '../../i18n';
import type { OutboxGroupKey } from '../../i18n/da-outbox';
import { useDocumentTypes } from '../../use-document-types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadingText } from '../../ui/LoadingText';
import { PageHeading } from '../../ui/PageHeading';
import { ReasonDialog, type ReasonRequest } from '../../ui/ReasonDialog';
import { useNow } from '../../ui/use-now';
import { OutboxCard, type CardFeedback } from './OutboxCard';
import { groupOutbox, OUTBOX_GROUPS, type OutboxAction } from './outbox-groups';
import { useOutbox } from './outbox-context';
import { approvalsChanged } from '../approvals/pending-count';
import { formatDateTime } from '../send/format-time';
import './outbox.css';

/** Finished sends are many: shown a page at a time, newest first. */
const PAGE = 20;
/** Groups that are always shown, empty or not: "nothing needs you" is worth saying. */
const ALWAYS: readonly OutboxGroupKey[] = ['attention', 'waiting', 'sent'];

type Pending = { item: OutboxItemView; action: Exclude<OutboxAction, 'undo'> };

/**
 * The outbox: every send of this computer by what it needs. "Kræver handling" first (a person must decide), then
 * what waits (with countdown and undo, the next attempt, or why it is held back), then the finished ones. Rows follow
 * `outbox:changed` live; an action's answer (or its refusal, in Danish) is shown on the row it concerns.
 */
export function OutboxPage({ takeFocus }: { takeFocus: boolean }) {
  const m = useMessages();
  const t = m.outbox;
  const outbox = useOutbox();
  const { labelOf } = useDocumentTypes();
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [feedback, setFeedback] = useState<Record<string, CardFeedback>>({});
  const [shown, setShown] = useState<Record<OutboxGroupKey, number>>({
    attention: Infinity,
    waiting: Infinity,
    sent: PAGE,
    rejected: PAGE,
    cancelled: PAGE,
  });
  const [focusId, setFocusId] = useState<{ id: string } | null>(null);

  // Every visit looks again (the connector may have changed since the window last asked).
  const { refresh } = outbox;
  useEffect(() => refresh(), [refresh]);

  const items = outbox.items ?? [];
  const groups = groupOutbox(items);
  const counting = groups.waiting.some((i) => i.entry.state === 'queued' && !i.entry.lastError);
  const now = useNow(500, counting);

  // After an action focus goes to the row, and follows it when it later moves to another group (queued, then
  // sent): the move re-creates the row, which would otherwise drop focus to the page.
  useEffect(() => {
    if (focusId) document.getElementById(`outbox-item-${focusId.id}`)?.focus();
  }, [focusId]);
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (focusId && lost) document.getElementById(`outbox-item-${focusId.id}`)?.focus();
  }, [items, focusId]);

  const run = async (item: OutboxItemView, action: OutboxAction, reason: string) => {
    setBusy((b) => new Set(b).add(item.id));
    const result: Result<OutputOf<'cancelSend'>> = await callApi((api) => {
      switch (action) {
        case 'undo':
        case 'cancel':
          return api.cancelSend({ outboxId: item.id, reason });
        case 'retry':
          return api.retrySend({ outboxId: item.id, reason });
        case 'delivered':
        case 'resend':
          return api.resolveSend({ outboxId: item.id, resolution: action, reason });
      }
    });
    setBusy((b) => {
      const next = new Set(b);
      next.delete(item.id);
      return next;
    });
    let note: CardFeedback;
    if (!result.ok) note = { kind: 'error', error: result.error };
    else {
      outbox.apply(result.value.item);
      note =
        result.value.changed || !result.value.refusal
          ? { kind: 'done', text: t.actions.done[action === 'undo' ? 'cancel' : action] }
          : { kind: 'refused', text: result.value.refusal };
    }
    setFeedback((f) => ({ ...f, [item.id]: note }));
    setFocusId({ id: item.id });
  };

  /** approvals:request: the pending request as it is, or a new one when the last expired or was voided. */
  const requestAgain = async (item: OutboxItemView) => {
    setBusy((b) => new Set(b).add(item.id));
    const result = await callApi((api) => api.requestApproval({ draftId: item.draftId }));
    setBusy((b) => {
      const next = new Set(b);
      next.delete(item.id);
      return next;
    });
    const note: CardFeedback = result.ok
      ? {
          kind: 'done',
          text: t.actions.requestedAgain(
            formatDateTime(result.value.request.requestedAt),
            formatDateTime(result.value.request.expiresAt),
          ),
        }
      : { kind: 'error', error: result.error };
    if (result.ok) approvalsChanged();
    setFeedback((f) => ({ ...f, [item.id]: note }));
    setFocusId({ id: item.id });
  };

  const onAction = (item: OutboxItemView, action: OutboxAction) => {
    if (action === 'undo') void run(item, action, t.actions.undoReason);
    else setPending({ item, action });
  };

  const request: ReasonRequest | null = pending
    ? {
        ...t.dialogs[pending.action],
        subject: `${pending.item.fileName} – ${pending.item.recipient.name ?? pending.item.recipient.partyId}`,
      }
    : null;

  return (
    <section className="page outbox-page" aria-labelledby="outbox-heading">
      <PageHeading id="outbox-heading" title={m.app.pageTitle(t.heading)} takeFocus={takeFocus}>
        {t.heading}
      </PageHeading>
      <p className="page-intro">{t.intro}</p>
      {outbox.error ? <ErrorAlert error={outbox.error} onRetry={outbox.refresh} /> : null}
      {outbox.items === null ? (
        outbox.error ? null : (
          <LoadingText text={t.loading} />
        )
      ) : items.length === 0 ? (
        <p className="empty">{t.empty}</p>
      ) : (
        OUTBOX_GROUPS.filter((g) => ALWAYS.includes(g) || groups[g].length > 0).map((g) => {
          const rows = groups[g];
          const visible = rows.slice(0, shown[g]);
          return (
            <section key={g} className={`outbox-group outbox-group--${g}`} aria-labelledby={`outbox-${g}`}>
              <h3 className="outbox-group__heading" id={`outbox-${g}`}>
                {t.groups[g]} <span className="outbox-group__count">({t.count(rows.length)})</span>
              </h3>
              {rows.length === 0 ? (
                <p className="hint">{t.groupEmpty[g]}</p>
              ) : (
                <>
                  <p className="hint">{t.groupHints[g]}</p>
                  <ul className="outbox-list">
                    {visible.map((item) => (
                      <OutboxCard
                        key={item.id}
                        item={item}
                        typeLabel={item.documentType ? labelOf(item.documentType) : null}
                        backendNow={now + outbox.skewMs}
                        busy={busy.has(item.id)}
                        feedback={feedback[item.id]}
                        onAction={onAction}
                        onRequestAgain={(i) => void requestAgain(i)}
                      />
                    ))}
                  </ul>
                  {rows.length > visible.length ? (
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() => setShown((s) => ({ ...s, [g]: s[g] + PAGE }))}
                    >
                      {t.showMore(Math.min(PAGE, rows.length - visible.length))}
                    </button>
                  ) : null}
                </>
              )}
            </section>
          );
        })
      )}
      <ReasonDialog
        request={request}
        onConfirm={(reason) => {
          if (!pending) return;
          setPending(null);
          void run(pending.item, pending.action, reason);
        }}
        onClose={() => setPending(null)}
      />
    </section>
  );
}
