import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ErrorSummary,
  Field,
  TimezoneSelect,
  detectTimeZone,
  fieldId,
} from '../../components/forms.tsx';
import { ApiError, api, type ImportStreamLine } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { refreshDirectory } from '../../lib/query.ts';
import { TwoFactorPanel } from '../admin/AdminLayout.tsx';

type Result = Extract<ImportStreamLine, { type: 'result' }>['result'];

/** Admin: import a Meeting Guide JSON feed, with a real progress bar from the NDJSON stream. */
export default function ImportMeetings() {
  const { t } = useTranslation();
  const form = useForm();
  const queryClient = useQueryClient();
  const [timezone, setTimezone] = useState(detectTimeZone);
  const [source, setSource] = useState('');
  const [text, setText] = useState('');
  const [dryRun, setDryRun] = useState(true);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [needs2fa, setNeeds2fa] = useState(false);
  const labels = {
    feed: t('import.feed'),
    source: t('import.source'),
    timezone: t('fields.timezone'),
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setText(await file.text());
    if (!source) setSource(file.name);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    setProgress(null);
    void form.run(
      async () => {
        let failure: string | null = null;
        let final: Result | null = null;
        await api.importMeetingGuide(
          { timezone, source: source.trim(), dryRun, feed: text },
          (line) => {
            if (line.type === 'progress') setProgress({ done: line.done, total: line.total });
            else if (line.type === 'result') final = line.result;
            else failure = line.error.message;
          },
        );
        if (failure) throw new ApiError(500, 'import_failed', failure);
        if (!final) throw new ApiError(500, 'import_failed', t('import.noResult'));
        setResult(final);
        if (!dryRun) await refreshDirectory(queryClient);
        return dryRun ? t('import.checked') : t('import.done');
      },
      (e) => {
        if (e.code === 'two_factor_required') setNeeds2fa(true);
        return undefined;
      },
    );
  };

  if (needs2fa) return <TwoFactorPanel />;
  const percent =
    progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <>
      <PageHeading title={`${t('import.title')} · ${t('admin.title')}`}>
        {t('import.title')}
      </PageHeading>
      <p>{t('import.intro')}</p>
      <form onSubmit={submit} noValidate className="form stack">
        <ErrorSummary form={form} labels={labels} />
        <div className="field">
          <label htmlFor="import-file">{t('import.file')}</label>
          <p className="hint" id="import-file-hint">
            {t('import.fileHint')}
          </p>
          <input
            id="import-file"
            type="file"
            accept=".json,application/json"
            aria-describedby="import-file-hint"
            onChange={(e) => void readFile(e.target.files?.[0])}
          />
        </div>
        <Field name="feed" label={labels.feed} hint={t('import.feedHint')} error={form.errors.feed}>
          {(p) => (
            <textarea
              {...p}
              className="mono"
              rows={8}
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <Field
          name="source"
          label={labels.source}
          hint={t('import.sourceHint')}
          error={form.errors.source}
        >
          {(p) => (
            <input {...p} type="text" value={source} onChange={(e) => setSource(e.target.value)} />
          )}
        </Field>
        <Field
          name="timezone"
          label={labels.timezone}
          hint={t('import.timezoneHint')}
          error={form.errors.timezone}
        >
          {(p) => <TimezoneSelect {...p} value={timezone} onChange={setTimezone} />}
        </Field>
        <div className="choice">
          <input
            type="checkbox"
            id={fieldId('dryRun')}
            checked={dryRun}
            onChange={(e) => setDryRun(e.target.checked)}
          />
          <label htmlFor={fieldId('dryRun')}>{t('import.dryRun')}</label>
          <p className="hint">{t('import.dryRunHint')}</p>
        </div>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={form.pending}>
            {form.pending ? t('import.working') : dryRun ? t('import.check') : t('import.submit')}
          </button>
        </div>
        {(form.pending || progress) && (
          <div className="progress-block">
            <label htmlFor="import-progress">{t('import.progress')}</label>
            <progress id="import-progress" max={100} value={percent}>
              {percent}%
            </progress>
            <p className="small" aria-live="polite">
              {progress
                ? t('import.progressText', { done: progress.done, total: progress.total })
                : t('import.working')}
            </p>
          </div>
        )}
        <div role="status">
          {form.status && <p className="notice notice--success">{form.status}</p>}
        </div>
      </form>
      {result && <ImportResultView result={result} />}
    </>
  );
}

function ImportResultView({ result: r }: { result: Result }) {
  const { t } = useTranslation();
  return (
    <section className="stack" aria-labelledby="import-result">
      <h2 id="import-result">{r.dryRun ? t('import.resultDry') : t('import.result')}</h2>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('import.countsCaption')}</caption>
          <tbody>
            <tr>
              <th scope="row">{t('import.imported')}</th>
              <td>{r.imported}</td>
            </tr>
            <tr>
              <th scope="row">{t('import.updated')}</th>
              <td>{r.updated}</td>
            </tr>
            <tr>
              <th scope="row">{t('import.unchanged')}</th>
              <td>{r.unchanged}</td>
            </tr>
            <tr>
              <th scope="row">{t('import.skipped')}</th>
              <td>{r.skipped.length}</td>
            </tr>
            <tr>
              <th scope="row">{t('import.groupsCreated')}</th>
              <td>{r.groupsCreated}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {r.skipped.length > 0 && (
        <>
          <h3>{t('import.skippedTitle')}</h3>
          <div className="table-wrap">
            <table className="table table--cards">
              <thead>
                <tr>
                  <th scope="col">{t('import.row')}</th>
                  <th scope="col">{t('import.slug')}</th>
                  <th scope="col">{t('import.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {r.skipped.map((s, i) => (
                  <tr key={`${s.row}-${i}`}>
                    <td data-label={t('import.row')}>{s.row}</td>
                    <td data-label={t('import.slug')} className="break">
                      {s.slug ?? '—'}
                    </td>
                    <td data-label={t('import.reason')}>
                      {s.message} <span className="small">({s.reason})</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
