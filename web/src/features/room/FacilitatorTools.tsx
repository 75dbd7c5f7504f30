import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useRoomView } from './context.ts';

const TIMER_MINUTES = [1, 2, 3, 5, 10] as const;

/** The facilitator's side: who hasn't shared yet, the agenda, round and timer, ending. */
export function FacilitatorTools() {
  const { t } = useTranslation();
  const { snapshot, nameOf, run } = useRoomView();
  const [minutes, setMinutes] = useState<number>(3);
  const [ending, setEnding] = useState(false);
  const lengthId = useId();
  const { flow } = snapshot;
  const open = snapshot.state === 'open';
  const notShared = snapshot.notSharedYet ?? [];
  return (
    <section className="panel room-panel room-tools" aria-labelledby="room-tools-title">
      <h2 id="room-tools-title">{t('room.facilitator.title')}</h2>
      <h3>{t('room.facilitator.notSharedYet')}</h3>
      <p className="small">{t('room.facilitator.onlyYou')}</p>
      {notShared.length === 0 ? (
        <p>{t('room.facilitator.everyoneShared')}</p>
      ) : (
        <ul className="room-not-shared">
          {notShared.map((id) => (
            <li key={id}>{nameOf(id)}</li>
          ))}
        </ul>
      )}
      {snapshot.state === 'scheduled' && (
        <p className="actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => void run('room:open-early')}
          >
            {t('room.openEarly')}
          </button>
        </p>
      )}
      {open && (
        <>
          <div className="actions room-tools__row">
            <button
              type="button"
              className="button button--primary"
              onClick={() => void run('agenda:next')}
            >
              {t('room.facilitator.nextStep')}
            </button>
            <button
              type="button"
              className="button button--ghost"
              disabled={flow.step === null}
              onClick={() => void run('agenda:back')}
            >
              {t('room.facilitator.backStep')}
            </button>
            {flow.floor && (
              <button
                type="button"
                className="button button--ghost"
                onClick={() => void run('floor:release')}
              >
                {t('room.facilitator.releaseFloor')}
              </button>
            )}
          </div>
          <div className="actions room-tools__row">
            {flow.round ? (
              <>
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => void run('round:turn', { outcome: 'shared' })}
                >
                  {t('room.facilitator.markShared')}
                </button>
                <button
                  type="button"
                  className="button button--ghost"
                  onClick={() => void run('round:turn', { outcome: 'skipped' })}
                >
                  {t('room.facilitator.skip')}
                </button>
                <button
                  type="button"
                  className="button button--ghost"
                  onClick={() => void run('round:stop')}
                >
                  {t('room.facilitator.stopRound')}
                </button>
              </>
            ) : (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void run('round:start')}
              >
                {t('room.facilitator.startRound')}
              </button>
            )}
          </div>
          <div className="actions room-tools__row room-tools__timer">
            <label htmlFor={lengthId}>{t('room.facilitator.timerLength')}</label>
            <select
              id={lengthId}
              value={minutes}
              onChange={(e) => setMinutes(Number(e.target.value))}
            >
              {TIMER_MINUTES.map((m) => (
                <option key={m} value={m}>
                  {t('room.facilitator.minutes', { count: m })}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void run('timer:start', { seconds: minutes * 60 })}
            >
              {t('room.facilitator.startTimer')}
            </button>
            {flow.timer && (
              <button
                type="button"
                className="button button--ghost"
                onClick={() => void run('timer:stop')}
              >
                {t('room.facilitator.stopTimer')}
              </button>
            )}
          </div>
          <p className="actions">
            <button
              type="button"
              className="button button--danger-quiet"
              onClick={() => setEnding(true)}
            >
              {t('room.facilitator.endMeeting')}
            </button>
          </p>
        </>
      )}
      <ConfirmDialog
        open={ending}
        title={t('room.facilitator.endTitle')}
        confirmLabel={t('room.facilitator.endConfirm')}
        danger
        onCancel={() => setEnding(false)}
        onConfirm={() => {
          setEnding(false);
          void run('room:end');
        }}
      >
        <p>{t('room.facilitator.endText')}</p>
      </ConfirmDialog>
    </section>
  );
}
