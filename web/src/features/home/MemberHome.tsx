import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { api, type MemberHome as MemberHomeData } from '../../lib/api.ts';
import { formatDate, formatMeetingTime } from '../../lib/format.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';
import { HomeAttendance } from '../attendance/HomeAttendance.tsx';
import { AttendanceBadge } from '../finder/AttendanceBadge.tsx';
import { viewerZone } from '../finder/finder-url.ts';
import { JoinNow } from '../room/JoinNow.tsx';

type HomeMeeting = MemberHomeData['meetings'][number];
type HomeRequest = MemberHomeData['requests'][number];

const groupHref = (slug: string) => `/groups/${encodeURIComponent(slug)}`;

/**
 * The signed-in person's home: their next meetings, their groups, their requests to join
 * and the answers, and where to start when they have no group yet. Only their own data.
 */
export default function MemberHome() {
  const { t } = useTranslation();
  const session = useSession();
  const tz = viewerZone();
  const query = useQuery({
    queryKey: queryKeys.home(tz),
    queryFn: () => api.home(tz),
  });
  const name = session.user?.displayName ?? '';
  return (
    <div className="stack member-home">
      <PageHeading>{t('memberHome.title', { name })}</PageHeading>
      {session.user && !session.user.emailVerified && (
        <p className="notice notice--info">
          {t('memberHome.unconfirmed')}{' '}
          <Link to="/settings/email">{t('memberHome.unconfirmedLink')}</Link>
        </p>
      )}
      <QueryState query={query} loadingLabel={t('loading.page')}>
        {(home) => <HomeBody home={home} />}
      </QueryState>
    </div>
  );
}

