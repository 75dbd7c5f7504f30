import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorSummary, Loading, SubmitButton, fieldId } from '../../components/forms.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { ApiError, api, type MeetingView } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys, refreshDirectory } from '../../lib/query.ts';
import { TwoFactorPanel } from '../admin/AdminLayout.tsx';
import { fromMeeting, toBody, type MeetingValues } from './meeting-form.ts';
import { MeetingTextField, type MeetingFieldProps } from './MeetingTextField.tsx';
import { MeetingTypeFields } from './MeetingTypeFields.tsx';
import { RecurrenceFields } from './RecurrenceFields.tsx';

const isNotFound = (e: unknown) => e instanceof ApiError && e.status === 404;

/** Staff: create a meeting for a group (`/groups/:slug/meetings/new`) or edit one. */
export default function MeetingEditor() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const query = useQuery({
    queryKey: queryKeys.meeting(slug ?? '', null),
    queryFn: () => api.meeting(slug ?? ''),
    enabled: Boolean(slug),
  });
  if (!slug) return <NewMeeting />;
  const notAllowed = (
    <div className="narrow stack">
      <PageHeading>{t('meetings.edit')}</PageHeading>
      <p className="notice notice--error">{t('editor.notAllowed')}</p>
    </div>
  );
  return (
    <QueryState query={query} renderError={(e) => (isNotFound(e) ? notAllowed : undefined)}>
      {(page) =>
        page.canManage ? (
          // Keyed by the meeting: one meeting's values never carry over to another's address.
          <MeetingForm key={page.meeting.slug} meeting={page.meeting} />
        ) : (
          notAllowed
        )
      }
    </QueryState>
  );
}

/** A new meeting starts in the zone where the group's meetings already happen. */
function NewMeeting() {
  const { groupSlug = '' } = useParams();
  const query = useQuery({
    queryKey: queryKeys.groupMeetings(groupSlug, null),
    queryFn: () => api.groupMeetings(groupSlug),
  });
  if (query.isPending) return <Loading />;
  // A group with no meetings yet (or a list that failed) starts in the editor's own zone.
  return <MeetingForm meeting={null} groupZone={query.data?.meetings[0]?.timezone ?? null} />;
}

function MeetingForm({
  meeting,
  groupZone = null,
}: {
  meeting: MeetingView | null;
  groupZone?: string | null;
}) {
  const { t } = useTranslation();
  const { groupSlug } = useParams();
  const slug = meeting?.slug;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm();
  const [values, setValues] = useState<MeetingValues>(() =>
    fromMeeting(meeting, new Date(), groupZone),
  );
  const [needs2fa, setNeeds2fa] = useState(false);
  const [confirmEnd, setConfirmEnd] = useState(false);

  if (needs2fa) return <TwoFactorPanel />;

  const v = values;
  const set: MeetingFieldProps['set'] = (key, value) =>
    setValues((old) => ({ ...old, [key]: value }));
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
            ? await api.updateMeeting(slug, body)
            : await api.createMeeting(groupSlug ?? '', body);
        await refreshDirectory(queryClient);
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
      await refreshDirectory(queryClient);
      setConfirmEnd(false);
      navigate(`/meetings/${encodeURIComponent(slug)}`);
    });

  const field: MeetingFieldProps = { values: v, set, form, labels };

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
        <MeetingTextField {...field} name="name" />

        <RecurrenceFields {...field} />

        <fieldset className="panel stack">
          <legend className="panel-legend">{t('editor.placeTitle')}</legend>
          <p className="hint">{t('editor.placeHint')}</p>
          <MeetingTextField {...field} name="locationName" optional />
          <MeetingTextField {...field} name="address" optional />
          <div className="field-row">
            <MeetingTextField {...field} name="latitude" optional />
            <MeetingTextField {...field} name="longitude" optional />
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
          <MeetingTextField {...field} name="locationNotes" optional area />
        </fieldset>

        <fieldset className="panel stack">
          <legend className="panel-legend">{t('editor.onlineTitle')}</legend>
          <MeetingTextField
            {...field}
            name="conferenceUrl"
            type="url"
            optional
            hint={t('editor.conferenceUrlHint')}
          />
          <MeetingTextField {...field} name="conferenceUrlNotes" optional />
          <MeetingTextField {...field} name="conferencePhone" type="tel" optional />
          <MeetingTextField {...field} name="conferencePhoneNotes" optional />
        </fieldset>

        <MeetingTypeFields {...field} />

        <MeetingTextField {...field} name="notes" optional area />

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
