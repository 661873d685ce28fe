import { useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { Finding } from '../../../../shared/domain/findings';
import { useMessages } from '../../i18n';
import { hrefFor } from '../../routing';
import { useApiResult } from '../../use-api-result';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadingText } from '../../ui/LoadingText';
import { PageHeading } from '../../ui/PageHeading';
import { DocumentPreview } from '../send/DocumentPreview';
import { FindingList } from '../send/FindingList';
import { formatDateTime } from '../send/format-time';
import { focusTexts, pageMarks } from '../send/page-marks';
import { DecisionForm } from './DecisionForm';
import { ReviewRecipients } from './ReviewRecipients';
import { SupervisorsOnly } from './SupervisorsOnly';
import './approvals.css';

/**
 * One request under review (approvals:get): the document with the findings' evidence marked, the findings (the
 * checks run again now) with the caseworker's reasons, the recipients with the rule that admitted each, who asked
 * and until when, and the decision. A case that changed so the checks now stop the send is said first. A request
 * from another computer (`remote`) is reviewed on its requester's own check at the time of the request, signed by
 * them, which the page says first.
 */
export function ApprovalReviewPage({ requestId, takeFocus }: { requestId: string; takeFocus: boolean }) {
  const m = useMessages();
  const t = m.approvals.review;
  return (
    <section className="page approval-review" aria-labelledby="approval-review-heading">
      <PageHeading id="approval-review-heading" title={m.app.pageTitle(t.heading)} takeFocus={takeFocus}>
        {t.heading}
      </PageHeading>
      <p>
        <a href={hrefFor({ name: 'approvals' })}>{t.back}</a>
      </p>
      <SupervisorsOnly>
        <Review requestId={requestId} />
      </SupervisorsOnly>
    </section>
  );
}

type Loaded = OutputOf<'getApproval'>;

function Review({ requestId }: { requestId: string }) {
  const t = useMessages().approvals.review;
  const [attempt, setAttempt] = useState(0);
  const { state, retry } = useApiResult(
    (api) => api.getApproval({ requestId }),
    `approval:${requestId}:${attempt}`,
  );
  if (state.status === 'failed' && !state.value) return <ErrorAlert error={state.error} onRetry={retry} />;
  if (!state.value) return <LoadingText text={t.loading} />;
  return <ReviewBody loaded={state.value} onDecided={() => setAttempt((n) => n + 1)} />;
}

function ReviewBody({ loaded, onDecided }: { loaded: Loaded; onDecided: () => void }) {
  const m = useMessages();
  const t = m.approvals.review;
  const { request, review } = loaded;
  // The case for the parties' names and roles (the request names them by id); a reviewer's look is in the history.
  const { state: caseState } = useApiResult(
    (api) => api.getCase({ caseNumber: request.caseNumber }),
    `case:${request.caseNumber}`,
  );
  const caseFile = caseState.value?.case;
  const [page, setPage] = useState(1);
  const [shownFinding, setShownFinding] = useState<Finding | null>(null);
  const showPage = (n: number, finding?: Finding) => {
    setPage(n);
    setShownFinding(finding ?? null);
  };
  const focus = shownFinding ? focusTexts(shownFinding, page) : [];
  // Once decided here, the form stays to say what happened; a request decided before shows no form at all.
  const [decidedHere, setDecidedHere] = useState(false);
  const pending = request.state === 'pending';

  return (
    <div className="send-layout approval-review__layout">
      <div className="send-layout__document">
        <section className="step" aria-labelledby="review-facts-heading">
          <h3 id="review-facts-heading" className="step-heading">
            {t.facts}
          </h3>
          <dl className="approval-card__facts">
            <div>
              <dt>{m.approvals.item.caseLabel}</dt>
              <dd>
                <span className="case-number">{request.caseNumber}</span>
                {caseFile ? (
                  <span className="approval-review__case-title muted">{caseFile.title}</span>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>{m.approvals.item.type}</dt>
              <dd>{review.documentTypeLabel}</dd>
            </div>
            <div>
              <dt>{t.file}</dt>
              <dd className="approval-review__file">
                {review.fileName} <span className="muted">({t.pages(review.pages)})</span>
              </dd>
            </div>
          </dl>
          <p data-testid="review-asked">
            {t.askedBy(request.requester.displayName, formatDateTime(request.requestedAt))}
          </p>
          <p data-testid="review-expiry">{t.expires(formatDateTime(request.expiresAt))}</p>
        </section>
        {review.pages > 0 ? (
          <DocumentPreview
            draftId={request.draftId}
            fileName={review.fileName}
            pages={review.pages}
            page={page}
            onPage={(n) => showPage(n)}
            marks={pageMarks(review.findings)}
            focus={focus}
            pagesWithoutText={[]}
          />
        ) : null}
      </div>

      <div className="send-layout__decisions">
        {request.remote ? (
          <p className="notice notice--info" data-testid="review-remote">
            {t.remote}
          </p>
        ) : null}
        {review.problem ? (
          <div className="notice notice--warning approval-review__problem" data-testid="review-problem">
            <p>
              <strong>{t.problem}</strong>
            </p>
            <p>{t.problemHint}</p>
          </div>
        ) : null}
        <section className="step" aria-labelledby="review-findings-heading">
          <h3 id="review-findings-heading" className="step-heading">
            {t.findingsHeading}
          </h3>
          <p className="hint">{request.remote ? t.remoteFindingsHint : t.findingsHint}</p>
          <FindingList
            findings={review.findings}
            caseFile={caseFile}
            acknowledged={request.acknowledged}
            onShowPage={showPage}
            disabled={false}
          />
        </section>
        <section className="step" aria-labelledby="review-recipients-heading">
          <h3 id="review-recipients-heading" className="step-heading">
            {t.recipientsHeading}
          </h3>
          <p className="hint">{t.recipientsHint}</p>
          <ReviewRecipients request={request} proposal={review.proposal} caseFile={caseFile} />
        </section>
        <section className="step approval-review__decision" aria-labelledby="review-decision-heading">
          <h3 id="review-decision-heading" className="step-heading">
            {m.approvals.decision.heading}
          </h3>
          {pending || decidedHere ? (
            <DecisionForm
              requestId={request.id}
              remote={request.remote}
              onDecided={() => {
                setDecidedHere(true);
                onDecided();
              }}
            />
          ) : (
            <p className="notice notice--info">{t.notPending}</p>
          )}
        </section>
      </div>
    </div>
  );
}
