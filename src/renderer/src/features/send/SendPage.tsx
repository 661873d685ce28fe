import { useEffect, useState } from 'react';
import type { Finding } from '../../../../shared/domain/findings';
import { useMessages } from '../../i18n';
import { leaveDraftAddress } from '../../routing';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadingText } from '../../ui/LoadingText';
import { PageHeading } from '../../ui/PageHeading';
import { AcknowledgeDialog } from './AcknowledgeDialog';
import { AnalysisStatus } from './AnalysisStatus';
import { CasePicker } from './CasePicker';
import { DocumentPreview } from './DocumentPreview';
import { documentOnScreen } from './document-on-screen';
import { DocumentTypeField } from './DocumentTypeField';
import { DropZone } from './DropZone';
import { FindingList } from './FindingList';
import { focusTexts, pageMarks } from './page-marks';
import { PasswordPrompt } from './PasswordPrompt';
import { RecipientList } from './RecipientList';
import { sendPlan } from './send-plan';
import { SendPanel } from './SendPanel';
import { Step } from './Step';
import { SubmissionStatus } from './SubmissionStatus';
import { useCaseFile } from './use-case-file';
import { useDocumentIntake } from './use-document-intake';
import { useDraftCheck } from './use-draft-check';
import { useSendChoices } from './use-send-choices';
import { useSubmission } from './use-submission';
import { usePreventFileNavigation } from './use-prevent-file-navigation';
import { useResumedDraft } from './use-resumed-draft';
import { ResumeStatus } from './ResumeStatus';
import './send.css';
import './send-decisions.css';
import './send-outcome.css';

interface Props {
  /** False while another screen is in view: the send screen stays mounted (and hidden) to keep its work. */
  active: boolean;
  takeFocus: boolean;
  /** A saved draft to open (`#/?kladde=<id>`); null leaves the screen's work as it is. */
  resumeDraftId: string | null;
}

/**
 * The send flow on one screen: the document, its type, the case, the recipients the case allows, what the check
 * found, and the one button that sends, followed by the countdown with undo and the receipt.
 */
