import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import {
  EDIT_WINDOW_MS,
  MESSAGE_MAX,
  REACTIONS,
  type Reaction,
  type RoomMessage,
} from '../../../../contracts/rooms.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import i18n from '../../i18n/index.ts';
import { orderedMessages, type PendingSend } from '../../lib/socket.ts';
import { useRoomView } from './context.ts';
import { linkify } from './linkify.tsx';

/** The time now, again every `everyMs`: enough to take "Edit" away after five minutes. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

const timeOf = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' }).format(d);
};

/** The room's chat: messages (new ones read out politely), the person's unsent ones, the box. */
export function Chat() {
  const { t } = useTranslation();
  const { room } = useRoomView();
  const messages = orderedMessages(room.state);
  const list = useRef<HTMLOListElement>(null);
  const nearBottom = useRef(true);
  const now = useNow(15_000);
  // Follow the conversation while the person is at its end; leave them be when reading back.
  useLayoutEffect(() => {
    const el = list.current;
    if (el && nearBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages.length, room.state.pending.length]);
  return (
    <section className="panel room-panel room-chat" aria-labelledby="room-chat-title">
      <h2 id="room-chat-title">{t('room.chat.title')}</h2>
      <ol
        ref={list}
        className="room-messages"
        aria-live="polite"
        aria-relevant="additions"
        aria-labelledby="room-chat-title"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          nearBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
      >
        {messages.length === 0 && room.state.pending.length === 0 && (
          <li className="room-messages__empty small">{t('room.chat.empty')}</li>
        )}
        {messages.map((m) => (
          <MessageItem key={m.id} m={m} now={now} />
        ))}
        {room.state.pending.map((p) => (
          <PendingItem key={p.clientId} p={p} />
        ))}
      </ol>
      <Composer />
    </section>
  );
}

function PendingItem({ p }: { p: PendingSend }) {
  const { t } = useTranslation();
  const { room, nameOf, me } = useRoomView();
  return (
    <li
      className={
        p.state === 'failed' ? 'room-message is-mine is-failed' : 'room-message is-mine is-pending'
      }
    >
      <p className="room-message__meta">
        <strong>{nameOf(me)}</strong>{' '}
        <span className="small">{p.state === 'sending' ? t('room.chat.sending') : null}</span>
      </p>
      <p className="room-message__body">{p.body}</p>
      {p.state === 'failed' && (
        <p className="small room-message__error">
          {t('room.chat.notSent', { reason: p.error?.message ?? '' })}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => room.dismissFailed(p.clientId)}
          >
            {t('room.chat.discard')}
          </button>
        </p>
      )}
    </li>
  );
}

function MessageItem({ m, now }: { m: RoomMessage; now: number }) {
  const { t } = useTranslation();
  const { me, isFacilitator, snapshot, run } = useRoomView();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [hiding, setHiding] = useState(false);
  const mine = m.authorId === me;
  const open = snapshot.state === 'open';
  const canEdit =
    mine && open && !m.deleted && !m.hidden && now - Date.parse(m.sentAt) < EDIT_WINDOW_MS;
  const removed = m.deleted || m.hidden;
  return (
    <li
      className={['room-message', mine && 'is-mine', removed && 'is-removed']
        .filter(Boolean)
        .join(' ')}
    >
      <p className="room-message__meta">
        <strong>{m.authorName}</strong>{' '}
        <time className="small" dateTime={m.sentAt}>
          {timeOf(m.sentAt)}
        </time>
        {m.editedAt && !removed && <span className="small"> · {t('room.chat.edited')}</span>}
      </p>
      {m.hidden ? (
        <p className="room-message__body room-message__hidden">
          {t('room.chat.hidden', { reason: m.hidden.reason })}
        </p>
      ) : m.deleted ? (
        <p className="room-message__body room-message__hidden">{t('room.chat.deleted')}</p>
      ) : editing ? (
        <EditForm m={m} onDone={() => setEditing(false)} />
      ) : (
        <p className="room-message__body">{linkify(m.body)}</p>
      )}
      {!removed && !editing && <Reactions m={m} />}
      {hiding && <HideForm m={m} onDone={() => setHiding(false)} />}
      {!editing && !hiding && open && (canEdit || (mine && !removed) || isFacilitator) && (
        <p className="room-message__actions">
          {canEdit && (
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              {t('room.chat.edit')}
            </button>
          )}
          {mine && !removed && (
            <button type="button" className="link-button" onClick={() => setDeleting(true)}>
              {t('room.chat.delete')}
            </button>
          )}
          {isFacilitator && !m.deleted && !m.hidden && !mine && (
            <button type="button" className="link-button" onClick={() => setHiding(true)}>
              {t('room.chat.hide')}
              <span className="visually-hidden">
                {' '}
                ({t('room.chat.from', { name: m.authorName })})
              </span>
            </button>
          )}
          {isFacilitator && m.hidden && (
            <button
              type="button"
              className="link-button"
              onClick={() => void run('mod:unhide', { messageId: m.id })}
            >
              {t('room.chat.unhide')}
            </button>
          )}
        </p>
      )}
      <ConfirmDialog
        open={deleting}
        title={t('room.chat.deleteTitle')}
        confirmLabel={t('room.chat.deleteConfirm')}
        danger
        onCancel={() => setDeleting(false)}
        onConfirm={() => {
          setDeleting(false);
          void run('chat:delete', { messageId: m.id });
        }}
      >
        <p>{t('room.chat.deleteText')}</p>
      </ConfirmDialog>
    </li>
  );
}

