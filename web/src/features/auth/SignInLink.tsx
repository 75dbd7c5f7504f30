import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { SignInLinkRequestBody } from '../../../../contracts/auth.ts';
import { useSession } from '../../app/session.tsx';
import { ErrorSummary, SubmitButton } from '../../components/forms.tsx';
import { api, type Me } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { EmailLinkRequest } from './EmailLinkRequest.tsx';
import { TwoFactorStep } from './TwoFactorStep.tsx';

/**
 * `/sign-in-link`: asks for an emailed one-time sign-in link; with `?token=` (the emailed
 * link, also the one that finishes a sign-up) it signs in after a click, never on load, so
 * a mail scanner opening the link does not spend it.
 */
export default function SignInLink() {
  const [params] = useSearchParams();
  const token = params.get('token');
  return token ? <OpenLink token={token} /> : <RequestLink />;
}

function RequestLink() {
  return (
    <EmailLinkRequest
      texts="signInLink"
      schema={SignInLinkRequestBody}
      send={(body) => api.requestSignInLink(body)}
    />
  );
}

function OpenLink({ token }: { token: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const form = useForm();
  const [challenge, setChallenge] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const finish = (user: Me, csrfToken: string) => {
    setDone(true);
    session.signedIn(user, csrfToken);
    navigate('/home', { replace: true });
  };
  if (session.user && !done) return <Navigate to="/home" replace />;
  if (challenge) {
    return (
      <div className="narrow stack">
        <TwoFactorStep
          challenge={challenge}
          onDone={finish}
          onStartOver={() => navigate('/sign-in')}
        />
      </div>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const result = await api.signInWithLink({ token });
      if ('twoFactorRequired' in result) setChallenge(result.challenge);
      else finish(result.user, result.csrfToken);
    });
  };
  return (
    <div className="narrow stack">
      <PageHeading>{t('signInLink.openTitle')}</PageHeading>
      <p className="lead">{t('signInLink.openIntro')}</p>
      <form onSubmit={submit} noValidate className="form stack">
        <ErrorSummary form={form} labels={{ token: t('signInLink.title') }} />
        <div className="actions">
          <SubmitButton form={form} pendingText={t('signInLink.opening')}>
            {t('signInLink.open')}
          </SubmitButton>
          <Link to="/sign-in-link">{t('signInLink.askAgain')}</Link>
        </div>
      </form>
    </div>
  );
}
