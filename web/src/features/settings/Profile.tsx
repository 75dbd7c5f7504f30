import { DisplayNameField, PronounsTimezoneFields } from '../../components/fields.tsx';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { UpdateAccountBody } from '../../../../contracts/account.ts';
import { useSession } from '../../app/session.tsx';
import { ErrorSummary, Field, FormEnd } from '../../components/forms.tsx';
import { languages, setLanguage, type Language } from '../../i18n/index.ts';
import { api, type Me } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

export default function Profile() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user) return null;
  return (
    <>
      <PageHeading title={`${t('settings.profile')} · ${t('settings.title')}`}>
        {t('settings.profile')}
      </PageHeading>
      <p>{t('settings.profileIntro')}</p>
      <ProfileForm user={user} />
    </>
  );
}

function ProfileForm({ user }: { user: Me }) {
  const { t } = useTranslation();
  const session = useSession();
  const form = useForm();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [pronouns, setPronouns] = useState(user.pronouns ?? '');
  const [timezone, setTimezone] = useState(user.timezone);
  const [locale, setLocale] = useState<Language>(user.locale);
  const labels = {
    displayName: t('fields.displayName'),
    pronouns: t('fields.pronouns'),
    timezone: t('fields.timezone'),
    locale: t('fields.language'),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(UpdateAccountBody, {
        displayName,
        pronouns: pronouns.trim() ? pronouns : null,
        timezone,
        locale,
      });
      const me = await api.updateAccount(body);
      session.setUser(me);
      await setLanguage(me.locale);
      return t('settings.profileSaved');
    });
  };
  return (
    <form onSubmit={submit} noValidate className="form stack">
      <ErrorSummary form={form} labels={labels} />
      <DisplayNameField form={form} value={displayName} onChange={setDisplayName} />
      <PronounsTimezoneFields
        form={form}
        pronouns={pronouns}
        onPronouns={setPronouns}
        timezone={timezone}
        onTimezone={setTimezone}
        timezoneHint={t('fields.timezoneHint')}
      />
      <Field name="locale" label={labels.locale} error={form.errors.locale}>
        {(p) => (
          <select {...p} value={locale} onChange={(e) => setLocale(e.target.value as Language)}>
            {languages.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormEnd form={form} />
    </form>
  );
}
