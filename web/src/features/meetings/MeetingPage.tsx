import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { OccurrenceAttendanceLinks } from '../attendance/OccurrenceAttendanceLinks.tsx';
import { Loading } from '../../components/forms.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { api, type MeetingPage as MeetingPageData } from '../../lib/api.ts';
import { formatDateTime, formatMeetingTime } from '../../lib/format.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';
import { AttendanceBadge } from '../finder/AttendanceBadge.tsx';
import { viewerZone } from '../finder/finder-url.ts';
import { labelFor } from '../finder/labels.ts';
import { describeRecurrence, describeTime, formatLocalDate } from './describe.ts';
import { RemindMe } from '../notifications/RemindMe.tsx';
import { JoinGroupAction } from './JoinGroupAction.tsx';
import { JoinNow } from '../room/JoinNow.tsx';

// Forms only some people use load when they are shown.
const SuggestChange = lazy(() => import('./SuggestChange.tsx'));
const OccurrenceTools = lazy(() => import('./OccurrenceTools.tsx'));
const ChangeRequests = lazy(() => import('./ChangeRequests.tsx'));

type Occurrence = MeetingPageData['occurrences'][number];

export default function MeetingPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const session = useSession();
  const tz = viewerZone();
  // Keyed by the address's slug (and zone); asked once the session is known, since what a
  // closed group's meeting shows depends on who asks.
  const query = useQuery({
    queryKey: queryKeys.meeting(slug, tz),
    queryFn: () => api.meeting(slug, tz),
    enabled: session.status === 'ready',
  });
  return (
    <QueryState
      query={query}
      notFound
      loadingLabel={t('loading.page')}
      heading={t('meetings.title')}
    >
      {(page) => <MeetingDetail key={page.meeting.slug} page={page} />}
    </QueryState>
  );
}

