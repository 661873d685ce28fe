import type { AppErrorData } from '../../../../shared/result';
import { useMessages } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldId, type FieldName, type Problem } from './settings-form';

/** What the last press of "Gem indstillinger" led to. */
export type Outcome =
  | { kind: 'saved' }
  | { kind: 'unchanged' }
  | { kind: 'problems'; locked: boolean; problems: Problem[] }
  | { kind: 'error'; error: AppErrorData };

export type FieldLabels = ReturnType<typeof useMessages>['settings']['fields'];

export function labelOf(f: FieldLabels, field: FieldName): string {
  const labels: Record<FieldName, string> = {
    cvr: f.cvr,
    senderName: f.senderName,
    caseSystem: f.caseSystem,
    kind: f.kind,
    port: f.port,
    outDir: f.outDir,
    endpoint: f.endpoint,
    certificatePath: f.certificatePath,
    caFile: f.caFile,
    proxy: f.proxy,
    forsendelseType: f.forsendelseType,
    checkStatus: f.checkStatus,
    sendDelay: f.sendDelay,
    policyFile: f.policyFile,
    dataDir: f.dataDir,
    idleLock: f.idleLock,
    approvalFolder: f.approvalFolder,
  };
  return labels[field];
}

/** Saved, or nothing to save: beside the button. */
export function SaveStatus({ outcome }: { outcome: Outcome | null }) {
  const t = useMessages().settings;
  return (
    <p className="settings-form__status" role="status">
      {outcome?.kind === 'saved' ? t.saved : outcome?.kind === 'unchanged' ? t.nothingChanged : ''}
    </p>
  );
}

/** Why it was not saved, each problem a link to its field. */
export function ProblemSummary({
  outcome,
  labelOf,
}: {
  outcome: Outcome | null;
  labelOf: (field: FieldName) => string;
}) {
  const t = useMessages().settings;
  if (outcome?.kind === 'error') return <ErrorAlert error={outcome.error} />;
  if (outcome?.kind !== 'problems') return null;
  return (
    <div className="error-alert" role="alert" data-testid="settings-problems">
      <p className="error-alert__message">{outcome.locked ? t.lockedRefusal : t.notSaved}</p>
      <ul className="settings-form__problems">
        {outcome.problems.map((p, i) => (
          <li key={i}>
            {p.field ? (
              <a href={`#${fieldId(p.field)}`} onClick={jumpTo(p.field)}>
                {labelOf(p.field)}: {p.text}
              </a>
            ) : (
              p.text
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The links move focus to the field without touching the hash, which is the route. */
const jumpTo = (field: FieldName) => (e: { preventDefault: () => void }) => {
  e.preventDefault();
  document.getElementById(fieldId(field))?.focus();
};
