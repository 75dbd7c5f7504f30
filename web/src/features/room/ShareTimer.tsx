import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomFlow } from '../../../../contracts/rooms.ts';

type Timer = NonNullable<RoomFlow['timer']>;

/** Seconds left on a timer at `now` (never below zero). */
export const secondsLeft = (timer: Timer, now: number) =>
  Math.max(0, Math.ceil((Date.parse(timer.startedAt) + timer.seconds * 1000 - now) / 1000));

const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

/**
 * The share timer everyone sees: a countdown drawn every second (role="timer", which screen
 * readers do not read out on their own), and a polite announcement at each minute mark and
 * when the time is up — not every second.
 */
export function ShareTimer({ timer }: { timer: Timer }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const left = secondsLeft(timer, now);
  const running = left > 0;
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [running, timer.startedAt, timer.seconds]);
  const minutes = Math.ceil(left / 60);
  // Announced when the minute changes: "3 minutes left", then "Time is up".
  const announcement =
    left === 0 ? t('room.timer.up') : t('room.timer.minutesLeft', { count: minutes });
  return (
    <div className={left === 0 ? 'share-timer is-up' : 'share-timer'}>
      <h3 className="share-timer__title">{t('room.timer.title')}</h3>
      <p
        role="timer"
        className="share-timer__clock"
        aria-label={t('room.timer.left', { time: mmss(left) })}
      >
        {left === 0 ? t('room.timer.up') : mmss(left)}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
