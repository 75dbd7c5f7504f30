import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MatchBody } from '../../../../contracts/groups.ts';
import { ErrorSummary, fieldId } from '../../components/forms.tsx';
import { api, type MatchResponse } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { AttendanceBadge } from '../finder/AttendanceBadge.tsx';
import { labelFor, languageName } from '../finder/labels.ts';
import { AUDIENCES, FOCUS_AREAS, LANGUAGES } from '../finder/values.ts';

const HOW_LONG = ['not_started', 'under_90_days', 'under_1_year', 'over_1_year'] as const;
const ATTEND = ['either', 'online', 'in_person'] as const;

type Reason = MatchResponse['matches'][number]['reasons'][number];

/** Each question's own words for "this needs an answer" (whatever the schema's issue was). */
const FIELD_ERRORS: Record<string, string> = {
  workingOn: 'match.errors.workingOn',
  howLong: 'match.errors.howLong',
  audience: 'match.errors.audience',
  language: 'match.errors.language',
  attendance: 'match.errors.attendance',
};

/** A reason code from the server, with its parameters translated. */
function reasonText(r: Reason, t: (k: string, o?: Record<string, unknown>) => string): string {
  const p = r.params ?? {};
  const one = (key: string) => String(p[key] ?? '');
  switch (r.code) {
    case 'focus': {
      const areas = Array.isArray(p.areas) ? p.areas : [one('areas')];
      return t('match.reason.focus', { areas: areas.map((a) => labelFor('focus', a)).join(', ') });
    }
    case 'stage':
      return t('match.reason.stage', { stage: labelFor('stage', one('stage')) });
    case 'audience':
    case 'audience_other':
      return t(`match.reason.${r.code}`, { audience: labelFor('audience', one('audience')) });
    case 'language':
    case 'language_missing':
      return t(`match.reason.${r.code}`, { language: languageName(one('language')) });
    case 'format':
    case 'format_other':
      return t(`match.reason.${r.code}`, { format: labelFor('format', one('format')) });
    case 'has_places':
      return t('match.reason.has_places', { count: Number(p.placesLeft ?? 0) });
    default:
      return t(`match.reason.${r.code}`);
  }
}

