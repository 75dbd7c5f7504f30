import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { UpdateMapSettingsBody, type MapSettings } from '../../../../contracts/settings.ts';
import { ErrorSummary, Field, FormStatus, SubmitButton } from '../../components/forms.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';
import { TwoFactorPanel, isTwoFactorRequired } from './AdminLayout.tsx';
import { CrisisLinesSettings } from './CrisisLinesSettings.tsx';
import { OrganisationForm } from './OrganisationForm.tsx';
import { OrganisationLogo } from './OrganisationLogo.tsx';

/**
 * Organisation settings: the crisis lines behind "Get help now", and the finder's map
 * (empty by default, because a tile server is a third party every visitor's browser
 * would contact).
 */
export default function OrganisationSettingsPage() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: queryKeys.mapSettings(), queryFn: api.mapSettings });
  return (
    <>
      <PageHeading title={`${t('admin.settings')} · ${t('admin.title')}`}>
        {t('admin.settings')}
      </PageHeading>
      <QueryState
        query={query}
        renderError={(e) => (isTwoFactorRequired(e) ? <TwoFactorPanel /> : undefined)}
      >
        {(saved) => (
          <>
            <OrganisationForm />
            <OrganisationLogo />
            <CrisisLinesSettings />
            <MapSettingsForm saved={saved} />
          </>
        )}
      </QueryState>
    </>
  );
}

function MapSettingsForm({ saved: initial }: { saved: MapSettings }) {
  const { t } = useTranslation();
  const form = useForm();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({
    tileUrl: initial.tileUrl ?? '',
    attribution: initial.attribution,
  });

  const save = (body: { tileUrl: string | null; attribution: string }) =>
    form.run(async () => {
      const checked = form.check(UpdateMapSettingsBody, body);
      const saved = await api.updateMapSettings(checked);
      queryClient.setQueryData(queryKeys.mapSettings(), saved);
      setValues({ tileUrl: saved.tileUrl ?? '', attribution: saved.attribution });
      return saved.tileUrl ? t('admin.mapSaved') : t('admin.mapCleared');
    });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const tileUrl = values.tileUrl.trim();
    void save({ tileUrl: tileUrl || null, attribution: values.attribution });
  };

  return (
    <section className="panel stack" aria-labelledby="org-settings-title">
      <form className="stack" onSubmit={onSubmit} noValidate>
        <h2 id="org-settings-title">{t('admin.mapTitle')}</h2>
        <p>{t('admin.mapExplain')}</p>
        <ErrorSummary
          form={form}
          labels={{ tileUrl: t('admin.tileUrl'), attribution: t('admin.attribution') }}
        />
        <Field
          name="tileUrl"
          label={t('admin.tileUrl')}
          hint={t('admin.tileUrlHint')}
          error={form.errors.tileUrl}
          optional
        >
          {(p) => (
            <input
              {...p}
              type="url"
              inputMode="url"
              maxLength={300}
              autoComplete="off"
              spellCheck={false}
              value={values.tileUrl}
              onChange={(e) => setValues({ ...values, tileUrl: e.target.value })}
            />
          )}
        </Field>
        <Field
          name="attribution"
          label={t('admin.attribution')}
          hint={t('admin.attributionHint')}
          error={form.errors.attribution}
          optional
        >
          {(p) => (
            <input
              {...p}
              type="text"
              maxLength={200}
              value={values.attribution}
              onChange={(e) => setValues({ ...values, attribution: e.target.value })}
            />
          )}
        </Field>
        <p className="actions">
          <SubmitButton form={form}>{t('common.save')}</SubmitButton>
          {values.tileUrl && (
            <button
              type="button"
              className="button button--secondary"
              disabled={form.pending}
              onClick={() => void save({ tileUrl: null, attribution: '' })}
            >
              {t('admin.clearMap')}
            </button>
          )}
        </p>
        <FormStatus form={form} />
      </form>
    </section>
  );
}
