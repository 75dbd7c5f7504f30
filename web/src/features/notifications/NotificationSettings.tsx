import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { UpdateNotificationPreferences } from '../../../../contracts/notifications.ts';
import { ErrorSummary, FormEnd, fieldId } from '../../components/forms.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { api, type NotificationPreferences } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';

/** Settings → Notifications: email per kind (the inbox is always on) and quiet hours. */
export default function NotificationSettings() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: queryKeys.notificationPreferences(),
    queryFn: api.notificationPreferences,
  });
  return (
    <>
      <PageHeading title={`${t('settings.notifications')} · ${t('settings.title')}`}>
        {t('notifications.settingsTitle')}
      </PageHeading>
      <p>{t('notifications.settingsIntro')}</p>
      <QueryState query={query}>{(prefs) => <PreferencesForm prefs={prefs} />}</QueryState>
    </>
  );
}

function PreferencesForm({ prefs }: { prefs: NotificationPreferences }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm();
  const [email, setEmail] = useState(() => new Map(prefs.kinds.map((k) => [k.kind, k.email])));
  const [quiet, setQuiet] = useState(prefs.quietHours);
  useEffect(() => setQuiet(prefs.quietHours), [prefs.quietHours]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(UpdateNotificationPreferences, {
        kinds: [...email].map(([kind, on]) => ({ kind, email: on })),
        quietHours: quiet,
      });
      const saved = await api.updateNotificationPreferences(body);
      client.setQueryData(queryKeys.notificationPreferences(), saved);
      return t('notifications.settingsSaved');
    });
  };
  const timeField = (name: 'start' | 'end', label: string) => {
    const key = `quietHours.${name}`;
    const error = form.errors[key];
    const id = fieldId(key);
    return (
      <div className={error ? 'field field--error' : 'field'}>
        <label htmlFor={id}>{label}</label>
        {error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
        <input
          id={id}
          type="time"
          required
          value={quiet[name]}
          disabled={!quiet.enabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setQuiet({ ...quiet, [name]: e.target.value })}
        />
      </div>
    );
  };

  return (
    <form onSubmit={submit} noValidate className="form stack">
      <ErrorSummary
        form={form}
        labels={{
          'quietHours.start': t('notifications.quietStart'),
          'quietHours.end': t('notifications.quietEnd'),
        }}
      />
      <fieldset className="choices">
        <legend>{t('notifications.emailLegend')}</legend>
        <p className="hint">{t('notifications.emailHint')}</p>
        {prefs.kinds.map(({ kind }) => (
          <div className="choice" key={kind}>
            <input
              type="checkbox"
              id={`email-${kind}`}
              checked={email.get(kind) ?? false}
              onChange={(e) => setEmail(new Map(email).set(kind, e.target.checked))}
            />
            <label htmlFor={`email-${kind}`}>{t(`notifications.kinds.${kind}`)}</label>
          </div>
        ))}
      </fieldset>
      <fieldset className="stack">
        <legend>{t('notifications.quietLegend')}</legend>
        <p className="hint">{t('notifications.quietHint', { zone: prefs.timezone })}</p>
        <div className="choice">
          <input
            type="checkbox"
            id="quiet-enabled"
            checked={quiet.enabled}
            onChange={(e) => setQuiet({ ...quiet, enabled: e.target.checked })}
          />
          <label htmlFor="quiet-enabled">{t('notifications.quietEnabled')}</label>
        </div>
        {timeField('start', t('notifications.quietStart'))}
        {timeField('end', t('notifications.quietEnd'))}
      </fieldset>
      <FormEnd form={form} />
    </form>
  );
}
