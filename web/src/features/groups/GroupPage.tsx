import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Loading } from '../../components/forms.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { ApiError, api, type GroupView } from '../../lib/api.ts';
import { formatMeetingTime } from '../../lib/format.ts';
import { apiErrorMessage } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys, useDirectoryAction } from '../../lib/query.ts';
import { AttendanceBadge } from '../finder/AttendanceBadge.tsx';
import { viewerZone } from '../finder/finder-url.ts';
import { labelFor, languageName } from '../finder/labels.ts';
import { describeRecurrence, describeTime } from '../meetings/describe.ts';
import { JoinMessageField } from '../meetings/JoinGroupAction.tsx';

const GroupStaff = lazy(() => import('./GroupStaff.tsx'));
const GroupFacilitators = lazy(() => import('./GroupFacilitators.tsx'));
const MemberList = lazy(() => import('./MemberList.tsx'));

export default function GroupPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const session = useSession();
  // Keyed by the address's slug: a slow answer for the last group can never show under this
  // one's address. Asked once the session is known, since the answer depends on who asks.
  const query = useQuery({
    queryKey: queryKeys.group(slug),
    queryFn: () => api.group(slug),
    enabled: session.status === 'ready',
  });
  return (
    <QueryState query={query} notFound loadingLabel={t('loading.page')} heading={t('groups.title')}>
      {(g) => <GroupDetail key={g.slug} g={g} />}
    </QueryState>
  );
}

function GroupDetail({ g }: { g: GroupView }) {
  const { t } = useTranslation();
  return (
    <article className="detail">
      <p className="breadcrumbs">
        <Link to="/groups">{t('finder.title')}</Link>
      </p>
      <header className="detail__head">
        <PageHeading>{g.name}</PageHeading>
        <p className="detail__sub">
          <AttendanceBadge value={g.format} />
          <span className="tag">{g.isOpen ? t('groups.open') : t('groups.closed')}</span>
          {g.placesLeft !== null && (
            <span className={g.placesLeft > 0 ? 'tag' : 'tag tag--warn'}>
              {g.placesLeft > 0
                ? t('groups.placesLeft', { count: g.placesLeft })
                : t('groups.full')}
            </span>
          )}
        </p>
        {g.viewer.canManage && (
          <p className="actions">
            <Link
              to={`/groups/${encodeURIComponent(g.slug)}/edit`}
              className="button button--secondary"
            >
              {t('groups.edit')}
            </Link>
            <Link
              to={`/groups/${encodeURIComponent(g.slug)}/meetings/new`}
              className="button button--ghost"
            >
              {t('groups.addMeeting')}
            </Link>
          </p>
        )}
      </header>

      <div className="detail__grid">
        <div className="detail__main">
          <section className="panel" aria-labelledby="about-title">
            <h2 id="about-title">{t('groups.about')}</h2>
            {/* Safe only because the server renders the markdown and sanitises the HTML
                (sanitize-html, an allow-list of tags) before it leaves the API. */}
            <div className="prose" dangerouslySetInnerHTML={{ __html: g.descriptionHtml }} />
            <dl className="facts">
              <dt>{t('groups.workingOn')}</dt>
              <dd>{g.focusAreas.map((f) => labelFor('focus', f)).join(', ')}</dd>
              <dt>{t('groups.stage')}</dt>
              <dd>{labelFor('stage', g.stage)}</dd>
              <dt>{t('groups.audience')}</dt>
              <dd>{labelFor('audience', g.audience)}</dd>
              <dt>{t('groups.languages')}</dt>
              <dd>{g.languages.map(languageName).join(', ')}</dd>
              <dt>{t('groups.format')}</dt>
              <dd>{labelFor('format', g.format)}</dd>
              <dt>{t('groups.openOrClosed')}</dt>
              <dd>{g.isOpen ? t('groups.openText') : t('groups.closedText')}</dd>
              {g.publicArea && (
                <>
                  <dt>{t('groups.area')}</dt>
                  <dd>{g.publicArea}</dd>
                </>
              )}
            </dl>
          </section>

          <GroupMeetings slug={g.slug} />

          {g.viewer.canSeeMembers && (
            <Suspense fallback={<Loading />}>
              <MemberList slug={g.slug} canManage={g.viewer.canManage} />
            </Suspense>
          )}
          {g.viewer.canManage && (
            <Suspense fallback={<Loading />}>
              <GroupStaff slug={g.slug} />
            </Suspense>
          )}
          {g.viewer.canManage && (
            <Suspense fallback={<Loading />}>
              <GroupFacilitators slug={g.slug} canChoose={g.viewer.canManageFacilitators} />
            </Suspense>
          )}
        </div>

        <aside className="detail__side stack" aria-label={t('groups.joinArea')}>
          <JoinPanel group={g} />
          {g.facilitators.length > 0 && (
            <section className="panel" aria-labelledby="fac-title">
              <h2 id="fac-title">{t('groups.facilitators')}</h2>
              <ul className="plain-list">
                {g.facilitators.map((f) => (
                  <li key={f.displayName}>{f.displayName}</li>
                ))}
              </ul>
              <p className="hint">{t('groups.facilitatorsHint')}</p>
            </section>
          )}
          <section className="panel" aria-labelledby="gcal-title">
            <h2 id="gcal-title">{t('meetings.addToCalendar')}</h2>
            <a
              href={`/api/groups/${encodeURIComponent(g.slug)}/calendar.ics`}
              download={`${g.slug}.ics`}
            >
              {t('groups.downloadIcs')}
            </a>
          </section>
        </aside>
      </div>
    </article>
  );
}

