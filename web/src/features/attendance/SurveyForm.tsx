import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SURVEY_COMMENT_MAX, SurveyBody } from '../../../../contracts/attendance.ts';
import type { PendingSurvey } from '../../../../contracts/attendance.ts';
import { ErrorSummary, Field, FormEnd } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { formatDate, formatMeetingTime } from '../../lib/format.ts';
import { useForm } from '../../lib/form.ts';

const RATINGS = [1, 2, 3, 4, 5] as const;

/**
 * "How helpful was today's meeting?": a radio group of 1 to 5, each with its words, and an
 * optional comment. Answering is optional; the answer is anonymous.
 */
export function SurveyForm({
  survey,
  zone,
  onAnswered,
}: {
  survey: PendingSurvey;
  zone: string;
  /** Called once the answer is stored (a list that then drops the question says thanks). */
  onAnswered?: () => void;
}) {
  const { t } = useTranslation();
  const form = useForm();
  const client = useQueryClient();
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const headingId = useId();
  const legendId = useId();
  const name = `rating-${survey.meetingSlug}-${survey.occurrenceId}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(SurveyBody, { rating: rating ?? undefined, comment });
      await api.answerSurvey(survey.meetingSlug, survey.occurrenceId, body);
      onAnswered?.();
      await client.invalidateQueries({ queryKey: ['me'] });
      // A list that drops the answered question says thanks itself (once, outside the form).
      return onAnswered ? null : t('attendance.thanks');
    });
  };

  return (
    <section className="panel stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('attendance.surveyQuestion')}</h2>
      <p className="small">
        {t('attendance.surveyFor', {
          meeting: survey.meetingName,
          date: formatMeetingTime(survey.start, zone),
        })}
        {' · '}
        {survey.answered
          ? t('attendance.answeredChange', { date: formatDate(survey.answerableUntil, zone) })
          : t('attendance.optionalNote')}
      </p>
      <form onSubmit={submit} noValidate className="stack">
        <ErrorSummary
          form={form}
          labels={{ rating: t('attendance.surveyQuestion'), comment: t('attendance.comment') }}
        />
        <fieldset
          className={form.errors.rating ? 'field field--error' : 'field'}
          aria-describedby={form.errors.rating ? `${legendId}-error` : undefined}
        >
          <legend id={legendId}>{t('attendance.ratingLegend')}</legend>
          {form.errors.rating && (
            <p className="field-error" id={`${legendId}-error`}>
              <span aria-hidden="true">⚠ </span>
              {form.errors.rating}
            </p>
          )}
          <div className="rating-options" role="radiogroup" aria-labelledby={legendId}>
            {RATINGS.map((n) => (
              <label key={n} className="rating-option">
                <input
                  type="radio"
                  name={name}
                  value={n}
                  id={n === 1 ? 'f-rating' : undefined}
                  checked={rating === n}
                  onChange={() => setRating(n)}
                />{' '}
                {t('attendance.ratingLabel', { n, label: t(`attendance.rating.r${n}`) })}
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          name="comment"
          label={t('attendance.comment')}
          hint={t('attendance.commentHint', { max: SURVEY_COMMENT_MAX })}
          error={form.errors.comment}
          optional
        >
          {(props) => (
            <textarea
              {...props}
              rows={3}
              maxLength={SURVEY_COMMENT_MAX}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          )}
        </Field>
        <FormEnd form={form} label={t('attendance.send')} pendingText={t('attendance.sending')} />
      </form>
    </section>
  );
}