function MeetingDetail({ page }: { page: MeetingPageData }) {
  const { t } = useTranslation();
  const session = useSession();
  const { meeting: m } = page;
  const closedAndHidden = m.detailsHidden;
  return (
    <article className="detail">
      <p className="breadcrumbs">
        <Link to="/groups">{t('finder.title')}</Link>
        <span aria-hidden="true"> › </span>
        <Link to={`/groups/${encodeURIComponent(m.group.slug)}`}>{m.group.name}</Link>
      </p>
      <header className="detail__head">
        <PageHeading>{m.name}</PageHeading>
        <p className="detail__sub">
          <AttendanceBadge value={m.attendance} />
          {!m.group.isOpen && <span className="tag">{t('finder.closedGroup')}</span>}
          {m.endsOn && (
            <span className="tag">{t('meetings.endsOn', { date: formatLocalDate(m.endsOn) })}</span>
          )}
        </p>
        {page.canManage && (
          <p className="actions">
            <Link
              to={`/meetings/${encodeURIComponent(m.slug)}/edit`}
              className="button button--secondary"
            >
              {t('meetings.edit')}
            </Link>
          </p>
        )}
      </header>

      <div className="detail__grid">
        <div className="detail__main">
          <section aria-labelledby="when-title" className="panel">
            <h2 id="when-title">{t('meetings.when')}</h2>
            <p className="detail__rule">
              {describeRecurrence(m.recurrence, m.startsOn)}
              {', '}
              {describeTime(m.startTime, m.durationMinutes, m.timezone)}
            </p>
            {page.viewerTimezone !== m.timezone && (
              <p className="small">
                {t('meetings.zoneNote', { zone: page.viewerTimezone.replace(/_/g, ' ') })}
              </p>
            )}
            {page.occurrences.length === 0 ? (
              <p>{t('meetings.noUpcoming')}</p>
            ) : (
              <ol className="occurrences">
                {page.occurrences.map((o) => (
                  <OccurrenceRow
                    key={o.occurrenceId}
                    o={o}
                    viewerZone={page.viewerTimezone}
                    meetingZone={m.timezone}
                  >
                    <OccurrenceAttendanceLinks
                      slug={m.slug}
                      occurrence={o}
                      attendance={m.attendance}
                      signedIn={session.user !== null}
                      canManage={page.canManage}
                    />
                    {session.user && !closedAndHidden && (
                      <JoinNow
                        meetingSlug={m.slug}
                        meetingName={m.name}
                        occurrence={o}
                        attendance={m.attendance}
                      />
                    )}
                    {page.canManage && (
                      <Suspense fallback={null}>
                        <OccurrenceTools
                          slug={m.slug}
                          occurrence={o}
                          timezone={m.timezone}
                          startTime={m.startTime}
                        />
                      </Suspense>
                    )}
                  </OccurrenceRow>
                ))}
              </ol>
            )}
          </section>

          <section aria-labelledby="how-title" className="panel">
            <h2 id="how-title">{t('meetings.how')}</h2>
            {closedAndHidden ? (
              <div className="notice notice--info stack">
                <p>{t('meetings.hiddenText')}</p>
                <p>
                  <Link to={`/groups/${encodeURIComponent(m.group.slug)}`}>
                    {t('meetings.hiddenLink', { group: m.group.name })}
                  </Link>
                </p>
              </div>
            ) : (
              <HowToAttend page={page} />
            )}
          </section>

          {(m.notes || m.types.length > 0) && (
            <section aria-labelledby="about-title" className="panel">
              <h2 id="about-title">{t('meetings.about')}</h2>
              {m.notes && <p className="prewrap">{m.notes}</p>}
              {m.types.length > 0 && (
                <ul className="type-list" aria-label={t('meetings.types')}>
                  {m.types.map((ty) => (
                    <li key={ty.code} className="tag">
                      {ty.name ?? labelFor('types', ty.code)}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}

          {page.canManage && (
            <Suspense fallback={<Loading />}>
              <ChangeRequests slug={m.slug} />
            </Suspense>
          )}
        </div>

        <aside className="detail__side stack" aria-label={t('meetings.actions')}>
          <section className="panel" aria-labelledby="group-title">
            <h2 id="group-title">{t('meetings.theGroup')}</h2>
            <p>
              <Link to={`/groups/${encodeURIComponent(m.group.slug)}`}>{m.group.name}</Link>
            </p>
            <p>{m.group.isOpen ? t('meetings.groupOpen') : t('meetings.groupClosed')}</p>
            <JoinGroupAction group={m.group} />
          </section>
          <section className="panel" aria-labelledby="cal-title">
            <h2 id="cal-title">{t('meetings.addToCalendar')}</h2>
            <ul className="link-list">
              <li>
                <a href={page.calendar.ics} download={`${m.slug}.ics`}>
                  {t('meetings.downloadIcs')}
                </a>
              </li>
              <li>
                <a href={page.calendar.webcal}>{t('meetings.subscribe')}</a>
              </li>
              <li>
                <a href={page.calendar.google} rel="noopener noreferrer" target="_blank">
                  {t('meetings.google')}
                  <span className="visually-hidden"> ({t('common.newTab')})</span>
                </a>
              </li>
            </ul>
            <p className="hint">{t('meetings.calendarHint')}</p>
          </section>
          {session.user && <RemindMe meetingSlug={m.slug} />}
          {session.user ? (
            <Suspense fallback={null}>
              <SuggestChange meeting={m} />
            </Suspense>
          ) : (
            <p className="small">
              <Link to={`/sign-in?next=${encodeURIComponent(`/meetings/${m.slug}`)}`}>
                {t('meetings.signInToSuggest')}
              </Link>
            </p>
          )}
        </aside>
      </div>
    </article>
  );
}

function OccurrenceRow({
  o,
  viewerZone,
  meetingZone,
  children,
}: {
  o: Occurrence;
  viewerZone: string;
  meetingZone: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  // Worded here, in the person's language; the server only says whether the zones differ.
  const when = formatMeetingTime(o.start, viewerZone);
  return (
    <li className={o.cancelled ? 'occurrence is-cancelled' : 'occurrence'}>
      <p className="occurrence__when">
        {o.cancelled ? (
          <>
            <span className="tag tag--warn">{t('meetings.cancelled')}</span>{' '}
            <del>
              <time dateTime={o.start}>{when}</time>
            </del>
          </>
        ) : (
          <time dateTime={o.start}>{when}</time>
        )}
        {o.moved && !o.cancelled && <span className="tag">{t('meetings.moved')}</span>}
      </p>
      {o.meetingTime && (
        <p className="small">
          {t('meetings.theirTime', { time: formatMeetingTime(o.start, meetingZone) })}
        </p>
      )}
      {o.moved && o.originalStart && (
        <p className="small">
          {t('meetings.movedFrom', {
            date: formatDateTime(o.originalStart, viewerZone, { dateStyle: 'full' }),
          })}
        </p>
      )}
      {o.topic && <p>{t('meetings.topic', { topic: o.topic })}</p>}
      {o.literature && <p>{t('meetings.literature', { literature: o.literature })}</p>}
      {children}
    </li>
  );
}

function HowToAttend({ page }: { page: MeetingPageData }) {
  const { t } = useTranslation();
  const m = page.meeting;
  // Shown from the details themselves, so a meeting whose attendance is mislabelled still
  // tells people how to get there.
  const inPerson = m.attendance !== 'online';
  return (
    <div className="stack">
      {inPerson && (m.locationName || m.address) && (
        <div>
          <h3>{t('meetings.inPerson')}</h3>
          <address className="address">
            {m.locationName && <span>{m.locationName}</span>}
            {m.address && <span>{m.address}</span>}
          </address>
          {m.approximate && <p className="small">{t('meetings.approximate')}</p>}
          {m.locationNotes && <p className="prewrap">{m.locationNotes}</p>}
          {page.directions && (
            <>
              <p className="small">{t('meetings.directionsIntro')}</p>
              <ul className="link-list">
                <li>
                  <a href={page.directions.geo}>{t('meetings.openMaps')}</a>
                </li>
                <li>
                  <a href={page.directions.openStreetMap} rel="noopener noreferrer" target="_blank">
                    {t('meetings.openStreetMap')}
                    <span className="visually-hidden"> ({t('common.newTab')})</span>
                  </a>
                </li>
              </ul>
            </>
          )}
        </div>
      )}
      {(m.conferenceUrl || m.conferencePhone) && (
        <div>
          <h3>{t('meetings.online')}</h3>
          {m.conferenceUrl && (
            <p>
              <a
                href={m.conferenceUrl}
                className="button button--secondary"
                rel="noopener noreferrer"
                target="_blank"
              >
                {t('meetings.joinOnline')}
                <span className="visually-hidden"> ({t('common.newTab')})</span>
              </a>
            </p>
          )}
          {m.conferenceUrlNotes && <p className="prewrap">{m.conferenceUrlNotes}</p>}
          {m.conferencePhone && (
            <p>
              {t('meetings.byPhone')} <a href={`tel:${m.conferencePhone}`}>{m.conferencePhone}</a>
            </p>
          )}
          {m.conferencePhoneNotes && <p className="prewrap">{m.conferencePhoneNotes}</p>}
        </div>
      )}
      {m.attendance === 'inactive' && <p>{t('meetings.inactive')}</p>}
      {!m.locationName &&
        !m.address &&
        !m.conferenceUrl &&
        !m.conferencePhone &&
        m.attendance !== 'inactive' && <p>{t('meetings.noDetails')}</p>}
    </div>
  );
}
