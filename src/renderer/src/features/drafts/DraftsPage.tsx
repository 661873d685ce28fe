import { useEffect, useRef, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';
import { useMessages } from '../../i18n';
import { hrefFor } from '../../routing';
import { useApiResult } from '../../use-api-result';
import { useDocumentTypes } from '../../use-document-types';
import { Badge } from '../../ui/Badge';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadingText } from '../../ui/LoadingText';
import { PageHeading } from '../../ui/PageHeading';
import { useOutbox } from '../outbox/outbox-context';
import { formatDateTime } from '../send/format-time';
import './drafts.css';

type Draft = OutputOf<'listDrafts'>['drafts'][number];

/**
 * The unfinished sends: documents read (and perhaps checked against a case) but not sent. They live in the store, so
 * they survive a restart. "Fortsæt" opens one on the send screen, which checks it again against its case; "Kassér"
 * takes it off the list after a confirmation (a draft already sent cannot be discarded: the backend says so).
 */
export function DraftsPage({ takeFocus }: { takeFocus: boolean }) {
  const m = useMessages();
  const t = m.drafts;
  const [attempt, setAttempt] = useState(0);
  const { state, retry } = useApiResult((api) => api.listDrafts({}), `drafts:${attempt}`);
  const outbox = useOutbox();
  const { labelOf } = useDocumentTypes();
  const [discarding, setDiscarding] = useState<Draft | null>(null);
  const [outcome, setOutcome] = useState<{ text: string } | { error: AppErrorData } | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  // drafts:list also returns drafts whose sends are in the outbox (submitted drafts stay in the store): those are
  // finished here, and are followed in the outbox instead.
  const { refresh } = outbox;
  useEffect(() => refresh(), [refresh]);
  const sent = new Set((outbox.items ?? []).map((i) => i.draftId));
  const drafts =
    state.value && outbox.items !== null
      ? state.value.drafts
          .filter((d) => !sent.has(d.id))
          .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))
      : undefined;

  const discard = async (draft: Draft) => {
    setDiscarding(null);
    const result = await callApi((api) => api.discardDraft({ draftId: draft.id }));
    setOutcome(
      result.ok
        ? { text: result.value.discarded ? t.discarded(draft.fileName) : t.alreadyGone(draft.fileName) }
        : { error: result.error },
    );
    setAttempt((n) => n + 1);
  };

  // The row (and its buttons) is gone: focus goes to what was said about it.
  useEffect(() => {
    if (outcome) statusRef.current?.focus();
  }, [outcome]);

  const loadError = state.status === 'failed' ? state.error : null;
  return (
    <section className="page drafts-page" aria-labelledby="drafts-heading">
      <PageHeading id="drafts-heading" title={m.app.pageTitle(t.heading)} takeFocus={takeFocus}>
        {t.heading}
      </PageHeading>
      <p className="page-intro">{t.intro}</p>

      <div ref={statusRef} tabIndex={-1} className="drafts-page__outcome">
        {outcome && 'text' in outcome ? (
          <p className="notice notice--success" role="status">
            {outcome.text}
          </p>
        ) : null}
        {outcome && 'error' in outcome ? (
          <ErrorAlert error={outcome.error}>
            {outcome.error.code === 'DRAFT_SUBMITTED' ? (
              <a href={hrefFor({ name: 'outbox' })}>{t.toOutbox}</a>
            ) : null}
          </ErrorAlert>
        ) : null}
      </div>

      {loadError ? <ErrorAlert error={loadError} onRetry={retry} /> : null}
      {outbox.error && outbox.items === null ? <ErrorAlert error={outbox.error} onRetry={refresh} /> : null}
      {drafts === undefined ? (
        loadError ? null : (
          <LoadingText text={t.loading} />
        )
      ) : drafts.length === 0 ? (
        <p className="empty">{t.empty}</p>
      ) : (
        <>
          <p className="result-count" role="status">
            {t.count(drafts.length)}
          </p>
          <div className="table-frame">
            <table className="data-table drafts-table" aria-busy={state.status === 'loading'}>
              <caption className="visually-hidden">{t.tableCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.columns.file}</th>
                  <th scope="col">{t.columns.caseNumber}</th>
                  <th scope="col">{t.columns.type}</th>
                  <th scope="col">{t.columns.updated}</th>
                  <th scope="col">{t.columns.status}</th>
                  <th scope="col">{t.columns.actions}</th>
                </tr>
              </thead>
              <tbody>
                {drafts.map((d) => (
                  <tr key={d.id} data-testid="draft-row">
                    <th scope="row" className="drafts-table__file">
                      {d.fileName}
                    </th>
                    <td className="case-number">
                      {d.caseNumber ?? <span className="muted">{t.noCase}</span>}
                    </td>
                    <td>
                      {d.documentType ? labelOf(d.documentType) : <span className="muted">{t.noType}</span>}
                    </td>
                    <td className="date">{formatDateTime(d.updatedAt)}</td>
                    <td>
                      <ul className="notes">
                        {d.needsRecheck ? (
                          <li>
                            <Badge tone="warning">{t.needsRecheck}</Badge>
                            <span className="visually-hidden"> {t.needsRecheckHint}</span>
                          </li>
                        ) : null}
                        {d.outcome === 'no_text' ? (
                          <li>
                            <Badge tone="warning">{t.noText}</Badge>
                          </li>
                        ) : null}
                        {!d.needsRecheck && d.outcome !== 'no_text' ? (
                          <li>
                            <Badge>{t.ready}</Badge>
                          </li>
                        ) : null}
                      </ul>
                    </td>
                    <td>
                      <div className="drafts-table__actions">
                        <a className="button" href={hrefFor({ name: 'send', draftId: d.id })}>
                          {t.resume}
                          <span className="visually-hidden">{t.resumeWith(d.fileName)}</span>
                        </a>
                        <button
                          type="button"
                          className="button button--secondary"
                          onClick={() => setDiscarding(d)}
                        >
                          {t.discard}
                          <span className="visually-hidden">{t.discardWith(d.fileName)}</span>
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <ConfirmDialog
        request={
          discarding
            ? {
                heading: t.discardDialog.heading,
                text: t.discardDialog.text(discarding.fileName),
                confirm: t.discardDialog.confirm,
                cancel: t.discardDialog.cancel,
              }
            : null
        }
        onConfirm={() => discarding && void discard(discarding)}
        onClose={() => setDiscarding(null)}
      />
    </section>
  );
}
