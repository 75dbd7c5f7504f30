import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { UpdateMapSettingsBody } from '../../../../contracts/settings.ts';
import { ErrorSummary, Field, FormStatus, Loading, SubmitButton } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';

/**
 * Organisation settings: the finder's map. Empty by default, because a tile server is a
 * third party every visitor's browser would contact.
 */
export default function MapSettings() {
  const { t } = useTranslation();
  const form = useForm();
  const [values, setValues] = useState<{ tileUrl: string; attribution: string } | null>(null);

  useEffect(() => {
    let live = true;
    api.mapSettings().then(
      (m) => live && setValues({ tileUrl: m.tileUrl ?? '', attribution: m.attribution }),
      () => live && setValues({ tileUrl: '', attribution: '' }),
    );
    return () => {
      live = false;
    };
  }, []);

  if (!values) return <Loading />;

  const save = (body: { tileUrl: string | null; attribution: string }) =>
    form.run(async () => {
      const checked = form.check(UpdateMapSettingsBody, body);
      const saved = await api.updateMapSettings(checked);
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
      <h2 id="org-settings-title">{t('admin.settings')}</h2>
      <form className="stack" onSubmit={onSubmit} noValidate>
        <h3>{t('admin.mapTitle')}</h3>
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
