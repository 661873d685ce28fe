import type { Case } from '../../../../shared/domain/case-file';
import type { PartyProposal } from '../../../../shared/domain/proposal';
import { useMessages } from '../../i18n';
import { Badge } from '../../ui/Badge';
import { addressDisplay, roleLabels } from '../cases/party-labels';

interface Props {
  proposal: readonly PartyProposal[];
  selected: readonly string[];
  caseFile: Case;
  onChange: (selected: string[]) => void;
  disabled: boolean;
}

/**
 * Every party of the case, each with why it may or may not receive this document. Only eligible parties can be
 * ticked; the proposed ones start ticked. There is no other way to add a recipient: no free text, no address book.
 */
export function RecipientList({ proposal, selected, caseFile, onChange, disabled }: Props) {
  const m = useMessages();
  const t = m.send.recipients;
  const toggle = (partyId: string, on: boolean) =>
    onChange(on ? [...selected, partyId] : selected.filter((id) => id !== partyId));

  return (
    <fieldset className="recipients" disabled={disabled}>
      <legend className="visually-hidden">{t.legend}</legend>
      <ul className="recipients__list">
        {proposal.map((p) => {
          const party = caseFile.parties.find((x) => x.id === p.partyId);
          const name = party?.name ?? p.partyId;
          const id = `recipient-${p.partyId}`;
          const checked = selected.includes(p.partyId);
          const address = party ? addressDisplay(party, caseFile.parties) : { kind: 'none' as const };
          return (
            <li
              key={p.partyId}
              className={`recipient${p.eligible ? '' : ' recipient--ineligible'}${checked ? ' recipient--chosen' : ''}`}
              data-testid={id}
            >
              <div className="recipient__main">
                <input
                  id={id}
                  type="checkbox"
                  className="checkbox"
                  checked={checked && p.eligible}
                  disabled={!p.eligible}
                  onChange={(e) => toggle(p.partyId, e.target.checked)}
                  aria-describedby={`${id}-reasons`}
                />
                <label htmlFor={id} className="recipient__name">
                  {name}
                </label>
                {party ? (
                  <span className="recipient__roles muted">
                    {roleLabels(party, caseFile.area, m).join(', ')}
                  </span>
                ) : null}
              </div>
              <div className="recipient__badges">
                {!p.eligible ? <Badge tone="danger">{t.notSelectable}</Badge> : null}
                {p.eligible && p.proposed ? <Badge tone="info">{t.proposed}</Badge> : null}
                {p.eligible ? (
                  <Badge tone={p.channel === 'physical' ? 'warning' : 'neutral'}>
                    {t.channel[p.channel]}
                  </Badge>
                ) : null}
                {p.eligible && p.channel !== 'digital' && address.kind === 'shown' ? (
                  <span className="recipient__address">
                    {t.postTo(
                      `${address.address.street}, ${address.address.postalCode} ${address.address.city}`,
                    )}
                  </span>
                ) : null}
              </div>
              <ul className="recipient__reasons" id={`${id}-reasons`}>
                {p.reasons.map((r) => (
                  <li key={r.ruleId}>{r.text}</li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
