import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { FormEnd } from '../../components/forms.tsx';
import { NewAccountForm } from '../auth/NewAccountForm.tsx';
import { api, type InvitationPreview } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { formatDateTime } from '../../lib/format.ts';
import { PageHeading } from '../../lib/page.tsx';

type Accepted = { role: 'admin' | 'facilitator'; group: { slug: string; name: string } | null };

/**
 * An emailed invitation: who invited the person and to what, then the one way forward —
 * accept (signed in with the invited address), sign in first, or create the account.
 */
export default function InvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [accepted, setAccepted] = useState<Accepted | null>(null);
  const query = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api.previewInvitation(token),
    enabled: accepted === null,
    retry: false,
  });

  if (accepted) return <Done accepted={accepted} />;
  return (
    <div className="narrow stack">
      <PageHeading>{t('invitation.title')}</PageHeading>
      <QueryState query={query}>
        {(invitation) => (
          <>
            <p className="lead">
              {invitation.role === 'admin'
                ? t('invitation.toAdmin', { name: invitation.invitedBy ?? t('invitation.someone') })
                : t('invitation.toFacilitate', {
                    name: invitation.invitedBy ?? t('invitation.someone'),
                    group: invitation.group?.name ?? '',
                  })}
            </p>
            <p>
              {t('invitation.forEmail', {
                email: invitation.email,
                date: formatDateTime(invitation.expiresAt),
              })}
            </p>
            <NextStep invitation={invitation} token={token} onAccepted={setAccepted} />
          </>
        )}
      </QueryState>
    </div>
  );
}

function NextStep({
  invitation,
  token,
  onAccepted,
}: {
  invitation: InvitationPreview;
  token: string;
  onAccepted: (a: Accepted) => void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const form = useForm();
  const here = `/invitations/${encodeURIComponent(token)}`;

  if (session.status === 'loading') return null;
  if (session.user) {
    if (session.user.email.toLowerCase() !== invitation.email) {
      return <p className="notice">{t('invitation.wrongAccount', { email: invitation.email })}</p>;
    }
    return (
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void form.run(async () => {
            const accepted = await api.acceptInvitation(token);
            await session.refresh();
            onAccepted(accepted);
          });
        }}
      >
        <FormEnd
          form={form}
          label={t('invitation.accept')}
          pendingText={t('invitation.accepting')}
        />
      </form>
    );
  }
  if (invitation.hasAccount) {
    return (
      <p>
        {t('invitation.signInToAccept')}{' '}
        <Link className="button button--primary" to={`/sign-in?next=${encodeURIComponent(here)}`}>
          {t('invitation.signIn')}
        </Link>
      </p>
    );
  }
  return (
    <>
      <h2>{t('invitation.createTitle')}</h2>
      <NewAccountForm
        fixedEmail={invitation.email}
        submitLabel={t('invitation.createSubmit')}
        pendingLabel={t('invitation.creating')}
        onSubmit={async ({ email: _email, ...body }) => {
          const { user, csrfToken, accepted } = await api.acceptInvitationAsNew({ ...body, token });
          session.signedIn(user, csrfToken);
          onAccepted(accepted);
        }}
      />
    </>
  );
}

function Done({ accepted }: { accepted: Accepted }) {
  const { t } = useTranslation();
  return (
    <div className="narrow stack">
      <PageHeading>{t('invitation.title')}</PageHeading>
      <p className="notice notice--success" role="status">
        {accepted.role === 'admin'
          ? t('invitation.doneAdmin')
          : t('invitation.doneFacilitator', { group: accepted.group?.name ?? '' })}
      </p>
      {accepted.group ? (
        <Link to={`/groups/${encodeURIComponent(accepted.group.slug)}`}>
          {t('invitation.goToGroup')}
        </Link>
      ) : (
        <Link to="/admin">{t('invitation.goToAdmin')}</Link>
      )}
    </div>
  );
}
