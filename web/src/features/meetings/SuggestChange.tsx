import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, Field, FormEnd } from '../../components/forms.tsx';
import { ApiError, api, type MeetingView } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';

const FIELDS = [
  'name',
  'startTime',
  'durationMinutes',
  'locationName',
  'address',
  'conferenceUrl',
  'conferencePhone',
  'notes',
] as const;
type Editable = (typeof FIELDS)[number];

const initial = (m: MeetingView): Record<Editable, string> => ({
  name: m.name,
  startTime: m.startTime,
  durationMinutes: String(m.durationMinutes),
  locationName: m.locationName ?? '',
  address: m.address ?? '',
  conferenceUrl: m.conferenceUrl ?? '',
  conferencePhone: m.conferencePhone ?? '',
  notes: m.notes,
});

/** "Request a change": anyone signed in proposes corrections; the group's staff decide. */
export default function SuggestChange({ meeting }: { meeting: MeetingView }) {
  const { t } = useTranslation();
  const form = useForm();
  const [values, setValues] = useState(() => initial(meeting));
  const [note, setNote] = useState('');
  const [open, setOpen] = useState(false);
  const labels: Record<string, string> = { note: t('meetings.suggestNote') };
  for (const f of FIELDS) labels[`changes.${f}`] = t(`meetings.fields.${f}`);
  const hidden = meeting.detailsHidden;
  const fields = FIELDS.filter(
    (f) => !(hidden && ['address', 'conferenceUrl', 'conferencePhone'].includes(f)),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const before = initial(meeting);
      const changes: Record<string, unknown> = {};
      for (const f of fields) {
        if (values[f].trim() === before[f].trim()) continue;
        changes[f] =
          f === 'durationMinutes' ? Number(values[f]) : values[f].trim() === '' ? null : values[f];
      }
      if (Object.keys(changes).length === 0) {
        throw new ApiError(400, 'nothing_changed', t('meetings.suggestNothing'));
      }
      await api.requestMeetingChange(meeting.slug, { changes, note: note.trim() });
      setNote('');
      return t('meetings.suggestSent');
    });
  };

  return (
    <details className="panel" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="summary-heading">{t('meetings.suggest')}</summary>
      <form onSubmit={submit} noValidate className="form stack">
        <p className="hint">{t('meetings.suggestIntro')}</p>
        <ErrorSummary form={form} labels={labels} />
        {fields.map((f) => (
          <Field
            key={f}
            name={`changes.${f}`}
            label={t(`meetings.fields.${f}`)}
            error={form.errors[`changes.${f}`]}
          >
            {(p) =>
              f === 'notes' ? (
                <textarea
                  {...p}
                  value={values[f]}
                  onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
                />
              ) : (
                <input
                  {...p}
                  type={f === 'startTime' ? 'time' : f === 'durationMinutes' ? 'number' : 'text'}
                  inputMode={f === 'durationMinutes' ? 'numeric' : undefined}
                  value={values[f]}
                  onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
                />
              )
            }
          </Field>
        ))}
        <Field
          name="note"
          label={labels.note!}
          hint={t('meetings.suggestNoteHint')}
          error={form.errors.note}
          optional
        >
          {(p) => <textarea {...p} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <FormEnd form={form} label={t('meetings.suggestSubmit')} />
      </form>
    </details>
  );
}
