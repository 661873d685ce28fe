import type { Case, Party } from '../../../../shared/domain/case-file';
import { useMessages, type Messages } from '../../i18n';
import { Badge } from '../../ui/Badge';
import { todayIso } from './format';
import { addressDisplay, digitalPostLabel, partyNotes, roleLabels } from './party-labels';

interface Props {
  caseFile: Case;
}

/**
 * The parties of one case, with everything that decides who may receive a letter. CPR numbers are shown in full:
 * the caseworker must be able to check identity against the letter, and opening the case is logged.
 */
export function PartyTable({ caseFile }: Props) {
  const t = useMessages();
  const col = t.caseDetail.columns;
  const today = todayIso();
  return (
    <div className="table-frame">
      <table className="data-table party-table" aria-labelledby="parties-heading">
        <thead>
          <tr>
            <th scope="col">{col.name}</th>
            <th scope="col">{col.roles}</th>
            <th scope="col">{col.identity}</th>
            <th scope="col">{col.address}</th>
            <th scope="col">{col.digitalPost}</th>
            <th scope="col">{col.notes}</th>
          </tr>
        </thead>
        <tbody>
          {caseFile.parties.map((party) => {
            const digitalPost = digitalPostLabel(party, t);
            const notes = partyNotes(party, caseFile.parties, t, today);
            const isSubject = party.id === caseFile.subjectPartyId;
            return (
              <tr key={party.id} className={isSubject ? 'is-subject' : undefined}>
                <th scope="row" className="party-name">
                  {party.name}
                </th>
                <td>{roleLabels(party, caseFile.area, t).join(', ')}</td>
                <td className="identity">
                  <Identity party={party} t={t} />
                </td>
                <td>
                  <AddressCell party={party} parties={caseFile.parties} t={t} />
                </td>
                <td>
                  <Badge tone={digitalPost.tone}>{digitalPost.text}</Badge>
                </td>
                <td>
                  {notes.length === 0 ? (
                    <>
                      <span className="muted" aria-hidden="true">
                        –
                      </span>
                      <span className="visually-hidden">{t.common.none}</span>
                    </>
                  ) : (
                    <ul className="notes">
                      {notes.map((note) => (
                        <li key={note.text}>
                          <Badge tone={note.tone}>{note.text}</Badge>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Identity({ party, t }: { party: Party; t: Messages }) {
  if (party.cpr) {
    return (
      <>
        <span className="identity__kind">{t.party.cpr}</span>{' '}
        <span className="identity__number">{party.cpr}</span>
      </>
    );
  }
  if (party.cvr) {
    return (
      <>
        <span className="identity__kind">{t.party.cvr}</span>{' '}
        <span className="identity__number">{party.cvr}</span>
      </>
    );
  }
  return <span className="muted">{t.party.noIdentity}</span>;
}

function AddressCell({ party, parties, t }: { party: Party; parties: readonly Party[]; t: Messages }) {
  const shown = addressDisplay(party, parties);
  switch (shown.kind) {
    case 'protected':
      return <span className="muted">{t.party.addressHidden}</span>;
    case 'sharedWithProtected':
      return <span className="muted">{t.party.addressSharedWithProtected}</span>;
    case 'none':
      return <span className="muted">{t.party.noAddress}</span>;
    case 'shown':
      return (
        <span className="address">
          {shown.address.street}
          <br />
          {shown.address.postalCode} {shown.address.city}
        </span>
      );
  }
}