function Reactions({ m }: { m: RoomMessage }) {
  const { t } = useTranslation();
  const { run, snapshot } = useRoomView();
  const toggle = (r: Reaction, on: boolean) =>
    void run('chat:react', { messageId: m.id, reaction: r, on });
  return (
    <ul className="room-reactions" aria-label={t('room.chat.reactions')}>
      {REACTIONS.map((r) => {
        const count = m.reactions[r] ?? 0;
        const pressed = m.myReactions.includes(r);
        const label = t(`room.chat.reaction.${r}`);
        return (
          <li key={r}>
            <button
              type="button"
              className={pressed ? 'room-reaction is-pressed' : 'room-reaction'}
              aria-pressed={pressed}
              disabled={snapshot.state !== 'open'}
              onClick={() => toggle(r, !pressed)}
            >
              {label}
              {count > 0 && <span className="room-reaction__count"> {count}</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function EditForm({ m, onDone }: { m: RoomMessage; onDone: () => void }) {
  const { t } = useTranslation();
  const { run } = useRoomView();
  const [body, setBody] = useState(m.body);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = body.trim();
    if (!text || text.length > MESSAGE_MAX) return;
    void run('chat:edit', { messageId: m.id, body: text }).then((ok) => ok && onDone());
  };
  return (
    <form className="room-inline-form stack-s" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        {t('room.chat.editLabel')}
      </label>
      <textarea
        id={id}
        value={body}
        rows={2}
        maxLength={MESSAGE_MAX}
        onChange={(e) => setBody(e.target.value)}
        autoFocus
      />
      <p className="actions">
        <button type="submit" className="button button--primary">
          {t('room.chat.saveEdit')}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t('room.chat.cancelEdit')}
        </button>
      </p>
    </form>
  );
}

function HideForm({ m, onDone }: { m: RoomMessage; onDone: () => void }) {
  const { t } = useTranslation();
  const { run } = useRoomView();
  const [reason, setReason] = useState('');
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    void run('mod:hide', { messageId: m.id, reason: reason.trim() }).then((ok) => ok && onDone());
  };
  return (
    <form className="room-inline-form stack-s" onSubmit={submit}>
      <label htmlFor={id}>{t('room.chat.hideLabel')}</label>
      <input
        id={id}
        value={reason}
        maxLength={200}
        required
        onChange={(e) => setReason(e.target.value)}
        autoFocus
      />
      <p className="actions">
        <button type="submit" className="button button--danger">
          {t('room.chat.hideConfirm')}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t('room.chat.cancelEdit')}
        </button>
      </p>
    </form>
  );
}

function Composer() {
  const { t } = useTranslation();
  const { room, snapshot } = useRoomView();
  const [body, setBody] = useState('');
  const id = useId();
  const hintId = useId();
  const counterId = useId();
  const length = body.trim().length;
  const tooLong = body.length > MESSAGE_MAX;
  if (snapshot.state !== 'open') return <p className="small">{t('room.chat.closedHint')}</p>;
  if (snapshot.muted) return <p className="notice notice--info">{t('room.chat.mutedHint')}</p>;
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (length === 0 || tooLong) return;
    room.send(body.trim());
    setBody('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };
  return (
    <form className="room-composer" onSubmit={submit}>
      <label htmlFor={id}>{t('room.chat.messageLabel')}</label>
      <textarea
        id={id}
        rows={3}
        value={body}
        aria-describedby={`${hintId} ${counterId}`}
        aria-invalid={tooLong || undefined}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="room-composer__foot">
        <p id={hintId} className="hint">
          {t('room.chat.hint')}
        </p>
        <p
          id={counterId}
          className={
            tooLong ? 'small room-composer__counter is-over' : 'small room-composer__counter'
          }
        >
          {tooLong
            ? t('room.chat.tooLong', { max: MESSAGE_MAX.toLocaleString(i18n.language) })
            : t('room.chat.counter', {
                count: body.length.toLocaleString(i18n.language),
                max: MESSAGE_MAX.toLocaleString(i18n.language),
              })}
        </p>
        <button type="submit" className="button button--primary" disabled={length === 0 || tooLong}>
          {t('room.chat.send')}
        </button>
      </div>
    </form>
  );
}
