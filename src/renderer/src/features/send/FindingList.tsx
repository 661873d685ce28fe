import type { Case } from '../../../../shared/domain/case-file';
import type { Finding, Severity } from '../../../../shared/domain/findings';
import { useMessages } from '../../i18n';
import { Badge, type BadgeTone } from '../../ui/Badge';
import type { Acknowledgement } from './use-send-choices';

interface Props {
  findings: readonly Finding[];
  caseFile: Case | undefined;
  acknowledged: readonly Acknowledgement[];
  /** Absent: read-only (a supervisor's review), no acknowledge buttons; the acknowledgements' reasons still show. */
  onAcknowledge?: (finding: Finding) => void;
  /** Shows the page with this finding's evidence marked (the others on the page lighter). */
  onShowPage: (page: number, finding: Finding) => void;
  disabled: boolean;
}

const ORDER: Record<Severity, number> = { block: 0, warn: 1, info: 2 };
const TONE: Record<Severity, BadgeTone> = { block: 'danger', warn: 'warning', info: 'neutral' };

/** The id of a finding's block, so focus can return to it after the acknowledge dialog. */
export const findingDomId = (code: string, index: number) => `finding-${code}-${index}`;

/**
 * What the check found, worst first, each with the text it found and where. A block cannot be sent; a warning is
 * sent only after the caseworker acknowledges it with a reason (which makes a colleague's approval required).
 */
export function FindingList({
  findings,
  caseFile,
  acknowledged,
  onAcknowledge,
  onShowPage,
  disabled,
}: Props) {
  const { send, backend } = useMessages();
  const t = send.findings;
  const sorted = [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const nameOf = (partyId: string | null) =>
    partyId === null ? null : (caseFile?.parties.find((p) => p.id === partyId)?.name ?? partyId);

  if (sorted.length === 0) {
    return (
      <p className="findings__none" data-testid="findings-none">
        <Badge tone="success">{t.noneBadge}</Badge> {t.none}
      </p>
    );
  }
  return (
    <ul className="findings" aria-label={t.listLabel(sorted.length)}>
      {sorted.map((f, i) => {
        const ack = f.severity === 'warn' ? acknowledged.find((a) => a.code === f.code) : undefined;
        const party = nameOf(f.partyId);
        return (
          <li
            key={`${f.code}-${f.partyId ?? ''}-${i}`}
            id={findingDomId(f.code, i)}
            tabIndex={-1}
            className={`finding finding--${f.severity}`}
            data-code={f.code}
          >
            <p className="finding__head">
              <Badge tone={TONE[f.severity]}>{t.severity[f.severity]}</Badge>
              {f.relaxed ? <span className="muted"> {t.relaxed}</span> : null}
            </p>
            <p className="finding__message">{backend.finding(f.code, f.message)}</p>
            {party ? <p className="finding__party">{t.concerns(party)}</p> : null}
            {f.evidence.length > 0 ? (
              <ul className="finding__evidence" aria-label={t.evidenceLabel}>
                {f.evidence.map((e, j) => (
                  <li key={j}>
                    {e.page !== null ? (
                      <button type="button" className="link-button" onClick={() => onShowPage(e.page!, f)}>
                        {t.onPage(e.page)}
                      </button>
                    ) : (
                      <span className="muted">{t.source[e.source]}</span>
                    )}{' '}
                    <q className="excerpt">{e.text}</q>
                  </li>
                ))}
              </ul>
            ) : null}
            {f.severity === 'warn' ? (
              ack ? (
                <p className="finding__ack">
                  <Badge tone="info">{t.acknowledged}</Badge> {t.acknowledgedReason(ack.reason)}
                </p>
              ) : onAcknowledge ? (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => onAcknowledge(f)}
                  disabled={disabled}
                >
                  {t.acknowledge}
                </button>
              ) : null
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
