import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MemberHome } from '../../lib/api.ts';
import { SurveyForm } from './SurveyForm.tsx';

/** On the member's home: this week's count, a link to their history, and open questions. */
export function HomeAttendance({ home }: { home: MemberHome }) {
  const { t } = useTranslation();
  // An answered question leaves the list: the thanks stays here, outside it.
  const [thanked, setThanked] = useState(false);
  return (
    <>
      <section className="panel" aria-labelledby="attendance-week-title">
        <h2 id="attendance-week-title">{t('attendance.weekTitle')}</h2>
        <p className="big-number">{t('attendance.thisWeek', { count: home.attendanceThisWeek })}</p>
        <p className="small">
          <Link to="/settings/attendance">{t('attendance.myLink')}</Link>
        </p>
      </section>
      {home.pendingSurveys.map((s) => (
        <SurveyForm
          key={`${s.meetingSlug}/${s.occurrenceId}`}
          survey={s}
          zone={home.viewerTimezone}
          onAnswered={() => setThanked(true)}
        />
      ))}
      <p role="status" className={thanked ? 'notice notice--success' : 'visually-hidden'}>
        {thanked ? t('attendance.thanks') : ''}
      </p>
    </>
  );
}
