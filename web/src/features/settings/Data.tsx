import { CurrentPasswordField } from '../../components/fields.tsx';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { DeleteAccountBody } from '../../../../contracts/account.ts';
import { ErrorSummary, Field, SubmitButton } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

export default function Data() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useForm();
  const [confirm, setConfirm] = useState('');
  const [password, setPassword] = useState('');
  const labels = { confirm: t('settings.deleteConfirm'), password: t('settings.deletePassword') };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(DeleteAccountBody, { confirm: confirm.trim(), password });
      await api.deleteAccount(body);
      // The goodbye page forgets the person: doing it here would bounce this page to sign-in.
      navigate('/goodbye', { replace: true, state: { deleted: true } });
    });
  };

  return (
    <>
      <PageHeading title={`${t('settings.data')} · ${t('settings.title')}`}>
        {t('settings.data')}
      </PageHeading>
      <p>{t('settings.dataIntro')}</p>
      <section className="panel stack" aria-labelledby="export-title">
        <h2 id="export-title">{t('settings.exportTitle')}</h2>
        <p>{t('settings.exportText')}</p>
        <p>
          <a className="button button--secondary" href={api.exportUrl} download>
            <span aria-hidden="true">↓ </span>
            {t('settings.exportLink')}
          </a>
        </p>
      </section>
      <section className="panel panel--danger stack" aria-labelledby="delete-title">
        <h2 id="delete-title">{t('settings.deleteTitle')}</h2>
        <p>{t('settings.deleteText')}</p>
        <p>{t('settings.deleteBreak')}</p>
        <form onSubmit={submit} noValidate className="form stack">
          <ErrorSummary form={form} labels={labels} />
          <Field
            name="confirm"
            label={labels.confirm}
            hint={t('settings.deleteConfirmHint')}
            error={form.errors.confirm}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                value={confirm}
                onChange={(e) => setConfirm(e.target.value)}
              />
            )}
          </Field>
          <CurrentPasswordField
            form={form}
            label={labels.password}
            value={password}
            onChange={setPassword}
          />
          <div className="actions">
            <SubmitButton form={form} variant="danger" pendingText={t('settings.deleting')}>
              {t('settings.deleteSubmit')}
            </SubmitButton>
          </div>
        </form>
      </section>
    </>
  );
}
