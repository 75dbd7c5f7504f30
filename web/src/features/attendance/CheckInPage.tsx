import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CHECK_IN_CODE_LENGTH, CheckInBody } from '../../../../contracts/attendance.ts';
import { ErrorSummary, Field, FormEnd } from '../../components/forms.tsx';
import { useForm } from '../../lib/form.ts';
import { api } from '../../lib/api.ts';
import { PageHeading } from '../../lib/page.tsx';

/** A member checks in to an in-person meeting with the code their facilitator shows. */
export default function CheckInPage() {
  const { t } = useTranslation();
  const { slug = '', occurrenceId = '' } = useParams();
  const form = useForm();
  const client = useQueryClient();
  const [code, setCode] = useState('');
  const [done, setDone] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(CheckInBody, { code });
      await api.checkIn(slug, occurrenceId, body);
      setDone(true);
      await client.invalidateQueries({ queryKey: ['me'] });
      return t('attendance.checkedIn');
    });
  };

  return (
    <div className="stack narrow">
      <p className="breadcrumbs">
        <Link to={`/meetings/${encodeURIComponent(slug)}`}>{t('attendance.backToMeeting')}</Link>
      </p>
      <PageHeading>{t('attendance.checkInTitle')}</PageHeading>
      <p>{t('attendance.checkInIntro')}</p>
      <form onSubmit={submit} noValidate className="stack">
        <ErrorSummary form={form} labels={{ code: t('attendance.code') }} />
        <Field
          name="code"
          label={t('attendance.code')}
          hint={t('attendance.codeFieldHint', { length: CHECK_IN_CODE_LENGTH })}
          error={form.errors.code}
        >
          {(props) => (
            <input
              {...props}
              className="input--code"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              inputMode="text"
              maxLength={20}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              disabled={done}
            />
          )}
        </Field>
        <FormEnd
          form={form}
          label={t('attendance.checkInButton')}
          pendingText={t('attendance.checkingIn')}
        />
      </form>
    </div>
  );
}
