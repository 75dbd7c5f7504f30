import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import {
  ErrorSummary,
  Field,
  Loading,
  SubmitButton,
  TimezoneSelect,
  detectTimeZone,
  fieldId,
} from '../../components/forms.tsx';
import { ApiError, api, type MeetingView } from '../../lib/api.ts';
import { apiErrorMessage, useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { TwoFactorPanel } from '../admin/AdminLayout.tsx';
import { clearFinderCache } from '../finder/finder-data.ts';
import { labelFor } from '../finder/labels.ts';
import { COMMON_TYPES } from '../finder/values.ts';
import { WEEK_ORDER, describeRecurrence, weekdayName } from './describe.ts';

type Kind = 'once' | 'weekly' | 'monthly' | 'course';
const KINDS: Kind[] = ['weekly', 'monthly', 'once', 'course'];
const WEEKS = ['1', '2', '3', '4', 'last'] as const;

interface Values {
  name: string;
  timezone: string;
  startTime: string;
  durationMinutes: string;
  startsOn: string;
  endsOn: string;
  kind: Kind;
  days: string[];
  interval: string;
  week: (typeof WEEKS)[number];
  monthDay: string;
  sessions: string;
  locationName: string;
  address: string;
  latitude: string;
  longitude: string;
  approximate: boolean;
  locationNotes: string;
  conferenceUrl: string;
  conferenceUrlNotes: string;
  conferencePhone: string;
  conferencePhoneNotes: string;
  types: string[];
  notes: string;
}

const today = () => new Date().toISOString().slice(0, 10);

function fromMeeting(m: MeetingView | null): Values {
  const r = m?.recurrence;
  return {
    name: m?.name ?? '',
    timezone: m?.timezone ?? detectTimeZone(),
    startTime: m?.startTime ?? '19:00',
    durationMinutes: String(m?.durationMinutes ?? 60),
    startsOn: m?.startsOn ?? today(),
    endsOn: m?.endsOn ?? '',
    kind: r?.kind ?? 'weekly',
    days: r && (r.kind === 'weekly' || r.kind === 'course') ? r.days : ['MO'],
    interval: String(r?.kind === 'weekly' ? r.interval : 1),
    week: r?.kind === 'monthly' ? (String(r.week) as Values['week']) : '1',
    monthDay: r?.kind === 'monthly' ? r.day : 'MO',
    sessions: String(r?.kind === 'course' ? r.sessions : 8),
    locationName: m?.locationName ?? '',
    address: m?.address ?? '',
    latitude: m?.latitude?.toString() ?? '',
    longitude: m?.longitude?.toString() ?? '',
    approximate: m?.approximate ?? false,
    locationNotes: m?.locationNotes ?? '',
    conferenceUrl: m?.conferenceUrl ?? '',
    conferenceUrlNotes: m?.conferenceUrlNotes ?? '',
    conferencePhone: m?.conferencePhone ?? '',
    conferencePhoneNotes: m?.conferencePhoneNotes ?? '',
    types: m?.types.map((x) => x.code) ?? [],
    notes: m?.notes ?? '',
  };
}

/** Numbers stay as typed when they are not numbers, so the server names the field. */
const num = (v: string): number | null => (v.trim() === '' ? null : Number(v));

function toRecurrence(v: Values) {
  switch (v.kind) {
    case 'once':
      return { kind: 'once' as const };
    case 'weekly':
      return { kind: 'weekly' as const, days: v.days as never, interval: Number(v.interval) };
    case 'monthly':
      return {
        kind: 'monthly' as const,
        week: (v.week === 'last' ? 'last' : Number(v.week)) as never,
        day: v.monthDay as never,
      };
    case 'course':
      return { kind: 'course' as const, days: v.days as never, sessions: Number(v.sessions) };
  }
}

function toBody(v: Values) {
  return {
    name: v.name,
    timezone: v.timezone,
    startTime: v.startTime,
    durationMinutes: Number(v.durationMinutes),
    startsOn: v.startsOn,
    endsOn: v.kind === 'course' || !v.endsOn ? null : v.endsOn,
    recurrence: toRecurrence(v),
    locationName: v.locationName,
    address: v.address,
    latitude: num(v.latitude),
    longitude: num(v.longitude),
    approximate: v.approximate,
    locationNotes: v.locationNotes,
    conferenceUrl: v.conferenceUrl,
    conferenceUrlNotes: v.conferenceUrlNotes,
    conferencePhone: v.conferencePhone,
    conferencePhoneNotes: v.conferencePhoneNotes,
    types: v.types,
    notes: v.notes,
  };
}

/** Staff: create a meeting for a group (`/groups/:slug/meetings/new`) or edit one. */
export default function MeetingEditor() {
  const { t } = useTranslation();
  const { slug, groupSlug } = useParams();
  const navigate = useNavigate();
  const form = useForm();
  const [meeting, setMeeting] = useState<MeetingView | null>(null);
  const [values, setValues] = useState<Values | null>(slug ? null : fromMeeting(null));
  const [loadError, setLoadError] = useState<unknown>(null);
  const [needs2fa, setNeeds2fa] = useState(false);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [extraType, setExtraType] = useState('');

  useEffect(() => {
    if (!slug) return;
    api.meeting(slug).then(
      (page) => {
        if (!page.canManage) setLoadError(new ApiError(404, 'not_found', ''));
        setMeeting(page.meeting);
        setValues(fromMeeting(page.meeting));
      },
      (e: unknown) => setLoadError(e),
    );
  }, [slug]);

  if (needs2fa) return <TwoFactorPanel />;
  if (loadError)
    return (
      <div className="narrow stack">
        <PageHeading>{t('meetings.edit')}</PageHeading>
        <p className="notice notice--error">
          {loadError instanceof ApiError && loadError.status === 404
            ? t('editor.notAllowed')
            : apiErrorMessage(loadError, t)}
        </p>
      </div>
    );
  if (!values) return <Loading />;

  const v = values;
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((old) => (old ? { ...old, [key]: value } : old));
  const toggleDay = (d: string) =>
    set('days', v.days.includes(d) ? v.days.filter((x) => x !== d) : [...v.days, d]);
  const fl = (k: string) => t(`meetings.fields.${k}`, { defaultValue: t(`editor.${k}`) });
  const labels: Record<string, string> = {
    name: fl('name'),
    timezone: fl('timezone'),
    startTime: fl('startTime'),
    durationMinutes: fl('durationMinutes'),
    startsOn: fl('startsOn'),
    endsOn: fl('endsOn'),
    recurrence: fl('recurrence'),
    'recurrence.days': t('editor.days'),
    'recurrence.interval': t('editor.interval'),
    'recurrence.week': t('editor.week'),
    'recurrence.day': t('editor.monthDay'),
    'recurrence.sessions': t('editor.sessions'),
    locationName: fl('locationName'),
    address: fl('address'),
    latitude: fl('latitude'),
    longitude: fl('longitude'),
    locationNotes: fl('locationNotes'),
    conferenceUrl: fl('conferenceUrl'),
    conferenceUrlNotes: fl('conferenceUrlNotes'),
    conferencePhone: fl('conferencePhone'),
    conferencePhoneNotes: fl('conferencePhoneNotes'),
    types: fl('types'),
    notes: fl('notes'),
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(
      async () => {
        const body = toBody(v);
        const saved =
          slug && meeting
            ? await api.updateMeeting(slug, body as never)
            : await api.createMeeting(groupSlug ?? '', body as never);
        clearFinderCache();
        navigate(`/meetings/${encodeURIComponent(saved.slug)}`);
      },
      (err) => {
        if (err.code === 'two_factor_required') setNeeds2fa(true);
        return undefined;
      },
    );
  };

  const endSeries = () =>
    void form.run(async () => {
      if (!slug) return;
      await api.endMeeting(slug);
      clearFinderCache();
      setConfirmEnd(false);
      navigate(`/meetings/${encodeURIComponent(slug)}`);
    });

  const text = (
    key: keyof Values & string,
    opts: { type?: string; optional?: boolean; hint?: string; area?: boolean } = {},
  ) => (
    <Field
      name={key}
      label={labels[key] ?? key}
      hint={opts.hint}
      error={form.errors[key]}
      optional={opts.optional}
    >
      {(p) =>
        opts.area ? (
          <textarea
            {...p}
            value={String(v[key])}
            onChange={(e) => set(key, e.target.value as never)}
          />
        ) : (
          <input
            {...p}
            type={opts.type ?? 'text'}
            value={String(v[key])}
            onChange={(e) => set(key, e.target.value as never)}
          />
        )
      }
    </Field>
  );

  let preview = '';
  try {
    preview = describeRecurrence(toRecurrence(v) as never, v.startsOn);
  } catch {
    preview = '';
  }

  return (
    <div className="stack">
      <p className="breadcrumbs">
        {meeting ? (
          <Link to={`/meetings/${encodeURIComponent(meeting.slug)}`}>{meeting.name}</Link>
        ) : (
          <Link to={`/groups/${encodeURIComponent(groupSlug ?? '')}`}>{t('groups.title')}</Link>
        )}
      </p>
      <PageHeading>{meeting ? t('meetings.edit') : t('editor.newMeeting')}</PageHeading>
      <form onSubmit={submit} noValidate className="form stack">
        <ErrorSummary form={form} labels={labels} />
        {text('name')}

        <fieldset className="panel stack">
          <legend className="panel-legend">{t('editor.whenTitle')}</legend>
          <Field name="recurrence" label={labels.recurrence!} error={form.errors.recurrence}>
            {(p) => (
              <select {...p} value={v.kind} onChange={(e) => set('kind', e.target.value as Kind)}>
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
                    onChange={(e) => set('week', e.target.value as Values['week'])}
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
                    onChange={(e) => set('monthDay', e.target.value)}
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
            {text('startsOn', { type: 'date' })}
            {v.kind !== 'course' &&
              v.kind !== 'once' &&
              text('endsOn', { type: 'date', optional: true })}
          </div>
          <div className="field-row">
            {text('startTime', { type: 'time' })}
            {text('durationMinutes', { type: 'number' })}
          </div>
          <Field
            name="timezone"
            label={labels.timezone!}
            hint={t('editor.timezoneHint')}
            error={form.errors.timezone}
          >
            {(p) => (
              <TimezoneSelect {...p} value={v.timezone} onChange={(z) => set('timezone', z)} />
            )}
          </Field>
          {preview && (
            <p className="notice notice--info" aria-live="polite">
              {preview}
            </p>
          )}
        </fieldset>

        <fieldset className="panel stack">
          <legend className="panel-legend">{t('editor.placeTitle')}</legend>
          <p className="hint">{t('editor.placeHint')}</p>
          {text('locationName', { optional: true })}
          {text('address', { optional: true })}
          <div className="field-row">
            {text('latitude', { optional: true })}
            {text('longitude', { optional: true })}
          </div>
          <div className="choice">
            <input
              type="checkbox"
              id={fieldId('approximate')}
              checked={v.approximate}
              onChange={(e) => set('approximate', e.target.checked)}
            />
            <label htmlFor={fieldId('approximate')}>{fl('approximate')}</label>
            <p className="hint">{t('editor.approximateHint')}</p>
          </div>
          {text('locationNotes', { optional: true, area: true })}
        </fieldset>

        <fieldset className="panel stack">
          <legend className="panel-legend">{t('editor.onlineTitle')}</legend>
          {text('conferenceUrl', {
            type: 'url',
            optional: true,
            hint: t('editor.conferenceUrlHint'),
          })}
          {text('conferenceUrlNotes', { optional: true })}
          {text('conferencePhone', { type: 'tel', optional: true })}
          {text('conferencePhoneNotes', { optional: true })}
        </fieldset>

        <fieldset className="panel stack" id={fieldId('types')} tabIndex={-1}>
          <legend className="panel-legend">{labels.types}</legend>
          {form.errors.types && <p className="field-error">{form.errors.types}</p>}
          <ul className="chips chips--compact">
            {[
              ...COMMON_TYPES,
              'ONL',
              ...v.types.filter(
                (x) => !(COMMON_TYPES as readonly string[]).includes(x) && x !== 'ONL',
              ),
            ].map((code) => (
              <li key={code}>
                <input
                  type="checkbox"
                  id={`type-${code}`}
                  checked={v.types.includes(code)}
                  onChange={() =>
                    set(
                      'types',
                      v.types.includes(code)
                        ? v.types.filter((x) => x !== code)
                        : [...v.types, code],
                    )
                  }
                />
                <label htmlFor={`type-${code}`}>
                  {labelFor('types', code)} <span className="small">({code})</span>
                </label>
              </li>
            ))}
          </ul>
          <div className="field">
            <label htmlFor="type-extra">{t('editor.otherType')}</label>
            <div className="finder__search-row">
              <input
                id="type-extra"
                type="text"
                value={extraType}
                onChange={(e) => setExtraType(e.target.value)}
              />
              <button
                type="button"
                className="button button--ghost"
                onClick={() => {
                  const code = extraType.trim();
                  if (code && !v.types.includes(code)) set('types', [...v.types, code]);
                  setExtraType('');
                }}
              >
                {t('editor.addType')}
              </button>
            </div>
          </div>
        </fieldset>

        {text('notes', { optional: true, area: true })}

        <div className="actions">
          <SubmitButton form={form} pendingText={t('common.saving')}>
            {meeting ? t('common.save') : t('editor.create')}
          </SubmitButton>
          {meeting && !meeting.endsOn && (
            <button
              type="button"
              className="button button--danger-quiet"
              onClick={() => setConfirmEnd(true)}
            >
              {t('editor.end')}
            </button>
          )}
        </div>
      </form>
      <ConfirmDialog
        open={confirmEnd}
        title={t('editor.endConfirm')}
        confirmLabel={t('editor.end')}
        danger
        pending={form.pending}
        onCancel={() => setConfirmEnd(false)}
        onConfirm={endSeries}
      >
        <p>{t('editor.endText')}</p>
      </ConfirmDialog>
    </div>
  );
}