function JoinPanel({ group: g }: { group: GroupView }) {
  const { t } = useTranslation();
  const location = useLocation();
  const action = useDirectoryAction();
  const [accepted, setAccepted] = useState(false);
  const [mustAccept, setMustAccept] = useState(false);
  const [message, setMessage] = useState('');
  const [confirmLeave, setConfirmLeave] = useState(false);
  const status = g.viewer.membership.status;
  const hasAgreement = g.agreement.trim() !== '';
  const next = encodeURIComponent(`${location.pathname}#join`);
  const busy = action.pending;
  const failed = action.error;
  const error = mustAccept
    ? t('groups.acceptFirst')
    : failed instanceof ApiError && failed.fieldErrors.acceptAgreement
      ? t('groups.acceptFirst')
      : failed
        ? apiErrorMessage(failed, t)
        : null;
  const done = action.status;

  const act = (request: () => Promise<unknown>, message: string) => {
    setMustAccept(false);
    action.run({ request, done: message }, () => setConfirmLeave(false));
  };

  const join = () => {
    if (hasAgreement && !accepted) {
      setMustAccept(true);
      document.getElementById('accept-agreement')?.focus();
      return;
    }
    act(
      () =>
        api.joinGroup(g.slug, {
          ...(hasAgreement ? { acceptAgreement: true } : {}),
          ...(!g.isOpen && message.trim() ? { message } : {}),
        }),
      g.isOpen ? t('groups.joined') : t('groups.requested'),
    );
  };

  return (
    <section className="panel stack" aria-labelledby="join-title" id="join">
      <h2 id="join-title">
        {status === 'active' ? t('groups.youAreMember') : t('groups.joinTitle')}
      </h2>
      <div role="status">{done && <p className="notice notice--success">{done}</p>}</div>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {!g.viewer.signedIn ? (
        <>
          <p>{g.isOpen ? t('groups.signInToJoin') : t('groups.signInToAsk')}</p>
          <div className="actions">
            <Link to={`/sign-up?next=${next}`} className="button button--primary">
              {t('home.ctaJoin')}
            </Link>
            <Link to={`/sign-in?next=${next}`}>{t('layout.signIn')}</Link>
          </div>
        </>
      ) : status === 'active' ? (
        <>
          <p>
            {g.viewer.membership.role === 'facilitator'
              ? t('groups.youFacilitate')
              : t('groups.memberText')}
          </p>
          {g.viewer.membership.role !== 'facilitator' && (
            <button
              type="button"
              className="button button--ghost"
              onClick={() => setConfirmLeave(true)}
              disabled={busy}
            >
              {t('groups.leave')}
            </button>
          )}
        </>
      ) : status === 'requested' ? (
        <>
          <p>{t('groups.waiting')}</p>
          <button
            type="button"
            className="button button--ghost"
            disabled={busy}
            onClick={() => act(() => api.leaveGroup(g.slug), t('groups.withdrawn'))}
          >
            {t('groups.withdraw')}
          </button>
        </>
      ) : status === 'removed' ? (
        <p>{t('groups.removedText')}</p>
      ) : g.placesLeft === 0 ? (
        <p>{t('groups.fullText')}</p>
      ) : (
        <>
          <p>{g.isOpen ? t('groups.joinText') : t('groups.askText')}</p>
          {hasAgreement && (
            <div className="agreement">
              <h3>{t('groups.agreement')}</h3>
              <p className="prewrap">{g.agreement}</p>
              <div className="choice">
                <input
                  type="checkbox"
                  id="accept-agreement"
                  checked={accepted}
                  onChange={(e) => setAccepted(e.target.checked)}
                />
                <label htmlFor="accept-agreement">{t('groups.accept')}</label>
              </div>
            </div>
          )}
          {!g.isOpen && (
            <JoinMessageField
              value={message}
              onChange={setMessage}
              error={failed instanceof ApiError ? failed.fieldErrors.message : undefined}
            />
          )}
          <button type="button" className="button button--primary" onClick={join} disabled={busy}>
            {g.isOpen ? t('groups.join') : t('groups.ask')}
          </button>
        </>
      )}
      <ConfirmDialog
        open={confirmLeave}
        title={t('groups.leaveConfirm', { name: g.name })}
        confirmLabel={t('groups.leave')}
        pending={busy}
        onCancel={() => setConfirmLeave(false)}
        onConfirm={() => act(() => api.leaveGroup(g.slug), t('groups.left'))}
      >
        <p>{g.isOpen ? t('groups.leaveText') : t('groups.leaveClosedText')}</p>
      </ConfirmDialog>
    </section>
  );
}

