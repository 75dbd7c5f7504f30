import { useTranslation } from 'react-i18next';
import { useRoomView } from './context.ts';
import { HandIcon } from './HandIcon.tsx';
import { ShareTimer } from './ShareTimer.tsx';

/** Where the meeting is: the agenda and what comes next, the floor, hands, the round, the timer. */
export function Flow() {
  const { t } = useTranslation();
  const { snapshot, me, nameOf, run } = useRoomView();
  const { flow } = snapshot;
  const step = flow.step;
  const next = step === null ? flow.agenda[0] : flow.agenda[step + 1];
  const round = flow.round;
  const turn = round ? round.order[round.current] : undefined;
  const open = snapshot.state === 'open';
  return (
    <section className="panel room-panel" aria-labelledby="room-flow-title">
      <h2 id="room-flow-title">{t('room.flow.title')}</h2>
      <div className="room-floor" aria-live="polite">
        {flow.floor === me ? (
          <p className="room-floor__mine">
            <strong>{t('room.flow.yourFloor')}</strong>{' '}
            {open && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void run('floor:release')}
              >
                {t('room.flow.done')}
              </button>
            )}
          </p>
        ) : (
          <p>
            {flow.floor ? (
              <strong>{t('room.flow.floor', { name: nameOf(flow.floor) })}</strong>
            ) : (
              t('room.flow.noFloor')
            )}
          </p>
        )}
      </div>
      {flow.timer && <ShareTimer timer={flow.timer} />}
      {flow.agenda.length > 0 && (
        <>
          <h3>{t('room.flow.agenda')}</h3>
          {step === null && <p className="small">{t('room.flow.notStarted')}</p>}
          <ol className="room-agenda">
            {flow.agenda.map((s, i) => (
              <li
                key={s.key}
                className={
                  i === step ? 'is-current' : step !== null && i < step ? 'is-done' : undefined
                }
                aria-current={i === step ? 'step' : undefined}
              >
                {s.title}
                {i === step && <span className="tag tag--live">{t('room.flow.current')}</span>}
              </li>
            ))}
          </ol>
          {next && <p className="small">{t('room.flow.next', { title: next.title })}</p>}
        </>
      )}
      {flow.hands.length > 0 && (
        <>
          <h3>{t('room.flow.hands')}</h3>
          <ol className="room-hands">
            {flow.hands.map((id) => (
              <li key={id}>
                <HandIcon /> {nameOf(id)}
              </li>
            ))}
          </ol>
        </>
      )}
      {round && (
        <>
          <h3>{t('room.flow.round')}</h3>
          <ol className="room-round">
            {round.order.map((id, i) => {
              const done = round.done[id];
              const current = i === round.current && !done;
              return (
                <li
                  key={id}
                  className={current ? 'is-current' : undefined}
                  aria-current={current ? 'step' : undefined}
                >
                  <span>{nameOf(id)}</span>{' '}
                  <span className="small room-round__state">
                    {current
                      ? t('room.flow.roundCurrent')
                      : done
                        ? t(`room.flow.${done}`)
                        : t('room.flow.waiting')}
                  </span>
                </li>
              );
            })}
          </ol>
          {turn === me && open && !round.done[me] && (
            <div className="notice notice--info stack">
              <p>{t('room.flow.yourTurn')}</p>
              <p className="actions">
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() => void run('round:turn', { outcome: 'shared' })}
                >
                  {t('room.flow.finishedSharing')}
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => void run('round:turn', { outcome: 'passed' })}
                >
                  {t('room.flow.pass')}
                </button>
              </p>
            </div>
          )}
        </>
      )}
    </section>
  );
}
