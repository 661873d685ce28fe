import { useEffect, useRef, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';
import { useMessages } from '../../i18n';
import { hrefFor } from '../../routing';
import { useApiResult } from '../../use-api-result';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Fingerprint } from '../../ui/Fingerprint';
import { LoadingText } from '../../ui/LoadingText';
import { formatDateTime } from '../send/format-time';

type Status = OutputOf<'getRoster'>;
type Candidate = Status['candidates'][number];
type Issued = OutputOf<'issueRoster'>;

/**
 * The roster for approval across computers (roster:get, roster:issue; docs/approval.md, "Across desks"): the shared
 * folder and whether it can be reached, the trusted admin key and whether it is the signed-in admin's own, the roster
 * in force, and who could be on the next one (this computer's users and the key files of others), each with the
 * fingerprints to compare. Issuing signs exactly the ticked users; the backend refuses any key but the pinned one.
 *
 * `changes` counts the user changes made on this screen (a new user, a reset password gives a new key): each one
 * asks again.
 */
export function RosterSection({ changes }: { changes: number }) {
  const t = useMessages().users.roster;
  const [issued, setIssued] = useState<Issued | null>(null);
  const [round, setRound] = useState(0);
  const { state, retry } = useApiResult((api) => api.getRoster({}), `roster:${changes}:${round}`);
  const status = state.value;
  const issuedRef = useRef<HTMLParagraphElement>(null);
  // The button is gone with the old list once the new one is read: the cursor goes to what happened.
  useEffect(() => {
    if (issued) issuedRef.current?.focus();
  }, [issued]);

  return (
    <section className="roster" aria-labelledby="roster-heading" data-testid="roster-section">
      <h3 id="roster-heading" className="roster__heading">
        {t.heading}
      </h3>
      <p className="page-intro">{t.intro}</p>
      <div role="status">
        {issued ? (
          <p className="notice notice--success" data-testid="roster-issued" ref={issuedRef} tabIndex={-1}>
            {t.issued(issued.serial, issued.users)}
          </p>
        ) : null}
      </div>
      {state.status === 'failed' ? <ErrorAlert error={state.error} onRetry={retry} /> : null}
      {status === undefined ? (
        state.status === 'failed' ? null : (
          <LoadingText text={t.loading} />
        )
      ) : (
        <RosterBody
          // A new answer with another roster or other candidates starts the ticks afresh from it.
          key={`${status.current?.serial ?? 0}:${status.candidates.map((c) => c.userId).join(',')}`}
          status={status}
          busy={state.status === 'loading'}
          onReload={() => {
            setIssued(null);
            setRound((n) => n + 1);
          }}
          onIssued={(answer) => {
            setIssued(answer);
            setRound((n) => n + 1);
          }}
        />
      )}
    </section>
  );
}

/** Pre-ticked: those on the roster in force; with no roster yet, this computer's own users. */
function initialChoice(status: Status): Set<string> {
  if (status.current) return new Set(status.current.userIds);
  return new Set(status.candidates.filter((c) => c.source === 'local').map((c) => c.userId));
}

/** This computer's users first, then the others' key files; by name within each. */
const byOrigin = (a: Candidate, b: Candidate) =>
  a.source !== b.source ? (a.source === 'local' ? -1 : 1) : a.displayName.localeCompare(b.displayName, 'da');

interface BodyProps {
  status: Status;
  busy: boolean;
  onReload: () => void;
  onIssued: (issued: Issued) => void;
}