/** The group's meetings, each with its next date in the viewer's zone. */
function GroupMeetings({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const tz = viewerZone();
  const query = useQuery({
    queryKey: queryKeys.groupMeetings(slug, tz),
    queryFn: () => api.groupMeetings(slug, tz),
  });
  return (
    <section className="panel" aria-labelledby="meetings-title">
      <h2 id="meetings-title">{t('groups.meetings')}</h2>
      <QueryState query={query}>
        {({ meetings, viewerTimezone }) =>
          meetings.length === 0 ? (
            <p>{t('groups.noMeetings')}</p>
          ) : (
            <ul className="results">
              {meetings.map((m) => (
                <li key={m.slug} className="result">
                  <h3 className="result__title">
                    <Link to={`/meetings/${encodeURIComponent(m.slug)}`}>{m.name}</Link>
                  </h3>
                  <p className="result__group">
                    {describeRecurrence(m.recurrence, m.startsOn)},{' '}
                    {describeTime(m.startTime, m.durationMinutes, m.timezone)}
                  </p>
                  {m.nextOccurrence && (
                    <p className="result__when">
                      <span>{t('groups.next')}</span>
                      <time dateTime={m.nextOccurrence.start}>
                        {formatMeetingTime(m.nextOccurrence.start, viewerTimezone ?? m.timezone)}
                      </time>
                      {m.nextOccurrence.cancelled && (
                        <span className="tag tag--warn">{t('meetings.cancelled')}</span>
                      )}
                    </p>
                  )}
                  <ul className="result__facts">
                    <li>
                      <AttendanceBadge value={m.attendance} />
                    </li>
                  </ul>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
