import { CurrentPasswordField, NewPasswordField } from '../../components/fields.tsx';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ChangePasswordBody } from '../../../../contracts/account.ts';
import { ErrorSummary, FormEnd } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

export default function Password() {
  const { t } = useTranslation();
  const form = useForm();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const labels = {
    currentPassword: t('settings.currentPassword'),
    newPassword: t('settings.newPassword'),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(ChangePasswordBody, { currentPassword, newPassword });
      await api.changePassword(body);
      setCurrent('');
      setNew('');
      return t('settings.passwordChanged');
    });
  };
  return (
    <>
      <PageHeading title={`${t('settings.password')} · ${t('settings.title')}`}>
        {t('settings.password')}
      </PageHeading>
      <p>{t('settings.passwordIntro')}</p>
      <form onSubmit={submit} noValidate className="form stack">
        <ErrorSummary form={form} labels={labels} />
        <CurrentPasswordField
          form={form}
          name="currentPassword"
          label={labels.currentPassword}
          value={currentPassword}
          onChange={setCurrent}
        />
        <NewPasswordField
          form={form}
          name="newPassword"
          label={labels.newPassword}
          value={newPassword}
          onChange={setNew}
        />
        <FormEnd form={form} label={t('settings.passwordSubmit')} />
      </form>
    </>
  );
}
