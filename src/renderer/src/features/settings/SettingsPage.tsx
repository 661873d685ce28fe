import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isPathLocked } from '../../../../shared/domain/settings';
import { callApi } from '../../api';
import { useMessages } from '../../i18n';
import { useApiResult } from '../../use-api-result';
import { useSession } from '../auth/session-context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadingText } from '../../ui/LoadingText';
import { PageHeading } from '../../ui/PageHeading';
import { ConnectorSettings } from './ConnectorSettings';
import { labelOf, ProblemSummary, SaveStatus, type Outcome } from './SaveOutcome';
import { AdminKeySetting, TextSetting } from './SettingField';
import {
  FIELD_PATHS,
  formFrom,
  saveRequest,
  toProblems,
  type FieldName,
  type SettingsForm,
} from './settings-form';
import './settings.css';

/** Locking the kind or any option of the connector fixes its kind (docs/settings.md). */
const kindLockedBy = (locked: readonly string[]) =>
  locked.some((l) => l === 'connector' || l.startsWith('connector.'));

/**
 * The installation's settings (settings:get/update). Only changed values are saved; a value IT has locked is shown
 * read-only as "Låst af IT"; each problem, from the shared schema before saving or from the backend after, is shown
 * at its field and listed above the button with a link to it.
 */