/** "Find my group": five questions, then groups ranked with the reasons they fit. */
export default function Match() {
  const { t, i18n } = useTranslation();
  const submitted = useForm();
  // The form as shown: a question's problem in that question's words, in the person's language.
  const form = {
    ...submitted,
    errors: Object.fromEntries(
      Object.entries(submitted.errors).map(([field, message]) => {
        const key = FIELD_ERRORS[field];
        return [field, key ? t(key) : message];
      }),
    ),
  };
  const [workingOn, setWorkingOn] = useState<string[]>([]);
  const [howLong, setHowLong] = useState('');
  const [audience, setAudience] = useState('');
  const [language, setLanguage] = useState(i18n.language.startsWith('es') ? 'es' : '');
  const [attendance, setAttendance] = useState<string>('either');
  const [result, setResult] = useState<MatchResponse | null>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);
  const labels = {
    workingOn: t('match.workingOn'),
    howLong: t('match.howLong'),
    audience: t('match.audience'),
    language: t('match.language'),
    attendance: t('match.attendance'),
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      // Checked here with the server's own rules, so an unanswered question is named at once.
      const body = form.check(MatchBody, {
        workingOn,
        howLong,
        ...(audience ? { audience } : {}),
        ...(language ? { language } : {}),
        attendance,
      });
      const r = await api.matchGroups(body);
      setResult(r);
      requestAnimationFrame(() => resultsRef.current?.focus());
    });
  };

  return (
    <div className="stack">
      <p className="breadcrumbs">
        <Link to="/groups">{t('finder.title')}</Link>
      </p>
      <PageHeading>{t('match.title')}</PageHeading>
      <p className="lead">{t('match.intro')}</p>
      <form onSubmit={submit} noValidate className="form stack panel">
        <ErrorSummary form={form} labels={labels} />
        <fieldset
          id={fieldId('workingOn')}
          tabIndex={-1}
          className={form.errors.workingOn ? 'field field--error' : 'field'}
          aria-describedby={form.errors.workingOn ? 'workingOn-error' : undefined}
        >
          <legend>1. {labels.workingOn}</legend>
          <p className="hint">{t('match.workingOnHint')}</p>
          {form.errors.workingOn && (
            <p className="field-error" id="workingOn-error">
              {form.errors.workingOn}
            </p>
          )}
          <ul className="chips">
            {FOCUS_AREAS.map((f) => (
              <li key={f}>
                <input
                  type="checkbox"
                  id={`m-focus-${f}`}
                  checked={workingOn.includes(f)}
                  onChange={() =>
                    setWorkingOn((w) => (w.includes(f) ? w.filter((x) => x !== f) : [...w, f]))
                  }
                />
                <label htmlFor={`m-focus-${f}`}>{labelFor('focus', f)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset
          id={fieldId('howLong')}
          tabIndex={-1}
          className={form.errors.howLong ? 'field field--error' : 'field'}
        >
          <legend>2. {labels.howLong}</legend>
          {form.errors.howLong && <p className="field-error">{form.errors.howLong}</p>}
          <ul className="chips">
            {HOW_LONG.map((h) => (
              <li key={h}>
                <input
                  type="radio"
                  name="howLong"
                  id={`m-how-${h}`}
                  checked={howLong === h}
                  onChange={() => setHowLong(h)}
                />
                <label htmlFor={`m-how-${h}`}>{t(`match.howLongOptions.${h}`)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="field">
          <label htmlFor={fieldId('audience')}>3. {labels.audience}</label>
          <select
            id={fieldId('audience')}
            value={audience}
            onChange={(e) => setAudience(e.target.value)}
          >
            <option value="">{t('match.noPreference')}</option>
            {AUDIENCES.filter((a) => a !== 'everyone').map((a) => (
              <option key={a} value={a}>
                {labelFor('audience', a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={fieldId('language')}>4. {labels.language}</label>
          <select
            id={fieldId('language')}
            value={language}
            onChange={(e) => setLanguage(e.target.value)}
          >
            <option value="">{t('match.noPreference')}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {languageName(l)}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field">
          <legend>5. {labels.attendance}</legend>
          <ul className="chips">
            {ATTEND.map((a) => (
              <li key={a}>
                <input
                  type="radio"
                  name="attendance"
                  id={`m-att-${a}`}
                  checked={attendance === a}
                  onChange={() => setAttendance(a)}
                />
                <label htmlFor={`m-att-${a}`}>{t(`match.attendOptions.${a}`)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={form.pending}>
            {form.pending ? t('finder.searching') : t('match.submit')}
          </button>
        </div>
      </form>

      {result && (
        <section aria-labelledby="match-results" className="stack">
          <h2 id="match-results" ref={resultsRef} tabIndex={-1}>
            {result.matches.length > 0 ? t('match.resultsTitle') : t('match.none')}
          </h2>
          {result.matches.length === 0 && (
            <p>
              <Link to="/groups">{t('match.browseAll')}</Link>
            </p>
          )}
          <ol className="results">
            {result.matches.map((m) => (
              <li key={m.group.slug} className="result">
                <h3 className="result__title">
                  <Link to={`/groups/${encodeURIComponent(m.group.slug)}`}>{m.group.name}</Link>
                </h3>
                <p className="detail__sub">
                  <AttendanceBadge value={m.group.format} />
                  {!m.group.isOpen && <span className="tag">{t('finder.closedGroup')}</span>}
                  {!m.fits && <span className="tag tag--warn">{t('match.notRightNow')}</span>}
                </p>
                <ul className="reasons">
                  {m.reasons.map((r, i) => (
                    <li
                      key={`${r.code}-${i}`}
                      className={
                        ['language_missing', 'full', 'audience_other', 'format_other'].includes(
                          r.code,
                        )
                          ? 'reason reason--against'
                          : 'reason'
                      }
                    >
                      {reasonText(r, t)}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
