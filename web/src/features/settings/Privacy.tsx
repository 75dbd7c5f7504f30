import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.tsx';
import { ErrorSummary, FormEnd } from '../../components/forms.tsx';
import { api, type Me } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

type Visibility = Me['profileVisibility'];

export default function Privacy() {
  const { t } = useTranslation();
  const session = useSession();
  const user = session.user;
  const form = useForm();
  const [visibility, setVisibility] = useState<Visibility>(
    user?.profileVisibility ?? 'group_members',
  );
  const [showPronouns, setShowPronouns] = useState(user?.showPronouns ?? true);
  if (!user) return null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const me = await api.updateAccount({
        profileVisibility: visibility,
        showPronouns,
      });
      session.setUser(me);
      return t('settings.privacySaved');
    });
  };
  const options: { value: Visibility; label: string; hint: string }[] = [
    {
      value: 'group_members',
      label: t('settings.visibilityGroup'),
      hint: t('settings.visibilityGroupHint'),
    },
    {
      value: 'facilitators',
      label: t('settings.visibilityFacilitators'),
      hint: t('settings.visibilityFacilitatorsHint'),
    },
  ];
  return (
    <>
      <PageHeading title={`${t('settings.privacy')} · ${t('settings.title')}`}>
        {t('settings.privacyTitle')}
      </PageHeading>
      <p>{t('settings.privacyIntro')}</p>
      <form onSubmit={submit} noValidate className="form stack">
        <ErrorSummary form={form} labels={{}} />
        <fieldset className="choices">
          <legend>{t('settings.visibilityLegend')}</legend>
          {options.map((o) => (
            <div className="choice" key={o.value}>
              <input
                type="radio"
                id={`visibility-${o.value}`}
                name="profileVisibility"
                value={o.value}
                checked={visibility === o.value}
                onChange={() => setVisibility(o.value)}
                aria-describedby={`visibility-${o.value}-hint`}
              />
              <label htmlFor={`visibility-${o.value}`}>{o.label}</label>
              <p className="hint" id={`visibility-${o.value}-hint`}>
                {o.hint}
              </p>
            </div>
          ))}
        </fieldset>
        <div className="choice">
          <input
            type="checkbox"
            id="showPronouns"
            checked={showPronouns}
            onChange={(e) => setShowPronouns(e.target.checked)}
            aria-describedby="showPronouns-hint"
          />
          <label htmlFor="showPronouns">{t('settings.showPronouns')}</label>
          <p className="hint" id="showPronouns-hint">
            {t('settings.showPronounsHint')}
          </p>
        </div>
        <FormEnd form={form} />
      </form>
    </>
  );
}
