import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RecoveryCodesBody } from '../../../../contracts/auth.ts';
import { CurrentPasswordField } from '../../components/fields.tsx';
import { ErrorSummary, SubmitButton } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

/** Ten single-use recovery codes, shown once (the server keeps only their hashes). */
export function RecoveryCodesShown({
  codes,
  notice,
  onSaved,
}: {
  codes: string[];
  /** What just changed (e.g. two-factor is now on), said above the codes. */
  notice: string | null;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <PageHeading title={`${t('settings.security')} · ${t('settings.title')}`}>
        {t('settings.recoveryTitle')}
      </PageHeading>
      <div role="status">{notice && <p className="notice notice--success">{notice}</p>}</div>
      <p className="notice notice--info">{t('settings.recoveryIntro')}</p>
      <ul className="stack" aria-label={t('settings.recoveryListLabel')}>
        {codes.map((code) => (
          <li key={code}>
            <code className="secret">{code}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="button" onClick={onSaved}>
          {t('settings.recoverySaved')}
        </button>
      </div>
    </div>
  );
}

/** New codes for the password; the old ones stop working. */
export function RegenerateRecoveryCodes({ onDone }: { onDone: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const form = useForm();
  const [password, setPassword] = useState('');
  const labels = { password: t('fields.password') };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(RecoveryCodesBody, { password });
      onDone((await api.regenerateRecoveryCodes(body)).recoveryCodes);
    });
  };
  return (
    <form onSubmit={submit} noValidate className="form stack panel">
      <h2>{t('settings.recoveryRegenerateTitle')}</h2>
      <p>{t('settings.recoveryRegenerateIntro')}</p>
      <ErrorSummary form={form} labels={labels} />
      <CurrentPasswordField form={form} value={password} onChange={setPassword} />
      <div className="actions">
        <SubmitButton form={form} variant="secondary" pendingText={t('common.saving')}>
          {t('settings.recoveryRegenerate')}
        </SubmitButton>
      </div>
    </form>
  );
}
