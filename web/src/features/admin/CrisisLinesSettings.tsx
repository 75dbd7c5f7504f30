import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MAX_CRISIS_LINES,
  UpdateCrisisLinesBody,
  type CrisisLine,
  type CrisisLinesSettings as Saved,
} from '../../../../contracts/settings.ts';
import { ErrorSummary, Field, FormStatus, SubmitButton } from '../../components/forms.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { queryKeys } from '../../lib/query.ts';

/** One line as the form holds it: every field a string, empty when unused. */
interface Draft {
  country: string;
  name: string;
  call: string;
  textNumber: string;
  textKeyword: string;
  url: string;
  hours: string;
}

const FIELDS = ['country', 'name', 'call', 'text.number', 'text.keyword', 'url', 'hours'] as const;
type FieldName = (typeof FIELDS)[number];

const toDraft = (l: CrisisLine): Draft => ({
  country: l.country,
  name: l.name,
  call: l.call ?? '',
  textNumber: l.text?.number ?? '',
  textKeyword: l.text?.keyword ?? '',
  url: l.url ?? '',
  hours: l.hours ?? '',
});

const blank: Draft = toDraft({ country: '', name: '' });

/** The line to send: empty fields left out, so the contract's rules name what is missing. */
function toLine(d: Draft): Record<string, unknown> {
  const v = (s: string) => s.trim() || undefined;
  const text =
    v(d.textNumber) || v(d.textKeyword)
      ? { number: d.textNumber.trim(), keyword: v(d.textKeyword) }
      : undefined;
  return {
    country: d.country,
    name: d.name,
    call: v(d.call),
    text,
    url: v(d.url),
    hours: v(d.hours),
  };
}

const value = (d: Draft, f: FieldName) =>
  f === 'text.number' ? d.textNumber : f === 'text.keyword' ? d.textKeyword : d[f];

const withValue = (d: Draft, f: FieldName, v: string): Draft =>
  f === 'text.number'
    ? { ...d, textNumber: v }
    : f === 'text.keyword'
      ? { ...d, textKeyword: v }
      : { ...d, [f]: v };

const LABEL_KEYS: Record<FieldName, string> = {
  country: 'admin.crisis.country',
  name: 'admin.crisis.name',
  call: 'admin.crisis.call',
  'text.number': 'admin.crisis.textNumber',
  'text.keyword': 'admin.crisis.textKeyword',
  url: 'admin.crisis.url',
  hours: 'admin.crisis.hours',
};

/** The crisis lines every visitor sees behind "Get help now" and in the footer. */
export function CrisisLinesSettings() {
  const query = useQuery({ queryKey: queryKeys.crisisLines(), queryFn: api.crisisLines });
  return <QueryState query={query}>{(saved) => <CrisisLinesForm saved={saved} />}</QueryState>;
}

function CrisisLinesForm({ saved: initial }: { saved: Saved }) {
  const { t } = useTranslation();
  const form = useForm();
  const queryClient = useQueryClient();
  const [lines, setLines] = useState<Draft[]>(initial.lines.map(toDraft));
  const [isDefault, setIsDefault] = useState(initial.isDefault);

  const save = (body: { lines: unknown[] | null }) =>
    form.run(async () => {
      const checked = form.check(UpdateCrisisLinesBody, body);
      const saved = await api.updateCrisisLines(checked);
      queryClient.setQueryData(queryKeys.crisisLines(), saved);
      await queryClient.invalidateQueries({ queryKey: queryKeys.publicSettings() });
      setLines(saved.lines.map(toDraft));
      setIsDefault(saved.isDefault);
      return saved.isDefault ? t('admin.crisis.reset') : t('admin.crisis.saved');
    });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save({ lines: lines.map(toLine) });
  };

  const lineLabel = (i: number) => t('admin.crisis.line', { n: i + 1 });
  const labels = Object.fromEntries(
    lines.flatMap((_, i) =>
      FIELDS.map((f) => [`lines.${i}.${f}`, `${lineLabel(i)}: ${t(LABEL_KEYS[f])}`]),
    ),
  );

  return (
    <section className="panel stack" aria-labelledby="crisis-settings-title">
      <form className="stack" onSubmit={onSubmit} noValidate>
        <h2 id="crisis-settings-title">{t('admin.crisis.title')}</h2>
        <p>{t('admin.crisis.explain')}</p>
        {isDefault && <p className="notice notice--info">{t('admin.crisis.usingDefaults')}</p>}
        <ErrorSummary form={form} labels={{ ...labels, lines: t('admin.crisis.title') }} />
        {form.errors.lines && (
          <p className="field-error" id="f-lines-error">
            {form.errors.lines}
          </p>
        )}
        {lines.map((line, i) => (
          <fieldset key={i} className="stack">
            <legend>{lineLabel(i)}</legend>
            {FIELDS.map((f) => (
              <Field
                key={f}
                name={`lines.${i}.${f}`}
                label={t(LABEL_KEYS[f])}
                hint={f === 'country' ? t('admin.crisis.countryHint') : undefined}
                error={form.errors[`lines.${i}.${f}`]}
                optional={f !== 'country' && f !== 'name'}
              >
                {(p) => (
                  <input
                    {...p}
                    type={
                      f === 'url' ? 'url' : f === 'call' || f === 'text.number' ? 'tel' : 'text'
                    }
                    autoComplete="off"
                    maxLength={f === 'url' ? 300 : 100}
                    value={value(line, f)}
                    onChange={(e) =>
                      setLines(lines.map((l, j) => (j === i ? withValue(l, f, e.target.value) : l)))
                    }
                  />
                )}
              </Field>
            ))}
            <p>
              <button
                type="button"
                className="button button--danger-quiet"
                onClick={() => setLines(lines.filter((_, j) => j !== i))}
              >
                {t('admin.crisis.remove', { line: lineLabel(i) })}
              </button>
            </p>
          </fieldset>
        ))}
        <p className="actions">
          {lines.length < MAX_CRISIS_LINES && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setLines([...lines, blank])}
            >
              {t('admin.crisis.add')}
            </button>
          )}
        </p>
        <p className="actions">
          <SubmitButton form={form}>{t('admin.crisis.save')}</SubmitButton>
          {!isDefault && (
            <button
              type="button"
              className="button button--secondary"
              disabled={form.pending}
              onClick={() => void save({ lines: null })}
            >
              {t('admin.crisis.useDefaults')}
            </button>
          )}
        </p>
        <FormStatus form={form} />
      </form>
    </section>
  );
}
