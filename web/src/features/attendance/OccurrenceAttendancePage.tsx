import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { ErrorSummary, FormEnd } from '../../components/forms.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { api, type OccurrenceAttendance } from '../../lib/api.ts';
import { formatDateTime, formatMeetingTime } from '../../lib/format.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';

/**
 * A facilitator's page for one occurrence: who came (tick boxes for the group's people),
 * the check-in code shown big for in-person meetings, and the after-meeting question's
 * results, shown only from 5 answers on.
 */
export default function OccurrenceAttendancePage() {
  const { t } = useTranslation();
  const { slug = '', occurrenceId = '' } = useParams();
  const query = useQuery({
    queryKey: queryKeys.occurrenceAttendance(slug, occurrenceId),
    queryFn: () => api.occurrenceAttendance(slug, occurrenceId),
  });
  return (
    <div className="stack">
      <QueryState
        query={query}
        loadingLabel={t('loading.page')}
        notFound
        heading={t('attendance.pageTitle')}
      >
        {(data) => <AttendanceBody data={data} slug={slug} occurrenceId={occurrenceId} />}
      </QueryState>
    </div>
  );
}

function AttendanceBody({
  data,
  slug,
  occurrenceId,
}: {
  data: OccurrenceAttendance;
  slug: string;
  occurrenceId: string;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const zone = session.user?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <>
      <p className="breadcrumbs">
        <Link to={`/meetings/${encodeURIComponent(data.meeting.slug)}`}>{data.meeting.name}</Link>
      </p>
      <PageHeading title={t('attendance.pageTitle')}>
        {t('attendance.occurrenceTitle', { meeting: data.meeting.name })}
      </PageHeading>
      <p>
        <time dateTime={data.start}>{formatMeetingTime(data.start, zone)}</time>
        {' · '}
        {data.group.name}
      </p>
      <OtherDate slug={slug} occurrenceId={occurrenceId} />
      {data.cancelled && <p className="notice notice--info">{t('attendance.cancelled')}</p>}
      <div className="detail__grid">
        <div className="detail__main">
          <Marks data={data} slug={slug} occurrenceId={occurrenceId} />
        </div>
        <aside className="detail__side stack" aria-label={t('attendance.sideLabel')}>
          {data.checkIn && !data.cancelled && (
            <CheckInCodePanel slug={slug} occurrenceId={occurrenceId} zone={zone} />
          )}
          <SurveyResults slug={slug} occurrenceId={occurrenceId} />
        </aside>
      </div>
    </>
  );
}

