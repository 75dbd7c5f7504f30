import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { Loading } from '../../components/forms.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { apiErrorMessage } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

export default function ConfirmEmail() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { status, setUser } = session;
  const confirm = useMutation({
    mutationFn: api.confirmEmail,
    onSuccess: (me) => setUser(me),
  });
  const { mutate } = confirm;
  // A token is spent once: asked once the session is known, never again on a re-render.
  const started = useRef(false);
  useEffect(() => {
    if (!token || status === 'loading' || started.current) return;
    started.current = true;
    mutate({ token });
  }, [token, status, mutate]);

  const failure = confirm.error;
  const state = confirm.data
    ? ({ kind: 'done', email: confirm.data.email } as const)
    : failure instanceof ApiError && failure.code === 'unauthenticated'
      ? ({ kind: 'signIn' } as const)
      : failure
        ? ({
            kind: 'error',
            message:
              failure instanceof ApiError && (failure.status === 400 || failure.status === 404)
                ? t('confirmEmail.badToken')
                : apiErrorMessage(failure, t),
          } as const)
        : ({ kind: 'working' } as const);

  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <div className="narrow stack">
      <PageHeading>{t('confirmEmail.title')}</PageHeading>
      <div role="status">
        {!token ? (
          <p className="notice notice--info">{t('confirmEmail.missingToken')}</p>
        ) : state.kind === 'working' ? (
          <Loading label={t('confirmEmail.working')} />
        ) : state.kind === 'done' ? (
          <p className="notice notice--success">{t('confirmEmail.done', { email: state.email })}</p>
        ) : state.kind === 'signIn' ? (
          <p className="notice notice--info">
            {t('confirmEmail.signInFirst')}{' '}
            <Link to={`/sign-in?next=${next}`}>{t('layout.signIn')}</Link>
          </p>
        ) : (
          <p className="notice notice--error">{state.message}</p>
        )}
      </div>
      {session.user && (
        <p>
          <Link to="/settings/email">{t('confirmEmail.toSettings')}</Link>
        </p>
      )}
    </div>
  );
}
