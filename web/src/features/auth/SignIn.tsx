import { CurrentPasswordField, EmailField } from '../../components/fields.tsx';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { SignInBody } from '../../../../contracts/auth.ts';
import { safeNext } from '../../app/guards.tsx';
import { useSession } from '../../app/session.tsx';
import { ErrorSummary, SubmitButton } from '../../components/forms.tsx';
import { api, type Me } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { TwoFactorStep } from './TwoFactorStep.tsx';

export default function SignIn() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [challenge, setChallenge] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const finish = (user: Me, csrfToken: string) => {
    setDone(true);
    session.signedIn(user, csrfToken);
    navigate(next, { replace: true });
  };

  if (session.user && !done) return <Navigate to={next} replace />;

  return (
    <div className="narrow stack">
      {challenge ? (
        <TwoFactorStep
          challenge={challenge}
          onDone={finish}
          onStartOver={() => setChallenge(null)}
        />
      ) : (
        <PasswordStep onDone={finish} onChallenge={setChallenge} />
      )}
      <p>
        {t('signIn.noAccount')} <Link to="/sign-up">{t('signIn.signUpLink')}</Link>
      </p>
    </div>
  );
}

function PasswordStep({
  onDone,
  onChallenge,
}: {
  onDone: (user: Me, csrf: string) => void;
  onChallenge: (c: string) => void;
}) {
  const { t } = useTranslation();
  const form = useForm();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const labels = { email: t('fields.email'), password: t('fields.password') };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Errors are told apart by their code alone (describeError words them). A suspended
    // account gets the same `unauthenticated` answer as a wrong password, on purpose: the
    // server never says which accounts exist or are paused.
    void form.run(async () => {
      const body = form.check(SignInBody, { email, password });
      const result = await api.signIn(body);
      if ('twoFactorRequired' in result) onChallenge(result.challenge);
      else onDone(result.user, result.csrfToken);
    });
  };
  return (
    <>
      <PageHeading>{t('signIn.title')}</PageHeading>
      <p className="lead">{t('signIn.intro')}</p>
      <form onSubmit={submit} noValidate className="form stack">
        <ErrorSummary form={form} labels={labels} />
        <EmailField
          form={form}
          autoComplete="username"
          hint={null}
          value={email}
          onChange={setEmail}
        />
        <CurrentPasswordField form={form} value={password} onChange={setPassword} />
        <div className="actions">
          <SubmitButton form={form} pendingText={t('signIn.submitting')}>
            {t('signIn.submit')}
          </SubmitButton>
          <Link to="/forgot-password">{t('signIn.forgot')}</Link>
          <Link to="/sign-in-link">{t('signIn.emailLink')}</Link>
        </div>
      </form>
    </>
  );
}
