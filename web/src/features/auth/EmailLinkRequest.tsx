import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ZodType } from 'zod';
import { EmailField } from '../../components/fields.tsx';
import { ErrorSummary, FormEnd } from '../../components/forms.tsx';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

interface EmailBody {
  email: string;
}

/**
 * A page that asks for an email address and has a link sent to it (a password reset, a
 * one-time sign-in link). `texts` names the catalogue section with its `title`, `intro`,
 * `submit`, `submitting` and `sent` (the same answer whether or not an account uses the
 * address); `schema` is the contract the request body must pass before `send` is called.
 */
export function EmailLinkRequest({
  texts,
  schema,
  send,
}: {
  texts: 'forgot' | 'signInLink';
  schema: ZodType<EmailBody>;
  send: (body: EmailBody) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const form = useForm();
  const [email, setEmail] = useState('');
  const labels = { email: t('fields.email') };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(schema, { email });
      await send(body);
      return t(`${texts}.sent`, { email: body.email });
    });
  };
  return (
    <div className="narrow stack">
      <PageHeading>{t(`${texts}.title`)}</PageHeading>
      <p className="lead">{t(`${texts}.intro`)}</p>
      <form onSubmit={submit} noValidate className="form stack">
        <ErrorSummary form={form} labels={labels} />
        <EmailField form={form} hint={null} value={email} onChange={setEmail} />
        <FormEnd form={form} label={t(`${texts}.submit`)} pendingText={t(`${texts}.submitting`)}>
          <Link to="/sign-in">{t('forgot.back')}</Link>
        </FormEnd>
      </form>
    </div>
  );
}
