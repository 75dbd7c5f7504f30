import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, Field, FormStatus, SubmitButton } from '../../components/forms.tsx';
import { api, type MeetingPage } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { refreshDirectory } from '../../lib/query.ts';
import { zoneCity } from '../finder/labels.ts';

type Occurrence = MeetingPage['occurrences'][number];

/** Staff: cancel or restore one date, move it, or give it a topic. */
export default function OccurrenceTools({
  slug,
  occurrence: o,
  timezone,
  startTime,
}: {
  slug: string;
  occurrence: Occurrence;
  timezone: string;
  /** The series' usual start, kept when only the date moves. */
  startTime: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const onChanged = () => refreshDirectory(queryClient);
  const cancel = useForm();
  const move = useForm();
  const [date, setDate] = useState(o.occurrenceId);
  const [time, setTime] = useState('');
  const [topic, setTopic] = useState(o.topic ?? '');
  // Rendered only while open: each date's form uses the same field ids.
  const [open, setOpen] = useState(false);
  const labels = {
    'moved.date': t('meetings.moveDate'),
    'moved.startTime': t('meetings.moveTime'),
    topic: t('meetings.topicLabel'),
  };

  const toggleCancel = () =>
    void cancel.run(async () => {
      await api.updateOccurrence(slug, o.occurrenceId, { cancelled: !o.cancelled });
      await onChanged();
      return o.cancelled ? t('meetings.restored') : t('meetings.cancelledDone');
    });

  const save = (e: FormEvent) => {
    e.preventDefault();
    void move.run(async () => {
      const body: Parameters<typeof api.updateOccurrence>[2] = { topic: topic.trim() || null };
      if (time || date !== o.occurrenceId) {
        body.moved = { date, startTime: time || startTime };
      }
      await api.updateOccurrence(slug, o.occurrenceId, body);
      await onChanged();
      return t('meetings.occurrenceSaved');
    });
  };

  return (
    <details
      className="occurrence__tools"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>{t('meetings.changeDate')}</summary>
      {open && (
        <div className="stack">
          <ErrorSummary form={cancel} labels={{}} />
          <FormStatus form={cancel} />
          <button
            type="button"
            className={o.cancelled ? 'button button--secondary' : 'button button--danger-quiet'}
            onClick={toggleCancel}
            disabled={cancel.pending}
          >
            {o.cancelled ? t('meetings.restore') : t('meetings.cancelThis')}
          </button>
          <form onSubmit={save} noValidate className="stack">
            <ErrorSummary form={move} labels={labels} />
            <p className="hint">{t('meetings.moveHint', { zone: zoneCity(timezone) })}</p>
            <div className="field-row">
              <Field
                name="moved.date"
                label={labels['moved.date']}
                error={move.errors['moved.date']}
              >
                {(p) => (
                  <input
                    {...p}
                    type="date"
                    value={date}
                    onChange={(e) => setDate(e.target.value)}
                  />
                )}
              </Field>
              <Field
                name="moved.startTime"
                label={labels['moved.startTime']}
                error={move.errors['moved.startTime']}
                optional
              >
                {(p) => (
                  <input
                    {...p}
                    type="time"
                    value={time}
                    onChange={(e) => setTime(e.target.value)}
                  />
                )}
              </Field>
            </div>
            <Field name="topic" label={labels.topic} error={move.errors.topic} optional>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  value={topic}
                  onChange={(e) => setTopic(e.target.value)}
                />
              )}
            </Field>
            <FormStatus form={move} />
            <SubmitButton form={move} variant="secondary" pendingText={t('common.saving')}>
              {t('meetings.saveOccurrence')}
            </SubmitButton>
          </form>
        </div>
      )}
    </details>
  );
}
