import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import type { SignUpBody } from '../../../../contracts/auth.ts';
import { useSession } from '../../app/session.tsx';
import { Field } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { apiErrorMessage, InvalidForm } from '../../lib/form.ts';
import { queryKeys } from '../../lib/query.ts';
import { PageHeading } from '../../lib/page.tsx';
import { NewAccountForm } from './NewAccountForm.tsx';

/**
 * Sign-up answers the same for a new and a registered email, so this page never says which:
 * it asks the person to open the link we emailed (which finishes the account and signs in).
 */
export default function SignUp() {
  const { t } = useTranslation();
  const session = useSession();
  const [sent, setSent] = useState<SignUpBody | null>(null);
  // The same request again: the server sends a new link while the first is unopened (it
  // limits how often, per address and per device).
  const resend = useMutation({ mutationFn: (body: SignUpBody) => api.signUp(body) });
  const [agreed, setAgreed] = useState(false);
  const org = useQuery({
    queryKey: queryKeys.publicOrganisation(),
    queryFn: api.publicOrganisation,
  });
  const hasGuidelines = !!org.data?.guidelinesHtml;
  const hasPrivacy = !!org.data?.privacyHtml;
  if (session.setupRequired) return <Navigate to="/setup" replace />;
  if (sent) {
    return (
      <div className="narrow stack">
        <PageHeading>{t('signUp.sentTitle')}</PageHeading>
        <p className="lead" role="status">
          {t('signUp.sent', { email: sent.email })}
        </p>
        <div className="stack">
          <p>{t('signUp.resendIntro')}</p>
          <p>
            <button
              type="button"
              className="button button--secondary"
              disabled={resend.isPending}
              onClick={() => resend.mutate(sent)}
            >
              {resend.isPending ? t('signUp.resending') : t('signUp.resend')}
            </button>
          </p>
          <div role="status">
            {resend.isSuccess && (
              <p className="notice notice--success">{t('signUp.resent', { email: sent.email })}</p>
            )}
          </div>
          {resend.error && (
            <p className="notice notice--error" role="alert">
              {apiErrorMessage(resend.error, t)}
            </p>
          )}
        </div>
        <p>
          {t('signUp.haveAccount')} <Link to="/sign-in">{t('signUp.signInLink')}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow stack">
      <PageHeading>{t('signUp.title')}</PageHeading>
      <p className="lead">{t('signUp.intro')}</p>
      <NewAccountForm
        submitLabel={t('signUp.submit')}
        pendingLabel={t('signUp.submitting')}
        extra={(form) => (
          <>
            {hasPrivacy && (
              <p>
                <Link to="/privacy" target="_blank">
                  {t('organisation.readPrivacy')}
                </Link>
              </p>
            )}
            {hasGuidelines && (
              <Field
                name="agreeGuidelines"
                label={t('organisation.agree')}
                error={form.errors.agreeGuidelines}
                hint={
                  <Link to="/guidelines" target="_blank">
                    {t('organisation.agreeLink')}
                  </Link>
                }
              >
                {(p) => (
                  <input
                    {...p}
                    type="checkbox"
                    checked={agreed}
                    onChange={(e) => setAgreed(e.target.checked)}
                  />
                )}
              </Field>
            )}
          </>
        )}
        onSubmit={async (body) => {
          if (hasGuidelines && !agreed) {
            throw new InvalidForm({ agreeGuidelines: t('organisation.agreeError') });
          }
          await api.signUp(body);
          setSent(body);
        }}
        footer={
          <p>
            {t('signUp.haveAccount')} <Link to="/sign-in">{t('signUp.signInLink')}</Link>
          </p>
        }
      />
    </div>
  );
}