export function SendPage({ active, takeFocus, resumeDraftId }: Props) {
  const m = useMessages();
  const t = m.send;
  const intake = useDocumentIntake(t.drop.readFailed);
  const resumed = useResumedDraft();
  const choices = useSendChoices();
  const [checkAttempt, setCheckAttempt] = useState(0);
  const r = resumed.state;
  const doc = documentOnScreen(intake.intake, r);
  const check = useDraftCheck(doc?.draftId ?? null, choices.choices, checkAttempt);
  const { caseFile, error: caseError, retry: retryCase } = useCaseFile(choices.choices.caseNumber);
  const submission = useSubmission(t.submission.undoReason);
  const [page, setPage] = useState(1);
  // The finding whose "Side n" the caseworker chose: its evidence is marked strongest on the preview.
  const [shownFinding, setShownFinding] = useState<Finding | null>(null);
  const [acknowledging, setAcknowledging] = useState<Finding | null>(null);
  usePreventFileNavigation(active);

  const sub = submission.state;
  const submitted = sub.status === 'submitted';
  const locked = submitted || sub.status === 'submitting';
  const shown = check.status === 'idle' ? undefined : check.value;
  const findings = shown?.check.findings ?? [];
  const selected = choices.choices.recipients ?? shown?.recipients.map((r) => r.partyId) ?? [];
  const plan = sendPlan(
    {
      hasDocument: doc !== null,
      caseNumber: choices.choices.caseNumber,
      caseFile,
      check,
      acknowledged: choices.choices.acknowledged,
    },
    m,
  );

  // A new analysis always starts at its first page.
  useEffect(() => setPage(1), [doc?.draftId]);
  const showPage = (n: number, finding?: Finding) => {
    setPage(n);
    setShownFinding(finding ?? null);
  };
  const focus = shownFinding && findings.includes(shownFinding) ? focusTexts(shownFinding, page) : [];

  // A draft asked for by the address is opened (unless it is on screen already), with its case picked again.
  const loadingId = r.phase === 'loading' ? r.draftId : null;
  useEffect(() => {
    if (!resumeDraftId || resumeDraftId === doc?.draftId || resumeDraftId === loadingId) return;
    submission.clear();
    intake.reset();
    choices.reset();
    void resumed.resume(resumeDraftId).then((draft) => {
      if (draft?.caseNumber) choices.pickCase(draft.caseNumber);
    });
    // Only a new address opens a draft; the rest is read at that moment.
  }, [resumeDraftId]);

  // Focus moves after the screen has changed (the drop zone is back, the dialog has closed), never before.
  const [focusRequest, setFocusRequest] = useState<{ id: string } | null>(null);
  useEffect(() => {
    if (focusRequest) document.getElementById(focusRequest.id)?.focus();
  }, [focusRequest]);

  const onFile = (file: File) => {
    submission.clear();
    choices.newDocument();
    resumed.clear();
    leaveDraftAddress();
    void intake.start(file, {
      ...(doc ? { replacesDraftId: doc.draftId } : {}),
      ...(choices.choices.caseNumber ? { caseNumber: choices.choices.caseNumber } : {}),
    });
  };

  const onSend = () => {
    if (!doc || !plan.ready || check.status !== 'ready' || !choices.choices.caseNumber) return;
    const { acknowledged, documentType } = choices.choices;
    // Exactly what the shown check was asked: a recognised type is not sent as if the caseworker had chosen it.
    void submission.submit({
      draftId: doc.draftId,
      caseNumber: choices.choices.caseNumber,
      ...(documentType ? { documentType } : {}),
      recipients: check.value.recipients.map((r) => r.partyId),
      ...(acknowledged.length > 0 ? { acknowledged } : {}),
    });
  };

  const startOver = () => {
    submission.clear();
    choices.reset();
    intake.reset();
    resumed.clear();
    leaveDraftAddress();
    setFocusRequest({ id: 'document-file' });
  };

  const onAcknowledged = (reason: string) => {
    if (!acknowledging) return;
    choices.acknowledge({ code: acknowledging.code, reason });
    setAcknowledging(null);
    // The button that opened the dialog is replaced by the acknowledgement: focus goes to the check's heading.
    setFocusRequest({ id: 'step-check-heading' });
  };

  return (
    <section className="page send-page" hidden={!active} aria-labelledby="send-heading">
      <PageHeading id="send-heading" title={t.pageTitle} takeFocus={takeFocus} active={active}>
        {t.heading}
      </PageHeading>
      <div className="send-layout">
        <div className="send-layout__document">
          <Step id="step-document" number={1} title={t.steps.document}>
            {doc ? (
              <p className="doc-summary" data-testid="document-summary">
                <strong>{doc.fileName}</strong> · {t.pages(doc.pages)}
              </p>
            ) : null}
            <ResumeStatus resumed={r} />
            {!submitted ? <DropZone hasDocument={doc !== null} disabled={locked} onFile={onFile} /> : null}
            <AnalysisStatus intake={intake.intake} onCancel={intake.cancel} />
            {intake.intake.phase === 'password' ? (
              <PasswordPrompt
                fileName={intake.intake.file.name}
                wrong={intake.intake.wrong}
                message={intake.intake.message}
                onSubmit={(password) =>
                  intake.retryWithPassword(password, {
                    ...(choices.choices.caseNumber ? { caseNumber: choices.choices.caseNumber } : {}),
                  })
                }
                onGiveUp={startOver}
              />
            ) : null}
            {r.phase === 'password' ? (
              <PasswordPrompt
                fileName={r.draft.fileName}
                wrong={r.wrong}
                message={r.message}
                onSubmit={resumed.retryWithPassword}
                onGiveUp={startOver}
              />
            ) : null}
          </Step>
          {doc ? (
            <DocumentPreview
              draftId={doc.draftId}
              fileName={doc.fileName}
              pages={doc.pages}
              {...(doc.password ? { password: doc.password } : {})}
              page={page}
              onPage={(n) => showPage(n)}
              marks={pageMarks(findings)}
              focus={focus}
              pagesWithoutText={doc.pagesWithoutText}
            />
          ) : null}
        </div>

        <div className="send-layout__decisions">
          <Step id="step-type" number={2} title={t.steps.type}>
            {doc ? (
              <DocumentTypeField
                guess={doc.guess}
                checked={shown?.documentType}
                chosen={choices.choices.documentType}
                onChoose={choices.chooseType}
                disabled={locked}
                resumed={doc.resumed !== null}
              />
            ) : (
              <p className="hint">{t.waitForDocument}</p>
            )}
          </Step>

          <Step id="step-case" number={3} title={t.steps.case}>
            <CasePicker
              caseNumber={choices.choices.caseNumber}
              caseFile={caseFile}
              onPick={choices.pickCase}
              disabled={locked}
            />
            {caseError ? <ErrorAlert error={caseError} onRetry={retryCase} /> : null}
          </Step>

          <Step id="step-recipients" number={4} title={t.steps.recipients}>
            {shown && caseFile ? (
              <RecipientList
                proposal={shown.proposal}
                selected={selected}
                caseFile={caseFile}
                onChange={choices.setRecipients}
                disabled={locked}
              />
            ) : (
              <p className="hint">{t.waitForCase}</p>
            )}
          </Step>

          <Step id="step-check" number={5} title={t.steps.check}>
            {check.status === 'checking' ? <LoadingText text={t.checking} /> : null}
            {check.status === 'failed' ? (
              <ErrorAlert error={check.error} onRetry={() => setCheckAttempt((n) => n + 1)} />
            ) : null}
            {shown ? (
              <FindingList
                findings={findings}
                caseFile={caseFile}
                acknowledged={choices.choices.acknowledged}
                onAcknowledge={setAcknowledging}
                onShowPage={showPage}
                disabled={locked || check.status !== 'ready'}
              />
            ) : check.status === 'idle' ? (
              <p className="hint">{t.waitForCase}</p>
            ) : null}
            {findings.some((f) => f.severity === 'warn') ? <p className="hint">{t.ackResetHint}</p> : null}
          </Step>

          <Step id="step-send" number={6} title={t.steps.send} className="step--send">
            {sub.status === 'submitted' ? (
              <SubmissionStatus
                submission={sub}
                undo={submission.undo}
                onUndo={submission.cancelAll}
                onNewDocument={startOver}
              />
            ) : (
              <SendPanel
                plan={plan}
                submitting={sub.status === 'submitting'}
                error={sub.status === 'failed' ? sub.error : null}
                onSend={onSend}
              />
            )}
          </Step>
        </div>
      </div>
      <AcknowledgeDialog
        finding={acknowledging}
        sameKind={
          acknowledging ? findings.filter((f) => f.code === acknowledging.code && f.severity === 'warn') : []
        }
        onConfirm={onAcknowledged}
        onClose={() => setAcknowledging(null)}
      />
    </section>
  );
}
