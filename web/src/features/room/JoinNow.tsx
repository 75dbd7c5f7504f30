import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isRoomOpen } from './room-window.ts';

/** The room's address for one occurrence of a meeting. */
export const roomHref = (meetingSlug: string, occurrenceId: string) =>
  `/meetings/${encodeURIComponent(meetingSlug)}/occurrences/${encodeURIComponent(occurrenceId)}/room`;

/** The time now, again each half minute, so "Join now" appears when the room opens. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);
  return now;
}

/**
 * "Join now" beside an occurrence whose room is open (from ten minutes before the start to
 * fifteen after the end, online and hybrid meetings only); nothing otherwise.
 */
export function JoinNow({
  meetingSlug,
  meetingName,
  occurrence,
  attendance,
}: {
  meetingSlug: string;
  meetingName: string;
  occurrence: { occurrenceId: string; start: string; end: string; cancelled: boolean };
  attendance: string;
}) {
  const { t } = useTranslation();
  const now = useMinuteClock();
  if (!isRoomOpen({ ...occurrence, attendance }, now)) return null;
  // Only a shortcut: the server decides on entry (a facilitator may have ended it already).
  return (
    <p className="join-now">
      <Link to={roomHref(meetingSlug, occurrence.occurrenceId)} className="button button--primary">
        {t('room.joinNow')}
        <span className="visually-hidden"> ({meetingName})</span>
      </Link>
    </p>
  );
}
