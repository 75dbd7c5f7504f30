import { useTranslation } from 'react-i18next';
import { Field, TimezoneSelect, fieldId } from '../../components/forms.tsx';
import { WEEK_ORDER, describeRecurrence, weekdayName } from './describe.ts';
import { KINDS, WEEKS, toRecurrence } from './meeting-form.ts';
import { MeetingTextField, type MeetingFieldProps } from './MeetingTextField.tsx';

/** When a series meets: how it repeats, from and until when, at what time, in which zone. */
export function RecurrenceFields(field: MeetingFieldProps) {
  const { t } = useTranslation();
  const { values: v, set, form, labels } = field;
  const toggleDay = (d: (typeof WEEK_ORDER)[number]) =>
    set('days', v.days.includes(d) ? v.days.filter((x) => x !== d) : [...v.days, d]);
  let preview = '';
  try {
    preview = describeRecurrence(toRecurrence(v), v.startsOn);
  } catch {
    preview = '';
  }
  return (
    <fieldset className="panel stack">
      <legend className="panel-legend">{t('editor.whenTitle')}</legend>
      <Field name="recurrence" label={labels.recurrence ?? ''} error={form.errors.recurrence}>
        {(p) => (
          <select
            {...p}
            value={v.kind}
            onChange={(e) => set('kind', KINDS.find((k) => k === e.target.value) ?? v.kind)}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`editor.kind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {(v.kind === 'weekly' || v.kind === 'course') && (
        <fieldset
          id={fieldId('recurrence.days')}
          tabIndex={-1}
          className={form.errors['recurrence.days'] ? 'field field--error' : 'field'}
        >
          <legend>{t('editor.days')}</legend>
          {form.errors['recurrence.days'] && (
            <p className="field-error">{form.errors['recurrence.days']}</p>
          )}
          <ul className="chips chips--compact">
            {WEEK_ORDER.map((d) => (
              <li key={d}>
                <input
                  type="checkbox"
                  id={`day-${d}`}
                  checked={v.days.includes(d)}
                  onChange={() => toggleDay(d)}
                />
                <label htmlFor={`day-${d}`}>{weekdayName(d)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {v.kind === 'weekly' && (
        <Field
          name="recurrence.interval"
          label={t('editor.interval')}
          hint={t('editor.intervalHint')}
          error={form.errors['recurrence.interval']}
        >
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              max={52}
              inputMode="numeric"
              value={v.interval}
              onChange={(e) => set('interval', e.target.value)}
            />
          )}
        </Field>
      )}
      {v.kind === 'monthly' && (
        <div className="field-row">
          <Field
            name="recurrence.week"
            label={t('editor.week')}
            error={form.errors['recurrence.week']}
          >
            {(p) => (
              <select
                {...p}
                value={v.week}
                onChange={(e) => set('week', WEEKS.find((w) => w === e.target.value) ?? v.week)}
              >
                {WEEKS.map((w) => (
                  <option key={w} value={w}>
                    {t(`meetings.nth.${w}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            name="recurrence.day"
            label={t('editor.monthDay')}
            error={form.errors['recurrence.day']}
          >
            {(p) => (
              <select
                {...p}
                value={v.monthDay}
                onChange={(e) =>
                  set('monthDay', WEEK_ORDER.find((d) => d === e.target.value) ?? v.monthDay)
                }
              >
                {WEEK_ORDER.map((d) => (
                  <option key={d} value={d}>
                    {weekdayName(d)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}
      {v.kind === 'course' && (
        <Field
          name="recurrence.sessions"
          label={t('editor.sessions')}
          error={form.errors['recurrence.sessions']}
        >
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              inputMode="numeric"
              value={v.sessions}
              onChange={(e) => set('sessions', e.target.value)}
            />
          )}
        </Field>
      )}
      <div className="field-row">
        <MeetingTextField {...field} name="startsOn" type="date" />
        {v.kind !== 'course' && v.kind !== 'once' && (
          <MeetingTextField {...field} name="endsOn" type="date" optional />
        )}
      </div>
      <div className="field-row">
        <MeetingTextField {...field} name="startTime" type="time" />
        <MeetingTextField {...field} name="durationMinutes" type="number" />
      </div>
      <Field
        name="timezone"
        label={labels.timezone ?? ''}
        hint={t('editor.timezoneHint')}
        error={form.errors.timezone}
      >
        {(p) => <TimezoneSelect {...p} value={v.timezone} onChange={(z) => set('timezone', z)} />}
      </Field>
      {preview && (
        <p className="notice notice--info" aria-live="polite">
          {preview}
        </p>
      )}
    </fieldset>
  );
}
