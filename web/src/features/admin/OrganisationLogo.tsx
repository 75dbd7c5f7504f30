import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LOGO_MAX_BYTES, logoType } from '../../../../contracts/settings.ts';
import { ErrorSummary, Field, FormEnd } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { InvalidForm, useForm } from '../../lib/form.ts';
import { queryKeys } from '../../lib/query.ts';

/** The file as base64 (what the API takes), without a `data:` prefix. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Upload or remove the organisation's logo (shown in the header beside its name). */
export function OrganisationLogo() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const organisation = useQuery({
    queryKey: queryKeys.publicOrganisation(),
    queryFn: api.publicOrganisation,
  });
  const form = useForm();
  const [file, setFile] = useState<File | null>(null);
  const labels = { data: t('organisation.logo') };
  const logoUrl = organisation.data?.logoUrl ?? null;

  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.publicOrganisation() });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      if (!file) throw new InvalidForm({ data: t('organisation.logoMissing') });
      const bytes = new Uint8Array(await file.slice(0, 16).arrayBuffer());
      if (!logoType(bytes)) throw new InvalidForm({ data: t('organisation.logoType') });
      if (file.size > LOGO_MAX_BYTES) throw new InvalidForm({ data: t('organisation.logoSize') });
      await api.updateLogo({ data: await base64Of(file) });
      await refresh();
      return t('organisation.logoSaved');
    });
  };

  const remove = () =>
    void form.run(async () => {
      await api.deleteLogo();
      await refresh();
      return t('organisation.logoRemoved');
    });

  return (
    <section className="panel stack" aria-labelledby="logo-title">
      <h2 id="logo-title">{t('organisation.logoTitle')}</h2>
      {logoUrl ? (
        <p>
          <img
            src={logoUrl}
            alt={t('organisation.logoCurrent')}
            height={48}
            className="logo-preview"
          />
        </p>
      ) : (
        <p>{t('organisation.noLogo')}</p>
      )}
      <form className="stack" onSubmit={submit} noValidate>
        <ErrorSummary form={form} labels={labels} />
        <Field
          name="data"
          label={labels.data}
          hint={t('organisation.logoHint')}
          error={form.errors.data}
        >
          {(p) => (
            <input
              {...p}
              type="file"
              accept="image/png,image/jpeg,image/webp"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          )}
        </Field>
        <FormEnd form={form} label={t('organisation.logoUpload')}>
          {logoUrl && (
            <button
              type="button"
              className="button button--secondary"
              disabled={form.pending}
              onClick={remove}
            >
              {t('organisation.logoRemove')}
            </button>
          )}
        </FormEnd>
      </form>
    </section>
  );
}