export function SettingsPage({ takeFocus }: { takeFocus: boolean }) {
  const m = useMessages();
  const t = m.settings;
  const f = t.fields;
  const [attempt, setAttempt] = useState(0);
  const { state, retry } = useApiResult((api) => api.getSettings({}), `settings:${attempt}`);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  // The policy decides what the check stops, and the shared folder which computers approvals travel between: the
  // admin's to change (the backend refuses anybody else). In the fixed mode (no users) the one identity may.
  const { user } = useSession();
  const notAdmin = user !== null && user.role !== 'admin';

  // The last good answer: while a save is read back, the form stays on screen (and with it the outcome line).
  const loaded = state.value;
  // The form starts from the settings in force, and again after each save.
  useEffect(() => {
    if (loaded) setForm(formFrom(loaded.settings));
  }, [loaded]);
  // Problems are listed at the top of the form, and focus goes there; "gemt" is read out where the button is.
  useEffect(() => {
    if (outcome?.kind === 'problems' || outcome?.kind === 'error') summaryRef.current?.focus();
  }, [outcome]);

  const locked = loaded?.locked ?? [];
  const isLocked = (field: FieldName) =>
    field === 'kind' ? kindLockedBy(locked) : isPathLocked(locked, FIELD_PATHS[field]);
  const problems = outcome?.kind === 'problems' ? outcome.problems : [];
  const problemsOf = (field: FieldName) => problems.filter((p) => p.field === field).map((p) => p.text);
  const set = <F extends FieldName>(field: F, value: SettingsForm[F]) =>
    setForm((prev) => (prev ? { ...prev, [field]: value } : prev));
  const field = (name: FieldName) => ({ field: name, locked: isLocked(name), problems: problemsOf(name) });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!form || !loaded) return;
    const request = saveRequest(form, loaded.settings, t.notWholeNumber);
    if (!request.ok) {
      setOutcome({ kind: 'problems', locked: false, problems: request.problems });
      return;
    }
    if (request.changed.length === 0) {
      setOutcome({ kind: 'unchanged' });
      return;
    }
    setSaving(true);
    const result = await callApi((api) => api.updateSettings({ patch: request.patch }));
    setSaving(false);
    if (!result.ok) setOutcome({ kind: 'error', error: result.error });
    else if (!result.value.saved) {
      setOutcome({
        kind: 'problems',
        locked: result.value.refusal === 'locked',
        problems: toProblems(result.value.problems, form.kind),
      });
    } else {
      setOutcome({ kind: 'saved' });
      setAttempt((n) => n + 1);
    }
  };

  return (
    <section className="page settings-page" aria-labelledby="settings-heading">
      <PageHeading id="settings-heading" title={m.app.pageTitle(t.heading)} takeFocus={takeFocus}>
        {t.heading}
      </PageHeading>
      <p className="page-intro">{t.intro}</p>
      {state.status === 'failed' ? <ErrorAlert error={state.error} onRetry={retry} /> : null}
      {!form || !loaded ? (
        state.status === 'failed' ? null : (
          <LoadingText text={t.loading} />
        )
      ) : (
        <form className="settings-form" onSubmit={(e) => void save(e)} noValidate>
          <div ref={summaryRef} tabIndex={-1} className="settings-form__summary">
            <ProblemSummary outcome={outcome} labelOf={(name) => labelOf(f, name)} />
          </div>
          {loaded.machineFile ? <p className="hint">{t.machineFile(loaded.machineFile)}</p> : null}
          {loaded.problems.length > 0 ? (
            <div className="notice notice--warning">
              <p>{t.storedProblems}</p>
              <ul>
                {loaded.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          ) : null}

          <section className="settings-section" aria-labelledby="settings-sender">
            <h3 id="settings-sender" className="settings-section__heading">
              {t.sections.sender}
            </h3>
            <TextSetting
              {...field('cvr')}
              label={f.cvr}
              hint={f.cvrHint}
              numeric
              maxLength={8}
              value={form.cvr}
              onChange={(v) => set('cvr', v)}
            />
            <TextSetting
              {...field('senderName')}
              label={f.senderName}
              hint={f.senderNameHint}
              maxLength={256}
              value={form.senderName}
              onChange={(v) => set('senderName', v)}
            />
            <TextSetting
              {...field('caseSystem')}
              label={f.caseSystem}
              hint={f.caseSystemHint}
              maxLength={256}
              value={form.caseSystem}
              onChange={(v) => set('caseSystem', v)}
            />
            <p className="setting setting--fixed">
              <span className="field-label">{f.memoVersion}</span> {loaded.settings.memoVersion}
            </p>
          </section>

          <section className="settings-section" aria-labelledby="settings-connector">
            <h3 id="settings-connector" className="settings-section__heading">
              {t.sections.connector}
            </h3>
            <p className="notice notice--info">{t.nextStart}</p>
            <ConnectorSettings form={form} set={set} isLocked={isLocked} problemsOf={problemsOf} />
          </section>

          <section className="settings-section" aria-labelledby="settings-sending">
            <h3 id="settings-sending" className="settings-section__heading">
              {t.sections.sending}
            </h3>
            <TextSetting
              {...field('sendDelay')}
              label={f.sendDelay}
              hint={f.sendDelayHint}
              numeric
              maxLength={4}
              value={form.sendDelay}
              onChange={(v) => set('sendDelay', v)}
            />
          </section>

          <section className="settings-section" aria-labelledby="settings-policy">
            <h3 id="settings-policy" className="settings-section__heading">
              {t.sections.policy}
            </h3>
            <TextSetting
              {...field('policyFile')}
              {...(notAdmin ? { adminOnly: t.policyFileAdminOnly } : {})}
              label={f.policyFile}
              hint={f.policyFileHint}
              optional
              value={form.policyFile}
              onChange={(v) => set('policyFile', v)}
            />
          </section>

          <section className="settings-section" aria-labelledby="settings-approval">
            <h3 id="settings-approval" className="settings-section__heading">
              {t.sections.approval}
            </h3>
            <TextSetting
              {...field('approvalFolder')}
              {...(notAdmin ? { adminOnly: t.approvalFolderAdminOnly } : {})}
              label={f.approvalFolder}
              hint={f.approvalFolderHint}
              optional
              value={form.approvalFolder}
              onChange={(v) => set('approvalFolder', v)}
            />
            <AdminKeySetting fingerprint={loaded.settings.adminKeyFingerprint} />
          </section>

          <section className="settings-section" aria-labelledby="settings-data">
            <h3 id="settings-data" className="settings-section__heading">
              {t.sections.data}
            </h3>
            <TextSetting
              {...field('dataDir')}
              label={f.dataDir}
              hint={f.dataDirHint}
              optional
              value={form.dataDir}
              onChange={(v) => set('dataDir', v)}
            />
            <TextSetting
              {...field('idleLock')}
              label={f.idleLock}
              hint={f.idleLockHint}
              numeric
              maxLength={4}
              value={form.idleLock}
              onChange={(v) => set('idleLock', v)}
            />
          </section>

          {/* Always in reach at the bottom of the window, however long the form. */}
          <div className="settings-form__footer">
            <button type="submit" className="button button--primary" disabled={saving}>
              {saving ? t.saving : t.save}
            </button>
            <SaveStatus outcome={outcome} />
          </div>
        </form>
      )}
    </section>
  );
}
