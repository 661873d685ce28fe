import { connectorKinds } from '../../../../shared/domain/settings';
import { useMessages } from '../../i18n';
import { Badge } from '../../ui/Badge';
import { CertificatePasswordForm } from './CertificatePasswordForm';
import { CheckSetting, SelectSetting, TextSetting } from './SettingField';
import { fieldId, type FieldName, type SettingsForm } from './settings-form';

interface Props {
  form: SettingsForm;
  set: <F extends FieldName>(field: F, value: SettingsForm[F]) => void;
  isLocked: (field: FieldName) => boolean;
  problemsOf: (field: FieldName) => string[];
}

/**
 * The way to Digital Post: the kind, and the options of that kind. The connector is opened when the app starts, so
 * a change here takes effect at the next start (said above the form). The SF1601 certificate's password has its own
 * small form: it is stored encrypted by itself and never shown again.
 */
export function ConnectorSettings({ form, set, isLocked, problemsOf }: Props) {
  const t = useMessages().settings;
  const f = t.fields;
  const field = (name: FieldName) => ({ field: name, locked: isLocked(name), problems: problemsOf(name) });
  const kindProblems = problemsOf('kind');
  const kindLocked = isLocked('kind');

  return (
    <>
      <fieldset
        className={`setting setting--choice${kindProblems.length > 0 ? ' setting--invalid' : ''}`}
        id={fieldId('kind')}
        tabIndex={-1}
        aria-describedby={kindLocked ? `${fieldId('kind')}-locked` : undefined}
      >
        <legend className="field-label">
          {f.kind} {kindLocked ? <Badge tone="protected">{t.lockedByIt}</Badge> : null}
        </legend>
        {connectorKinds.map((kind) => (
          <div key={kind} className="setting__check">
            <input
              type="radio"
              id={`${fieldId('kind')}-${kind}`}
              name="connector-kind"
              value={kind}
              checked={form.kind === kind}
              disabled={kindLocked}
              onChange={() => set('kind', kind)}
            />
            <label htmlFor={`${fieldId('kind')}-${kind}`}>{f.kinds[kind]}</label>
          </div>
        ))}
        {kindLocked ? (
          <p id={`${fieldId('kind')}-locked`} className="hint">
            {t.lockedHint}
          </p>
        ) : null}
        {kindProblems.map((p) => (
          <p key={p} className="field-error">
            {p}
          </p>
        ))}
      </fieldset>

      {form.kind === 'sandbox' ? (
        <TextSetting
          {...field('port')}
          label={f.port}
          hint={f.portHint}
          optional
          numeric
          value={form.port}
          onChange={(v) => set('port', v)}
        />
      ) : null}
      {form.kind === 'folder' ? (
        <TextSetting
          {...field('outDir')}
          label={f.outDir}
          hint={f.outDirHint}
          value={form.outDir}
          onChange={(v) => set('outDir', v)}
        />
      ) : null}
      {form.kind === 'sf1601' ? (
        <>
          <SelectSetting
            {...field('endpoint')}
            label={f.endpoint}
            value={form.endpoint}
            options={[
              { value: 'test', label: f.endpoints.test },
              { value: 'production', label: f.endpoints.production },
            ]}
            onChange={(v) => set('endpoint', v === 'production' ? 'production' : 'test')}
          />
          <TextSetting
            {...field('certificatePath')}
            label={f.certificatePath}
            hint={f.certificatePathHint}
            value={form.certificatePath}
            onChange={(v) => set('certificatePath', v)}
          />
          <TextSetting
            {...field('caFile')}
            label={f.caFile}
            hint={f.caFileHint}
            optional
            value={form.caFile}
            onChange={(v) => set('caFile', v)}
          />
          <TextSetting
            {...field('proxy')}
            label={f.proxy}
            hint={f.proxyHint}
            optional
            value={form.proxy}
            onChange={(v) => set('proxy', v)}
          />
          <TextSetting
            {...field('forsendelseType')}
            label={f.forsendelseType}
            hint={f.forsendelseTypeHint}
            optional
            numeric
            value={form.forsendelseType}
            onChange={(v) => set('forsendelseType', v)}
          />
          <CheckSetting
            {...field('checkStatus')}
            label={f.checkStatus}
            checked={form.checkStatus}
            onChange={(v) => set('checkStatus', v)}
          />
          <CertificatePasswordForm />
        </>
      ) : null}
    </>
  );
}
