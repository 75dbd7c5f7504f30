import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.tsx';
import { AuditList } from '../../components/AuditList.tsx';
import { LoadError, QueryState, ShowMore } from '../../components/QueryState.tsx';
import { api } from '../../lib/api.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';
import { TwoFactorPanel, isTwoFactorRequired } from './AdminLayout.tsx';

type Filters = { actorId: string; subjectId: string; action: string };
const uuidLike = /^[0-9a-f-]{36}$/i;

export default function Audit() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [draft, setDraft] = useState<Filters>({ actorId: '', subjectId: '', action: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [filterErrors, setFilterErrors] = useState<Partial<Filters>>({});
  const query = useInfiniteQuery({
    queryKey: queryKeys.adminAudit(filters),
    queryFn: ({ pageParam }) => api.adminAudit({ ...filters, before: pageParam }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const verify = useMutation({ mutationFn: api.verifyAudit });
  const verification = verify.data;
  const needs2fa = isTwoFactorRequired(query.error) || isTwoFactorRequired(verify.error);

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
              disabled={verify.isPending}
              onClick={() => verify.mutate()}
            >
              {verify.isPending ? t('admin.verifying') : t('admin.verify')}
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
          {verify.error && !needs2fa && (
            <LoadError error={verify.error} onRetry={() => verify.mutate()} />
          )}
          <QueryState query={query}>
            {(data) => {
              const events = data.pages.flatMap((p) => p.events);
              return events.length === 0 ? (
                <p>{t('admin.noEvents')}</p>
              ) : (
                <AuditList events={events} timeZone={user?.timezone} showIds />
              );
            }}
          </QueryState>
          <ShowMore query={query} label={t('admin.showOlder')} />
        </>
      )}
    </>
  );
}