/** Another date of the same meeting (past dates are not on the meeting page). */
function OtherDate({ slug, occurrenceId }: { slug: string; occurrenceId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [date, setDate] = useState(occurrenceId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (/^\d{4}-\d{2}-\d{2}$/.test(date) && date !== occurrenceId) {
      void navigate(
        `/meetings/${encodeURIComponent(slug)}/occurrences/${encodeURIComponent(date)}/attendance`,
      );
    }
  };
  return (
    <form onSubmit={submit} className="actions" aria-label={t('attendance.otherDate')}>
      <label htmlFor="f-other-date">{t('attendance.otherDate')}</label>
      <input id="f-other-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      <button type="submit" className="button button--secondary">
        {t('attendance.show')}
      </button>
    </form>
  );
}

function Marks({
  data,
  slug,
  occurrenceId,
}: {
  data: OccurrenceAttendance;
  slug: string;
  occurrenceId: string;
}) {
  const { t } = useTranslation();
  const form = useForm();
  const client = useQueryClient();
  const initial = () => Object.fromEntries(data.people.map((p) => [p.userId, p.present]));
  const [present, setPresent] = useState<Record<string, boolean>>(initial);
  // A fresh answer from the server (after a save, or someone checked in) shows as ticked.
  useEffect(() => setPresent(initial()), [data]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const marks = data.people
      .filter((p) => present[p.userId] !== p.present)
      .map((p) => ({ userId: p.userId, present: present[p.userId] ?? false }));
    void form.run(async () => {
      if (marks.length === 0) return t('attendance.noChange');
      const saved = await api.markAttendance(slug, occurrenceId, { marks });
      client.setQueryData(queryKeys.occurrenceAttendance(slug, occurrenceId), saved);
      return t('attendance.marksSaved');
    });
  };

  const count = Object.values(present).filter(Boolean).length;
  return (
    <section className="panel stack" aria-labelledby="who-came-title">
      <h2 id="who-came-title">{t('attendance.peopleTitle')}</h2>
      <p className="small">{t('attendance.peopleHint')}</p>
      {data.people.length === 0 ? (
        <p>{t('attendance.noPeople')}</p>
      ) : (
        <form onSubmit={submit} noValidate className="stack">
          <ErrorSummary form={form} labels={{}} />
          <fieldset>
            <legend>{t('attendance.presentCount', { count })}</legend>
            <ul className="member-list">
              {data.people.map((p) => (
                <li key={p.userId}>
                  <label>
                    <input
                      type="checkbox"
                      checked={present[p.userId] ?? false}
                      onChange={(e) =>
                        setPresent((all) => ({ ...all, [p.userId]: e.target.checked }))
                      }
                    />{' '}
                    {p.displayName}
                    {p.role === 'facilitator' && (
                      <span className="tag"> {t('memberHome.roleFacilitator')}</span>
                    )}
                  </label>
                  <span className="small">
                    {p.source && t(`attendance.source.${p.source}`)}
                    {p.minutesPresent !== null &&
                      ` · ${t('attendance.minutes', { count: p.minutesPresent })}`}
                    {p.inRoom && ` · ${t('attendance.inRoom')}`}
                  </span>
                </li>
              ))}
            </ul>
          </fieldset>
          {data.othersPresent > 0 && (
            <p className="small">{t('attendance.othersPresent', { count: data.othersPresent })}</p>
          )}
          <FormEnd form={form} label={t('attendance.saveMarks')} />
        </form>
      )}
    </section>
  );
}

function CheckInCodePanel({
  slug,
  occurrenceId,
  zone,
}: {
  slug: string;
  occurrenceId: string;
  zone: string;
}) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: queryKeys.checkInCode(slug, occurrenceId),
    queryFn: () => api.checkInCode(slug, occurrenceId),
  });
  return (
    <section className="panel stack" aria-labelledby="code-title">
      <h2 id="code-title">{t('attendance.codeTitle')}</h2>
      <QueryState query={query}>
        {(code) => (
          <>
            <p className="check-in-code" aria-label={code.code.split('').join(' ')}>
              {code.code}
            </p>
            <p className="small">
              {t('attendance.codeHint', {
                from: formatDateTime(code.validFrom, zone),
                until: formatDateTime(code.validUntil, zone),
              })}
            </p>
            {!code.isValidNow && (
              <p className="notice notice--info">{t('attendance.codeNotNow')}</p>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}

function SurveyResults({ slug, occurrenceId }: { slug: string; occurrenceId: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: queryKeys.surveyAggregate(slug, occurrenceId),
    queryFn: () => api.surveyAggregate(slug, occurrenceId),
  });
  return (
    <section className="panel stack" aria-labelledby="survey-title">
      <h2 id="survey-title">{t('attendance.surveyResultsTitle')}</h2>
      <QueryState query={query}>
        {(s) =>
          !s.shown ? (
            <p>{t('attendance.surveyWaiting', { min: s.minAnswers, count: s.count })}</p>
          ) : (
            <>
              <p>
                {t('attendance.answers', { count: s.count })}
                {s.mean !== null && ` · ${t('attendance.mean', { mean: s.mean })}`}
              </p>
              {s.distribution && (
                <table className="table">
                  <caption>{t('attendance.distribution')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('attendance.ratingHeader')}</th>
                      <th scope="col">{t('attendance.answersHeader')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.distribution.map((n, i) => (
                      <tr key={i}>
                        <th scope="row">
                          {t('attendance.ratingLabel', {
                            n: i + 1,
                            label: t(`attendance.rating.r${i + 1}`),
                          })}
                        </th>
                        <td>{n}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <h3>{t('attendance.comments')}</h3>
              {s.comments.length === 0 ? (
                <p>{t('attendance.noComments')}</p>
              ) : (
                <ul className="stack">
                  {s.comments.map((c, i) => (
                    <li key={i}>
                      <blockquote>{c}</blockquote>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )
        }
      </QueryState>
      <p className="small">{t('attendance.anonymous')}</p>
    </section>
  );
}
