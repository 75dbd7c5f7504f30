import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { reminderChoices } from '../../../../contracts/notifications.ts';
import { ErrorSummary, FormEnd } from '../../components/forms.tsx';
import { api, type MeetingReminders } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { queryKeys } from '../../lib/query.ts';

type Minutes = MeetingReminders['minutesBefore'][number];

/**
 * "Remind me" on a meeting page, for the people who may be reminded (signed in; for a closed
 * group its members). Shows nothing when the server says no (404) or while it loads.
 */
export function RemindMe({ meetingSlug }: { meetingSlug: string }) {
  const query = useQuery({
    queryKey: queryKeys.meetingReminders(meetingSlug),
    queryFn: () => api.meetingReminders(meetingSlug),
    retry: false,
  });
  if (!query.data) return null;
  // Keyed by meeting only: saving updates the data without remounting (the status stays).
  return <RemindMeForm key={meetingSlug} current={query.data} />;
}

function RemindMeForm({ current }: { current: MeetingReminders }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm();
  const [chosen, setChosen] = useState<Set<Minutes>>(new Set(current.minutesBefore));
  const toggle = (m: Minutes, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(m);
    else next.delete(m);
    setChosen(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const saved = await api.setMeetingReminders(current.meetingSlug, {
        minutesBefore: [...chosen].sort((a, b) => a - b),
      });
      client.setQueryData(queryKeys.meetingReminders(current.meetingSlug), saved);
      return saved.minutesBefore.length
        ? t('notifications.remindersSaved')
        : t('notifications.remindersOff');
    });
  };
  return (
    <section className="panel stack" aria-labelledby="remind-me-heading">
      <h2 id="remind-me-heading">{t('notifications.remindTitle')}</h2>
      <form onSubmit={submit} noValidate className="form stack">
        <ErrorSummary form={form} labels={{}} />
        <fieldset className="choices">
          <legend>{t('notifications.remindLegend')}</legend>
          <p className="hint">{t('notifications.remindHint')}</p>
          {reminderChoices.map((m) => (
            <div className="choice" key={m}>
              <input
                type="checkbox"
                id={`remind-${m}`}
                checked={chosen.has(m)}
                onChange={(e) => toggle(m, e.target.checked)}
              />
              <label htmlFor={`remind-${m}`}>{t(`notifications.before.${m}`)}</label>
            </div>
          ))}
        </fieldset>
        <FormEnd form={form} label={t('notifications.remindSave')} />
      </form>
    </section>
  );
}
