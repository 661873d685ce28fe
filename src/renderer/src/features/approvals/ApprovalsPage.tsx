import { useEffect } from 'react';
import { Badge } from '../../ui/Badge';
import type { ApprovalViewData } from '../../../../shared/domain/approval';
import { onApiEvent } from '../../api';
import { useMessages } from '../../i18n';
import { hrefFor } from '../../routing';
import { useApiResult } from '../../use-api-result';
import { useDocumentTypes } from '../../use-document-types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadingText } from '../../ui/LoadingText';
import { PageHeading } from '../../ui/PageHeading';
import { useOutbox } from '../outbox/outbox-context';
import { formatDateTime } from '../send/format-time';
import { SupervisorsOnly } from './SupervisorsOnly';
import { SyncButton } from './SyncButton';
import './approvals.css';

/**
 * A supervisor's inbox (approvals:list): the sends of others waiting for approval, oldest first, each with what it
 * is, who asked and until when it can be approved. Opening one goes to its review. Only supervisors see it; the
 * backend refuses the list to anybody else.
 */
export function ApprovalsPage({ takeFocus }: { takeFocus: boolean }) {
  const m = useMessages();
  const t = m.approvals;
  return (
    <section className="page approvals-page" aria-labelledby="approvals-heading">
      <PageHeading id="approvals-heading" title={m.app.pageTitle(t.heading)} takeFocus={takeFocus}>
        {t.heading}
      </PageHeading>
      <SupervisorsOnly>
        <Inbox />
      </SupervisorsOnly>
    </section>
  );
}

function Inbox() {
  const m = useMessages();
  const t = m.approvals;
  const { state, retry } = useApiResult((api) => api.listApprovals({}), 'approvals');
  const { labelOf } = useDocumentTypes();
  const outbox = useOutbox();

  // The shared folder, if any: with one, requests from other computers can be fetched now.
  const { state: settings } = useApiResult((api) => api.getSettings({}), 'settings');
  const folder = settings.value?.settings.approvalFolder ?? null;

  // A new request (a caseworker's submit) or a decision elsewhere moves outbox rows: the list is asked again. A
  // request from another computer moves none: it is told by its history entry (`approval.*`).
  useEffect(() => onApiEvent('outbox:changed', () => retry()), [retry]);
  useEffect(
    () =>
      onApiEvent('audit:appended', ({ kind }) => {
        if (kind.startsWith('approval.')) retry();
      }),
    [retry],
  );

  /** The recipients' names as the request has them (from the case), else as the outbox knows them. */
  const nameOf = (request: ApprovalViewData, partyId: string) =>
    request.recipients.find((r) => r.partyId === partyId)?.name ??
    outbox.items?.find((i) => i.draftId === request.draftId && i.recipient.partyId === partyId)?.recipient
      .name ??
    partyId;

  const requests = state.value?.requests;
  return (
    <>
      <p className="page-intro">{t.intro}</p>
      {folder !== null ? <SyncButton onSynced={retry} /> : null}
      {state.status === 'failed' ? <ErrorAlert error={state.error} onRetry={retry} /> : null}
      {requests === undefined ? (
        state.status === 'failed' ? null : (
          <LoadingText text={t.loading} />
        )
      ) : requests.length === 0 ? (
        <p className="empty" data-testid="approvals-empty">
          {t.empty}
        </p>
      ) : (
        <>
          <p className="result-count" role="status">
            {t.count(requests.length)}
          </p>
          <ul className="approval-list">
            {requests.map((r) => {
              const headingId = `approval-${r.id}-heading`;
              return (
                <li key={r.id} className="approval-card" data-testid="approval-request">
                  <article aria-labelledby={headingId}>
                    <h3 className="approval-card__title" id={headingId}>
                      {labelOf(r.documentType)}
                      <span className="muted"> · </span>
                      <span className="case-number">{r.caseNumber}</span>
                    </h3>
                    {r.remote ? (
                      <p className="approval-card__origin" data-testid="approval-remote">
                        <Badge tone="info">{t.item.remote}</Badge>
                      </p>
                    ) : null}
                    <dl className="approval-card__facts">
                      <div>
                        <dt>{t.item.requester}</dt>
                        <dd>{r.requester.displayName}</dd>
                      </div>
                      <div>
                        <dt>{t.item.requestedAt}</dt>
                        <dd>{formatDateTime(r.requestedAt)}</dd>
                      </div>
                      <div>
                        <dt>{t.item.expiresAt}</dt>
                        <dd>{formatDateTime(r.expiresAt)}</dd>
                      </div>
                      <div className="approval-card__recipients">
                        <dt>{t.item.recipients}</dt>
                        <dd>
                          <ul className="inline-list">
                            {r.recipients.map((p) => (
                              <li key={p.partyId}>
                                {nameOf(r, p.partyId)} <span className="muted">({t.channel[p.channel]})</span>
                              </li>
                            ))}
                          </ul>
                        </dd>
                      </div>
                    </dl>
                    <a className="button" href={hrefFor({ name: 'approval', requestId: r.id })}>
                      {t.item.open}
                      <span className="visually-hidden">{t.item.openWith(r.caseNumber)}</span>
                    </a>
                  </article>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}
