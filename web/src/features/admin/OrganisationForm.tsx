import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ORGANISATION_TEXT_MAX,
  SENDER_NAME_MAX,
  UpdateOrganisationBody,
  type OrganisationSettings,
} from '../../../../contracts/settings.ts';
import { ErrorSummary, Field, FormEnd } from '../../components/forms.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { queryKeys } from '../../lib/query.ts';

/** The organisation's name and the texts shown at sign-up, on /privacy and /guidelines. */
export function OrganisationForm() {
  const query = useQuery({ queryKey: queryKeys.organisationSettings(), queryFn: api.organisation });
  return <QueryState query={query}>{(saved) => <Form saved={saved} />}</QueryState>;
}

function Form({ saved }: { saved: OrganisationSettings }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm();
  const [values, setValues] = useState(saved);
  const labels = {
    name: t('organisation.name'),
    privacyText: t('organisation.privacy'),
    guidelinesText: t('organisation.guidelines'),
    senderName: t('organisation.senderName'),
    senderAddress: t('organisation.senderAddress'),
    replyTo: t('organisation.replyTo'),
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(UpdateOrganisationBody, values);
      await api.updateOrganisation(body);
      await client.invalidateQueries({ queryKey: queryKeys.publicOrganisation() });
      await client.invalidateQueries({ queryKey: queryKeys.organisationSettings() });
      return t('organisation.saved');
    });
  };

  const text = (name: 'privacyText' | 'guidelinesText') => (
    <Field
      name={name}
      label={labels[name]}
      hint={t('organisation.markdownHint')}
      error={form.errors[name]}
      optional
    >
      {(p) => (
        <textarea
          {...p}
          rows={8}
          maxLength={ORGANISATION_TEXT_MAX}
          value={values[name]}
          onChange={(e) => setValues({ ...values, [name]: e.target.value })}
        />
      )}
    </Field>
  );

  const sender = (name: 'senderName' | 'senderAddress' | 'replyTo') => (
    <Field
      name={name}
      label={labels[name]}
      hint={t(`organisation.${name}Hint`)}
      error={form.errors[name]}
      optional
    >
      {(p) => (
        <input
          {...p}
          type={name === 'senderName' ? 'text' : 'email'}
          autoComplete="off"
          spellCheck={false}
          maxLength={name === 'senderName' ? SENDER_NAME_MAX : 254}
          value={values[name]}
          onChange={(e) => setValues({ ...values, [name]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <section className="panel stack" aria-labelledby="organisation-title">
      <h2 id="organisation-title">{t('organisation.title')}</h2>
      <form className="stack" onSubmit={submit} noValidate>
        <ErrorSummary form={form} labels={labels} />
        <Field name="name" label={labels.name} error={form.errors.name}>
          {(p) => (
            <input
              {...p}
              type="text"
              value={values.name}
              onChange={(e) => setValues({ ...values, name: e.target.value })}
            />
          )}
        </Field>
        {text('privacyText')}
        {text('guidelinesText')}
        <fieldset className="stack">
          <legend>{t('organisation.emailTitle')}</legend>
          <p>{t('organisation.emailIntro')}</p>
          {sender('senderName')}
          {sender('senderAddress')}
          {sender('replyTo')}
        </fieldset>
        <FormEnd form={form} />
      </form>
    </section>
  );
}