function RosterBody({ status, busy, onReload, onIssued }: BodyProps) {
  const m = useMessages();
  const t = m.users.roster;
  const [chosen, setChosen] = useState<Set<string>>(() => initialChoice(status));
  const [issuing, setIssuing] = useState(false);
  const [noneChosen, setNoneChosen] = useState(false);
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (failure || noneChosen) outcomeRef.current?.focus();
  }, [failure, noneChosen]);

  const ownIsPinned = status.pinnedAdminKeyId !== null && status.pinnedAdminKeyId === status.ownKeyId;
  const folderUsable = status.folder !== null && status.reachable;
  const canIssue = ownIsPinned && folderUsable;
  const candidates = [...status.candidates].sort(byOrigin);
  // Only candidates can be listed (the backend refuses anybody else): a tick for a user gone since does not count.
  const listed = candidates.filter((c) => chosen.has(c.userId)).map((c) => c.userId);

  const toggle = (userId: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(userId);
      else next.delete(userId);
      return next;
    });

  const issue = async () => {
    if (issuing || !canIssue) return;
    setFailure(null);
    if (listed.length === 0) {
      setNoneChosen(true);
      return;
    }
    setNoneChosen(false);
    setIssuing(true);
    const result = await callApi((api) => api.issueRoster({ userIds: listed }));
    setIssuing(false);
    if (result.ok) onIssued(result.value);
    else setFailure(result.error);
  };

  return (
    <>
      <dl className="roster__facts">
        <div>
          <dt>{t.folderLabel}</dt>
          <dd data-testid="roster-folder">
            {status.folder === null ? (
              m.common.none
            ) : (
              <>
                <span className="roster__path">{status.folder}</span>{' '}
                <span data-testid="roster-reachable" id="roster-reachable">
                  {status.reachable
                    ? t.reachable
                    : status.unreachableCode
                      ? m.approvals.sync.unreachableCode(status.unreachableCode)
                      : t.unreachable}
                </span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t.pinnedLabel}</dt>
          <dd>
            {status.pinnedAdminKeyId ? (
              <>
                <Fingerprint value={status.pinnedAdminKeyId} testId="roster-pinned-key" />
                <span className="roster__note" data-testid="roster-pin-source">
                  {t.pinSource[status.pinSource]}
                </span>
              </>
            ) : (
              t.pinnedNone
            )}
          </dd>
        </div>
        <div>
          <dt>{t.ownLabel}</dt>
          <dd>
            <Fingerprint value={status.ownKeyId} testId="roster-own-key" />
            <span className="roster__note" data-testid="roster-own-status" id="roster-own-status">
              {ownIsPinned ? t.ownIsPinned : t.ownNotPinned}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t.currentLabel}</dt>
          <dd data-testid="roster-current">
            {status.current
              ? t.current(status.current.serial, formatDateTime(status.current.issuedAt))
              : t.noCurrent}
          </dd>
        </div>
      </dl>

      {status.folder === null ? (
        <div className="notice notice--info" data-testid="roster-no-folder">
          <p>{t.noFolder}</p>
          <p>
            <a href={hrefFor({ name: 'settings' })}>{t.toSettings}</a>
          </p>
        </div>
      ) : (
        <>
          <h4 className="roster__subheading" id="roster-candidates-heading">
            {t.candidatesHeading}
          </h4>
          <p className="hint" id="roster-candidates-hint">
            {t.candidatesHint}
          </p>
          <div className="table-frame">
            <table
              className="data-table roster-table"
              aria-busy={busy}
              aria-describedby="roster-candidates-hint"
            >
              <caption className="visually-hidden">{t.tableCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.columns.include}</th>
                  <th scope="col">{t.columns.name}</th>
                  <th scope="col">{t.columns.username}</th>
                  <th scope="col">{t.columns.role}</th>
                  <th scope="col">{t.columns.source}</th>
                  <th scope="col">{t.columns.keys}</th>
                </tr>
              </thead>
              <tbody>
                {candidates.map((c) => (
                  <tr
                    key={c.userId}
                    data-testid="roster-candidate"
                    data-username={c.username}
                    data-source={c.source}
                  >
                    <td>
                      <input
                        type="checkbox"
                        className="checkbox"
                        checked={chosen.has(c.userId)}
                        aria-label={t.include(`${c.displayName} (${c.username})`)}
                        onChange={(e) => toggle(c.userId, e.target.checked)}
                      />
                    </td>
                    <th scope="row">{c.displayName}</th>
                    <td className="users-table__username">{c.username}</td>
                    <td>{m.auth.roles[c.role]}</td>
                    <td>{t.source[c.source]}</td>
                    <td>
                      {c.keyIds.length === 0 ? (
                        <span className="muted">{t.noKeys}</span>
                      ) : (
                        <ul className="roster__keys">
                          {c.keyIds.map((k) => (
                            <li key={k}>
                              <Fingerprint value={k} />
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="result-count" data-testid="roster-chosen">
            {t.chosen(listed.length)}
          </p>
          <div ref={outcomeRef} tabIndex={-1} className="roster__outcome">
            {noneChosen ? (
              <p className="field-error" role="alert">
                {t.noneChosen}
              </p>
            ) : null}
            {failure ? <ErrorAlert error={failure} /> : null}
          </div>
          <div className="button-row">
            <button
              type="button"
              className="button"
              disabled={!canIssue || issuing}
              aria-describedby={
                [ownIsPinned ? '' : 'roster-own-status', folderUsable ? '' : 'roster-reachable']
                  .filter(Boolean)
                  .join(' ') || undefined
              }
              onClick={() => void issue()}
            >
              {issuing ? t.issuing : t.issue}
            </button>
            <button type="button" className="button button--secondary" onClick={onReload}>
              {t.reload}
            </button>
          </div>
        </>
      )}

      {status.problems.length > 0 ? (
        <div className="notice notice--warning" data-testid="roster-problems">
          <p>{t.problemsHeading}</p>
          <ul>
            {status.problems.map((p) => (
              <li key={p.file}>
                {m.approvals.sync.refusedFile(p.file, m.approvals.sync.problems[p.problem])}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
