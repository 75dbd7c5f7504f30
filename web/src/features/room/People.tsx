import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomPerson } from '../../../../contracts/rooms.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useRoomView } from './context.ts';
import { HandIcon } from './HandIcon.tsx';

/** Who is present: names, pronouns, facilitator badge, raised hands, who has the floor. */
export function People() {
  const { t } = useTranslation();
  const { snapshot, me, isFacilitator, run } = useRoomView();
  const people = snapshot.people;
  const handRaised = people.find((p) => p.userId === me)?.handRaised ?? false;
  const open = snapshot.state === 'open';
  return (
    <section className="panel room-panel" aria-labelledby="room-people-title">
      <h2 id="room-people-title">{t('room.people.title')}</h2>
      <p className="small">{t('room.people.count', { count: people.length })}</p>
      <ul className="room-people">
        {people.map((p) => (
          <PersonRow key={p.userId} p={p} />
        ))}
      </ul>
      {open && !isFacilitator && (
        <div className="room-hand">
          <button
            type="button"
            className={handRaised ? 'button button--secondary' : 'button button--primary'}
            aria-pressed={handRaised}
            onClick={() => void run(handRaised ? 'hand:lower' : 'hand:raise')}
          >
            <HandIcon /> {handRaised ? t('room.hand.lower') : t('room.hand.raise')}
          </button>
          {handRaised && <p className="small">{t('room.hand.raised')}</p>}
        </div>
      )}
    </section>
  );
}

function PersonRow({ p }: { p: RoomPerson }) {
  const { t } = useTranslation();
  const { snapshot, me, isFacilitator } = useRoomView();
  const hasFloor = snapshot.flow.floor === p.userId;
  return (
    <li className={hasFloor ? 'room-person has-floor' : 'room-person'}>
      <div className="room-person__who">
        <span className="room-person__name">
          {p.displayName}
          {p.userId === me && <span className="small"> {t('room.people.you')}</span>}
        </span>
        {p.pronouns && <span className="small room-person__pronouns">({p.pronouns})</span>}
        <span className="room-person__tags">
          {p.role === 'facilitator' && (
            <span className="tag tag--ok">{t('room.people.facilitator')}</span>
          )}
          {hasFloor && <span className="tag tag--live">{t('room.people.hasFloor')}</span>}
          {p.handRaised && (
            <span className="tag room-hand-tag">
              <HandIcon /> {t('room.people.handRaised')}
            </span>
          )}
          {p.muted && <span className="tag">{t('room.people.muted')}</span>}
        </span>
      </div>
      {isFacilitator && p.userId !== me && snapshot.state === 'open' && <PersonActions p={p} />}
    </li>
  );
}

function PersonActions({ p }: { p: RoomPerson }) {
  const { t } = useTranslation();
  const { run } = useRoomView();
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <details className="room-person__actions">
        <summary>
          <span className="visually-hidden">
            {t('room.people.actionsFor', { name: p.displayName })}
          </span>
          <span aria-hidden="true">⋯</span>
        </summary>
        <div className="room-person__menu">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void run('floor:give', { userId: p.userId })}
          >
            {t('room.people.giveFloor')}
            <span className="visually-hidden"> ({p.displayName})</span>
          </button>
          <button
            type="button"
            className="button button--ghost"
            onClick={() => void run(p.muted ? 'mod:unmute' : 'mod:mute', { userId: p.userId })}
          >
            {p.muted ? t('room.people.unmute') : t('room.people.mute')}
            <span className="visually-hidden"> ({p.displayName})</span>
          </button>
          <button
            type="button"
            className="button button--danger-quiet"
            onClick={() => setConfirming(true)}
          >
            {t('room.people.remove')}
            <span className="visually-hidden"> ({p.displayName})</span>
          </button>
        </div>
      </details>
      <ConfirmDialog
        open={confirming}
        title={t('room.people.removeTitle', { name: p.displayName })}
        confirmLabel={t('room.people.removeConfirm')}
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void run('mod:remove', { userId: p.userId });
        }}
      >
        <p>{t('room.people.removeText')}</p>
      </ConfirmDialog>
    </>
  );
}
