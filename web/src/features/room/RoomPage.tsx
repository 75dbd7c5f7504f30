import { useCallback, useMemo, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AckError, RoomRef } from '../../../../contracts/rooms.ts';
import { useSession } from '../../app/session.tsx';
import { formatMeetingTime } from '../../lib/format.ts';
import { PageHeading } from '../../lib/page.tsx';
import { useRoom, type Room } from '../../lib/socket.ts';
import { viewerZone } from '../finder/finder-url.ts';
import { Chat } from './Chat.tsx';
import { RoomContext, useRoomView, type RoomView } from './context.ts';
import { FacilitatorTools } from './FacilitatorTools.tsx';
import { Flow } from './Flow.tsx';
import { People } from './People.tsx';
import './room.css';

const meetingHref = (slug: string) => `/meetings/${encodeURIComponent(slug)}`;

const JOIN_ERRORS = ['not_found', 'forbidden', 'removed', 'not_open', 'closed'] as const;

/** The live room of one occurrence: `/meetings/:slug/occurrences/:occurrenceId/room`. */
export default function RoomPage() {
  const { slug = '', occurrenceId = '' } = useParams();
  return <LiveRoom key={`${slug}/${occurrenceId}`} roomRef={{ meetingSlug: slug, occurrenceId }} />;
}

export function LiveRoom({ roomRef }: { roomRef: RoomRef }) {
  const { t } = useTranslation();
  const session = useSession();
  const room = useRoom(roomRef);
  const me = session.user?.id ?? '';
  const [failures, setFailures] = useState<{ id: number; text: string }[]>([]);

  const run = useCallback<RoomView['run']>(
    async (event, payload) => {
      const ack = await room.act(event, payload);
      if (!ack.ok) {
        const text = t('room.chat.failed', { reason: ack.error.message });
        setFailures((f) => [...f.slice(-2), { id: Date.now(), text }]);
      }
      return ack.ok;
    },
    [room, t],
  );

  const { snapshot } = room.state;
  const view = useMemo<RoomView | null>(() => {
    if (!snapshot) return null;
    const byId = new Map(snapshot.people.map((p) => [p.userId, p]));
    return {
      room,
      snapshot,
      me,
      isFacilitator: snapshot.role === 'facilitator',
      person: (id) => byId.get(id),
      nameOf: (id) => byId.get(id)?.displayName ?? t('room.people.unknown'),
      run,
    };
  }, [room, snapshot, me, run, t]);

  if (room.state.removed) return <Removed slug={roomRef.meetingSlug} />;
  if (!view) {
    return (
      <article className="room">
        <PageHeading>{t('room.title')}</PageHeading>
        {room.state.joinError ? (
          <JoinError error={room.state.joinError} slug={roomRef.meetingSlug} />
        ) : (
          <p role="status" aria-busy="true">
            {t('room.connecting')}
          </p>
        )}
      </article>
    );
  }
  return (
    <RoomContext.Provider value={view}>
      <article className="room">
        <RoomHeader status={room.status} />
        <div className="room-notices" role="status" aria-live="polite">
          {room.state.notices.map((n) => (
            <p
              key={n.id}
              className={n.kind === 'unmuted' ? 'notice notice--success' : 'notice notice--info'}
            >
              {t(`room.notices.${n.kind}`)}
            </p>
          ))}
          {failures.map((f) => (
            <p key={f.id} className="notice notice--error">
              {f.text}
            </p>
          ))}
        </div>
        <div className="room-grid">
          <div className="room-grid__side">
            <Today />
            <Flow />
            <People />
            {view.isFacilitator && <FacilitatorTools />}
          </div>
          <div className="room-grid__main">
            <Chat />
          </div>
        </div>
      </article>
    </RoomContext.Provider>
  );
}

function RoomHeader({ status }: { status: Room['status'] }) {
  const { t } = useTranslation();
  const { snapshot: s } = useRoomView();
  const zone = viewerZone() ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const opens = formatMeetingTime(s.opensAt, zone);
  return (
    <header className="room-head">
      <p className="breadcrumbs">
        <Link to={meetingHref(s.meetingSlug)}>{t('room.backToMeeting')}</Link>
        <span aria-hidden="true"> · </span>
        <span>{s.groupName}</span>
      </p>
      <PageHeading>{s.meetingName}</PageHeading>
      <p className="room-head__when">
        <time dateTime={s.start}>{formatMeetingTime(s.start, zone)}</time>{' '}
        <span className={s.state === 'open' ? 'tag tag--live' : 'tag'}>
          {t(`room.state.${s.state}`, { time: opens })}
        </span>
      </p>
      <div className="room-connection" role="status">
        {status === 'reconnecting' && (
          <p className="notice notice--info">{t('room.reconnecting')}</p>
        )}
        {status === 'connecting' && <p className="small">{t('room.connecting')}</p>}
      </div>
      {s.conferenceUrl && s.state === 'open' && (
        <p>
          <a
            href={s.conferenceUrl}
            className="button button--secondary"
            rel="noopener noreferrer"
            target="_blank"
          >
            {t('room.videoLink')}
            <span className="visually-hidden"> ({t('common.newTab')})</span>
          </a>
        </p>
      )}
    </header>
  );
}

/** Today's topic and reading, and the pinned note with a way to help right now. */
function Today() {
  const { t } = useTranslation();
  const { snapshot: s } = useRoomView();
  const toHelp = (e: MouseEvent<HTMLAnchorElement>) => {
    const target = document.getElementById('crisis-title');
    if (!target) return;
    e.preventDefault();
    target.scrollIntoView({ block: 'start' });
    target.closest('section')?.querySelector<HTMLElement>('a, button')?.focus();
  };
  return (
    <section className="panel room-panel room-today" aria-labelledby="room-today-title">
      <h2 id="room-today-title">{t('room.today')}</h2>
      {s.topic && <p>{t('room.topic', { topic: s.topic })}</p>}
      {s.literature && <p>{t('room.reading', { reading: s.literature })}</p>}
      <details className="room-pinned">
        <summary>{t('room.pinnedTitle')}</summary>
        {s.pinnedNote && <p className="prewrap">{s.pinnedNote}</p>}
      </details>
      <p>
        <a href="#crisis-title" className="button button--crisis" onClick={toHelp}>
          {t('room.getHelp')}
        </a>
      </p>
    </section>
  );
}

function JoinError({ error, slug }: { error: AckError; slug: string }) {
  const { t } = useTranslation();
  const code = (JOIN_ERRORS as readonly string[]).includes(error.code) ? error.code : 'generic';
  return (
    <div className="notice notice--error stack" role="alert">
      <p>
        <strong>{t('room.joinError.title')}</strong>
      </p>
      <p>{t(`room.joinError.${code}`)}</p>
      <p>
        <Link to={meetingHref(slug)}>{t('room.backToMeeting')}</Link>
      </p>
    </div>
  );
}

function Removed({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return (
    <article className="room">
      <PageHeading>{t('room.removedTitle')}</PageHeading>
      <p className="notice notice--info" role="status">
        {t('room.removedText')}
      </p>
      <p>
        <Link to={meetingHref(slug)}>{t('room.backToMeeting')}</Link>
      </p>
    </article>
  );
}
