import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CHECK_IN_OPENS_BEFORE_MIN } from '../../../../contracts/attendance.ts';

const MINUTE = 60_000;

/**
 * On the meeting page, under one occurrence: "Check in" while an in-person (or hybrid)
 * occurrence is happening, for someone signed in; "Attendance" for the group's facilitators.
 */
export function OccurrenceAttendanceLinks({
  slug,
  occurrence,
  attendance,
  signedIn,
  canManage,
  now = new Date(),
}: {
  slug: string;
  occurrence: { occurrenceId: string; start: string; end: string; cancelled: boolean };
  attendance: string;
  signedIn: boolean;
  canManage: boolean;
  now?: Date;
}) {
  const { t } = useTranslation();
  if (occurrence.cancelled) return null;
  const base = `/meetings/${encodeURIComponent(slug)}/occurrences/${occurrence.occurrenceId}`;
  const start = new Date(occurrence.start).getTime();
  const isOn =
    now.getTime() >= start - CHECK_IN_OPENS_BEFORE_MIN * MINUTE &&
    now.getTime() <= new Date(occurrence.end).getTime();
  const inPerson = attendance === 'in_person' || attendance === 'hybrid';
  const showCheckIn = signedIn && inPerson && isOn;
  if (!showCheckIn && !canManage) return null;
  return (
    <p className="actions">
      {showCheckIn && (
        <Link to={`${base}/check-in`} className="button button--primary">
          {t('attendance.checkInLink')}
        </Link>
      )}
      {canManage && (
        <Link to={`${base}/attendance`} className="button button--secondary">
          {t('attendance.attendanceLink')}
        </Link>
      )}
    </p>
  );
}
