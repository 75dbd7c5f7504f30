import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { Loading } from '../../components/forms.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { apiErrorMessage } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

type State =
  | { kind: 'working' }
  | { kind: 'done'; email: string }
  | { kind: 'signIn' }
  | { kind: 'error'; message: string };

export default function ConfirmEmail() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [state, setState] = useState<State>({ kind: 'working' });
  const started = useRef(false);
  const { status, setUser } = session;

  useEffect(() => {
    if (!token || status === 'loading' || started.current) return;
    started.current = true;
    api
      .confirmEmail({ token })
      .then((me) => {
        setUser(me);
        setState({ kind: 'done', email: me.email });
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.code === 'unauthenticated') setState({ kind: 'signIn' });
        else if (e instanceof ApiError && (e.status === 400 || e.status === 404))
          setState({ kind: 'error', message: t('confirmEmail.badToken') });
        else setState({ kind: 'error', message: apiErrorMessage(e, t) });
      });
  }, [token, status, setUser, t]);

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
