import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.tsx';
import { AuditList } from '../../components/AuditList.tsx';
import { Loading } from '../../components/forms.tsx';
import { ApiError, api, type AuditPage, type Verification } from '../../lib/api.ts';
import { apiErrorMessage } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { TwoFactorPanel } from './AdminLayout.tsx';

type Filters = { actorId: string; subjectId: string; action: string };
const uuidLike = /^[0-9a-f-]{36}$/i;

export default function Audit() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [draft, setDraft] = useState<Filters>({ actorId: '', subjectId: '', action: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [events, setEvents] = useState<AuditPage['events'] | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filterErrors, setFilterErrors] = useState<Partial<Filters>>({});
  const [needs2fa, setNeeds2fa] = useState(false);
  const [busy, setBusy] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<Verification | null>(null);

  const handle = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError && e.code === 'two_factor_required') setNeeds2fa(true);
      else setError(apiErrorMessage(e, t));
    },
    [t],
  );

  const load = useCallback(
    async (f: Filters, before: number | null) => {
      setBusy(true);
      try {
        const page = await api.adminAudit({ ...f, before });
        setEvents((prev) => (before && prev ? [...prev, ...page.events] : page.events));
        setCursor(page.nextCursor);
        setError(null);
      } catch (e) {
        handle(e);
      } finally {
        setBusy(false);
      }
    },
    [handle],
  );
  useEffect(() => {
    void load(filters, null);
  }, [load, filters]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Partial<Filters> = {};
    const next = {
      actorId: draft.actorId.trim(),
      subjectId: draft.subjectId.trim(),
      action: draft.action.trim(),
    };
    if (next.actorId && !uuidLike.test(next.actorId)) errs.actorId = t('validation.invalid');
    if (next.subjectId && !uuidLike.test(next.subjectId)) errs.subjectId = t('validation.invalid');
    setFilterErrors(errs);
    if (Object.keys(errs).length === 0) setFilters(next);
  };

  const verify = async () => {
    setVerifying(true);
    setVerification(null);
    try {
      setVerification(await api.verifyAudit());
    } catch (e) {
      handle(e);
    } finally {
      setVerifying(false);
    }
  };

  const filterField = (name: keyof Filters, label: string, hint?: string) => (
    <div className={filterErrors[name] ? 'field field--error' : 'field'}>
      <label htmlFor={`f-${name}`}>{label}</label>
      {hint && (
        <p className="hint" id={`f-${name}-hint`}>
          {hint}
        </p>
      )}
      {filterErrors[name] && (
        <p className="field-error" id={`f-${name}-error`}>
          {filterErrors[name]}
        </p>
      )}
      <input
        id={`f-${name}`}
        type="text"
        spellCheck={false}
        autoCapitalize="none"
        aria-invalid={filterErrors[name] ? true : undefined}
        aria-describedby={
          [hint ? `f-${name}-hint` : '', filterErrors[name] ? `f-${name}-error` : '']
            .filter(Boolean)
            .join(' ') || undefined
        }
        value={draft[name]}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      />
    </div>
  );

  return (
    <>
      <PageHeading title={`${t('admin.audit')} · ${t('admin.title')}`}>
        {t('admin.audit')}
      </PageHeading>
      {needs2fa ? (
        <TwoFactorPanel />
      ) : (
        <>
          <p>{t('admin.auditIntro')}</p>
          <div className="actions">
            <button
              type="button"
              className="button button--secondary"
              disabled={verifying}
              onClick={() => void verify()}
            >
              {verifying ? t('admin.verifying') : t('admin.verify')}
            </button>
          </div>
          <div role="status">
            {verification &&
              (verification.ok ? (
                <p className="notice notice--success">
                  {t('admin.verifyOk', { count: verification.checked })}
                </p>
              ) : (
                <p className="notice notice--error">
                  {t('admin.verifyBroken', {
                    id: verification.firstBrokenId,
                    count: verification.checked,
                  })}
                </p>
              ))}
          </div>
          <form className="filters" onSubmit={submit} role="search">
            {filterField('action', t('admin.action'), t('admin.actionHint'))}
            {filterField('actorId', t('admin.actorId'))}
            {filterField('subjectId', t('admin.subjectId'))}
            <button type="submit" className="button button--primary">
              {t('admin.filter')}
            </button>
          </form>
          {error && (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          )}
          {!events && !error && <Loading />}
          {events && events.length === 0 && <p>{t('admin.noEvents')}</p>}
          {events && events.length > 0 && (
            <AuditList events={events} timeZone={user?.timezone} showIds />
          )}
          {cursor !== null && (
            <div className="actions">
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                onClick={() => void load(filters, cursor)}
              >
                {t('admin.showOlder')}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}