function HomeBody({ home }: { home: MemberHomeData }) {
  const { t } = useTranslation();
  const hasGroups = home.groups.length > 0;
  return (
    <div className="detail__grid">
      <div className="detail__main">
        {hasGroups ? (
          <NextMeetings meetings={home.meetings} zone={home.viewerTimezone} />
        ) : (
          <GettingStarted home={home} />
        )}
        {home.requests.length > 0 && <Requests requests={home.requests} />}
        {hasGroups && <HomeAttendance home={home} />}
      </div>
      <aside className="detail__side" aria-label={t('memberHome.groupsTitle')}>
        <section className="panel" aria-labelledby="my-groups-title">
          <h2 id="my-groups-title">{t('memberHome.groupsTitle')}</h2>
          {hasGroups ? (
            <ul className="member-list">
              {home.groups.map((g) => (
                <li key={g.slug}>
                  <span>
                    <Link to={groupHref(g.slug)}>{g.name}</Link>
                    <br />
                    <span className="small">
                      {g.role === 'facilitator'
                        ? t('memberHome.roleFacilitator')
                        : t('memberHome.roleMember')}
                    </span>
                  </span>
                  {g.waitingRequests !== null && (
                    <Link
                      to={`${groupHref(g.slug)}#requests-title`}
                      className={g.waitingRequests > 0 ? 'tag tag--warn' : 'tag'}
                    >
                      {t('memberHome.waitingCount', { count: g.waitingRequests })}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('memberHome.noGroups')}</p>
          )}
          <p className="small">
            <Link to="/groups">{t('memberHome.findAnother')}</Link>
          </p>
        </section>
      </aside>
    </div>
  );
}

function NextMeetings({ meetings, zone }: { meetings: HomeMeeting[]; zone: string }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="next-meetings-title">
      <h2 id="next-meetings-title">{t('memberHome.meetingsTitle')}</h2>
      {meetings.length === 0 ? (
        <p>{t('memberHome.noMeetings')}</p>
      ) : (
        <ol className="occurrences">
          {meetings.map((m) => (
            <MeetingRow key={`${m.meetingSlug}/${m.occurrenceId}`} m={m} zone={zone} />
          ))}
        </ol>
      )}
      <p className="small">
        <Link to="/settings/calendar">{t('memberHome.calendarLink')}</Link>
      </p>
    </section>
  );
}

function MeetingRow({ m, zone }: { m: HomeMeeting; zone: string }) {
  const { t } = useTranslation();
  const when = <time dateTime={m.start}>{formatMeetingTime(m.start, zone)}</time>;
  return (
    <li className={m.cancelled ? 'occurrence is-cancelled' : 'occurrence'}>
      <p className="occurrence__when">
        {m.cancelled ? (
          <>
            <span className="tag tag--warn">{t('meetings.cancelled')}</span> <del>{when}</del>
          </>
        ) : (
          when
        )}
        {m.moved && !m.cancelled && <span className="tag">{t('meetings.moved')}</span>}
      </p>
      <p>
        <Link to={`/meetings/${encodeURIComponent(m.meetingSlug)}`}>{m.meetingName}</Link>
        <span className="small">
          {' · '}
          <Link to={groupHref(m.group.slug)}>{m.group.name}</Link>
        </span>
      </p>
      <p className="small">
        <AttendanceBadge value={m.attendance} />
        {m.locationName && <span> {m.locationName}</span>}
      </p>
      <JoinNow
        meetingSlug={m.meetingSlug}
        meetingName={m.meetingName}
        occurrence={m}
        attendance={m.attendance}
      />
      {m.conferenceUrl && !m.cancelled && (
        <p>
          <a
            href={m.conferenceUrl}
            className="button button--secondary"
            rel="noopener noreferrer"
            target="_blank"
          >
            {t('meetings.joinOnline')}
            <span className="visually-hidden">
              {' '}
              {m.meetingName} ({t('common.newTab')})
            </span>
          </a>
        </p>
      )}
    </li>
  );
}

function Requests({ requests }: { requests: HomeRequest[] }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="my-requests-title">
      <h2 id="my-requests-title">{t('memberHome.requestsTitle')}</h2>
      <ul className="member-list">
        {requests.map((r) => (
          <li key={`${r.group.slug}/${r.requestedAt}`}>
            <span>
              <Link to={groupHref(r.group.slug)}>{r.group.name}</Link>
              <br />
              <span className="small">
                {r.state === 'waiting'
                  ? t('memberHome.requestWaiting', { date: formatDate(r.requestedAt) })
                  : r.state === 'approved'
                    ? t('memberHome.requestApproved', { date: formatDate(r.answeredAt!) })
                    : t('memberHome.requestDeclined', { date: formatDate(r.answeredAt!) })}
                {r.hasMessage && ` · ${t('memberHome.withMessage')}`}
              </span>
            </span>
            <span className={r.state === 'approved' ? 'tag tag--ok' : 'tag'}>
              {t(`memberHome.state.${r.state}`)}
            </span>
          </li>
        ))}
      </ul>
      {requests.some((r) => r.state === 'declined') && (
        <p className="small">{t('memberHome.declinedHelp')}</p>
      )}
    </section>
  );
}

function GettingStarted({ home }: { home: MemberHomeData }) {
  const { t } = useTranslation();
  const waiting = home.requests.some((r) => r.state === 'waiting');
  return (
    <section className="panel stack" aria-labelledby="start-title">
      <h2 id="start-title">{t('memberHome.startTitle')}</h2>
      <p>{waiting ? t('memberHome.startWaiting') : t('memberHome.startText')}</p>
      <div className="actions">
        <Link to="/groups/match" className="button button--primary">
          {t('memberHome.startMatch')}
        </Link>
        <Link to="/groups" className="button button--secondary">
          {t('memberHome.startFinder')}
        </Link>
      </div>
      {home.suggestions.length > 0 && (
        <>
          <h3>{t('memberHome.suggestionsTitle')}</h3>
          <ul className="link-list">
            {home.suggestions.map((g) => (
              <li key={g.slug}>
                <Link to={groupHref(g.slug)}>{g.name}</Link> <AttendanceBadge value={g.format} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
