import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { JOIN_MESSAGE_MAX } from '../../../../contracts/groups.ts';
import { useSession } from '../../app/session.tsx';
import { Field } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { queryKeys } from '../../lib/query.ts';

/**
 * What the meeting page offers about joining its group, by the viewer's own place in it.
 * The meeting's answer says nothing about membership; the group's answer does (the same
 * query the group page uses, so joining or being approved there refreshes this too).
 */
export function JoinGroupAction({ group }: { group: { slug: string; isOpen: boolean } }) {
  const { t } = useTranslation();
  const session = useSession();
  const signedIn = session.user !== null;
  const query = useQuery({
    queryKey: queryKeys.group(group.slug),
    queryFn: () => api.group(group.slug),
    enabled: session.status === 'ready' && signedIn,
  });
  const href = `/groups/${encodeURIComponent(group.slug)}#join`;
  if (signedIn && query.isPending) return null;
  const membership = query.data?.viewer.membership;
  if (membership?.status === 'active') {
    return (
      <p className="notice notice--success">
        {membership.role === 'facilitator'
          ? t('meetings.youFacilitate')
          : t('meetings.youAreMember')}
      </p>
    );
  }
  if (membership?.status === 'requested') {
    return (
      <p className="notice notice--info">
        {t('meetings.requestWaiting')} <Link to={href}>{t('meetings.seeRequest')}</Link>
      </p>
    );
  }
  if (membership?.status === 'removed') return null;
  return (
    <Link to={href} className="button button--primary">
      {group.isOpen ? t('meetings.join') : t('meetings.askToJoin')}
    </Link>
  );
}

/**
 * The optional few words to a closed group's facilitators when asking to join: only they
 * see it, and it is forgotten once they answer. The server trims it and checks the length.
 */
export function JoinMessageField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const left = JOIN_MESSAGE_MAX - value.trim().length;
  return (
    <div>
      <Field
        name="join-message"
        label={t('groups.messageLabel')}
        hint={t('groups.messageHint')}
        error={error}
        optional
      >
        {(p) => (
          <textarea
            {...p}
            rows={4}
            maxLength={JOIN_MESSAGE_MAX}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
      </Field>
      <p className="small" aria-live="polite">
        {t('groups.messageLeft', { count: Math.max(left, 0) })}
      </p>
    </div>
  );
}
