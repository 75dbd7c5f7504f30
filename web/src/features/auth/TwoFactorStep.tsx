import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TwoFactorSignInBody } from '../../../../contracts/auth.ts';
import { cleanCode, TwoFactorCodeField } from '../../components/fields.tsx';
import { ErrorSummary, SubmitButton } from '../../components/forms.tsx';
import { api, type Me } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

/** The second step of signing in: an authenticator code or a recovery code. */
export function TwoFactorStep({
  challenge,
  onDone,
  onStartOver,
}: {
  challenge: string;
  onDone: (user: Me, csrf: string) => void;
  onStartOver: () => void;
}) {
  const { t } = useTranslation();
  const form = useForm();
  const [code, setCode] = useState('');
  const labels = { code: t('fields.code') };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(TwoFactorSignInBody, { challenge, code: cleanCode(code) });
      const { user, csrfToken } = await api.twoFactorSignIn(body);
      onDone(user, csrfToken);
    });
  };
  return (
    <>
      <PageHeading>{t('signIn.twoFactorTitle')}</PageHeading>
      <p className="lead">{t('signIn.twoFactorText')}</p>
      <form onSubmit={submit} noValidate className="form stack">
        <ErrorSummary form={form} labels={labels} />
        <TwoFactorCodeField
          form={form}
          value={code}
          onChange={setCode}
          hint={t('signIn.codeOrRecoveryHint')}
          allowRecoveryCode
        />
        <div className="actions">
          <SubmitButton form={form} pendingText={t('signIn.verifying')}>
            {t('signIn.verify')}
          </SubmitButton>
          <button type="button" className="link-button" onClick={onStartOver}>
            {t('signIn.startOver')}
          </button>
        </div>
      </form>
    </>
  );
}
