import { EmailField } from '../../components/fields.tsx';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PasswordResetRequestBody } from '../../../../contracts/auth.ts';
import { ErrorSummary, FormStatus, SubmitButton } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

export default function ForgotPassword() {
  const { t } = useTranslation();
  const form = useForm();
  const [email, setEmail] = useState('');
  const labels = { email: t('fields.email') };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(PasswordResetRequestBody, { email });
      await api.requestPasswordReset(body);
      return t('forgot.sent', { email: body.email });
    });
  };
  return (
    <div className="narrow stack">
      <PageHeading>{t('forgot.title')}</PageHeading>
      <p className="lead">{t('forgot.intro')}</p>
      <form onSubmit={submit} noValidate className="form stack">
        <ErrorSummary form={form} labels={labels} />
        <EmailField form={form} hint={null} value={email} onChange={setEmail} />
        <FormStatus form={form} />
        <div className="actions">
          <SubmitButton form={form} pendingText={t('forgot.submitting')}>
            {t('forgot.submit')}
          </SubmitButton>
          <Link to="/sign-in">{t('forgot.back')}</Link>
        </div>
      </form>
    </div>
  );
}
