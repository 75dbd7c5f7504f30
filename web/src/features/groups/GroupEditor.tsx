import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  PUBLIC_AREA_MAX,
  type Audience,
  type FocusArea,
  type GroupFormat,
  type Stage,
} from '../../../../contracts/groups.ts';
import { ErrorSummary, Field, SubmitButton, fieldId } from '../../components/forms.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { ApiError, api, type GroupView } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys, refreshDirectory } from '../../lib/query.ts';
import { TwoFactorPanel } from '../admin/AdminLayout.tsx';
import { labelFor } from '../finder/labels.ts';
import { AUDIENCES, FOCUS_AREAS, STAGES } from '../finder/values.ts';

const FORMATS = ['in_person', 'online', 'hybrid'] as const;

interface Values {
  name: string;
  description: string;
  focusAreas: FocusArea[];
  stage: Stage;
  audience: Audience;
  languages: string;
  format: GroupFormat;
  isOpen: boolean;
  capacity: string;
  agreement: string;
  publicArea: string;
}

/** A value the contract knows, or the fallback (views carry plain strings). */
const known = <T extends string>(list: readonly T[], value: string | undefined, fallback: T): T =>
  list.find((x) => x === value) ?? fallback;

const fromGroup = (g: GroupView | null): Values => ({
  name: g?.name ?? '',
  description: g?.description ?? '',
  focusAreas: (g?.focusAreas ?? []).flatMap((f) => FOCUS_AREAS.filter((x) => x === f)),
  stage: known(STAGES, g?.stage, 'ongoing'),
  audience: known(AUDIENCES, g?.audience, 'everyone'),
  languages: (g?.languages ?? ['en']).join(', '),
  format: g?.format ?? 'in_person',
  isOpen: g?.isOpen ?? true,
  capacity: g?.capacity?.toString() ?? '',
  agreement: g?.agreement ?? '',
  publicArea: g?.publicArea ?? '',
});

const isNotFound = (e: unknown) => e instanceof ApiError && e.status === 404;

/** Staff: create a group (`/groups/new`, admins) or edit one (`/groups/:slug/edit`). */
export default function GroupEditor() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const query = useQuery({
    queryKey: queryKeys.group(slug ?? ''),
    queryFn: () => api.group(slug ?? ''),
    enabled: Boolean(slug),
  });
  if (!slug) return <GroupForm group={null} />;
  const notAllowed = (
    <div className="narrow stack">
      <PageHeading>{t('groups.edit')}</PageHeading>
      <p className="notice notice--error">{t('editor.notAllowed')}</p>
    </div>
  );
  return (
    <QueryState query={query} renderError={(e) => (isNotFound(e) ? notAllowed : undefined)}>
      {(g) =>
        // Keyed by the group: one group's values never carry over to another's address.
        g.viewer.canManage ? <GroupForm key={g.slug} group={g} /> : notAllowed
      }
    </QueryState>
  );
}

function GroupForm({ group }: { group: GroupView | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm();
  const [values, setValues] = useState<Values>(() => fromGroup(group));
  const [needs2fa, setNeeds2fa] = useState(false);

  if (needs2fa) return <TwoFactorPanel />;
  const v = values;
  const set = <K extends keyof Values>(k: K, value: Values[K]) =>
    setValues((o) => ({ ...o, [k]: value }));
  const labels: Record<string, string> = {
    name: t('editor.groupName'),
    description: t('editor.description'),
    focusAreas: t('editor.focusAreas'),
    stage: t('editor.stage'),
    audience: t('editor.audience'),
    languages: t('editor.languages'),
    format: t('editor.format'),
    isOpen: t('editor.isOpen'),
    capacity: t('editor.capacity'),
    agreement: t('editor.agreement'),
    publicArea: t('editor.publicArea'),
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(
      async () => {
        const body = {
          name: v.name,
          description: v.description,
          focusAreas: v.focusAreas,
          stage: v.stage,
          audience: v.audience,
          languages: v.languages
            .split(',')
            .map((l) => l.trim())
            .filter(Boolean),
          format: v.format,
          isOpen: v.isOpen,
          capacity: v.capacity.trim() === '' ? null : Number(v.capacity),
          agreement: v.agreement,
          publicArea: v.publicArea.trim() || null,
        };
        const saved = group ? await api.updateGroup(group.slug, body) : await api.createGroup(body);
        await refreshDirectory(queryClient);
        navigate(`/groups/${encodeURIComponent(saved.slug)}`);
      },
      (err) => {
        if (err.code === 'two_factor_required') setNeeds2fa(true);
        return undefined;
      },
    );
  };

  const select = <K extends 'stage' | 'audience'>(key: K, options: readonly Values[K][]) => (
    <Field name={key} label={labels[key]!} error={form.errors[key]}>
      {(p) => (
        <select
          {...p}
          value={v[key]}
          onChange={(e) => set(key, known(options, e.target.value, v[key]))}
        >
          {options.map((o) => (
            <option key={o} value={o}>
              {labelFor(key, o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <div className="stack">
      <p className="breadcrumbs">
        {group ? (
          <Link to={`/groups/${encodeURIComponent(group.slug)}`}>{group.name}</Link>
        ) : (
          <Link to="/groups">{t('finder.title')}</Link>
        )}
      </p>
      <PageHeading>{group ? t('groups.edit') : t('editor.newGroup')}</PageHeading>
      <form onSubmit={submit} noValidate className="form stack">
        <ErrorSummary form={form} labels={labels} />
        <Field name="name" label={labels.name!} error={form.errors.name}>
          {(p) => (
            <input
              {...p}
              type="text"
              value={v.name}
              onChange={(e) => set('name', e.target.value)}
            />
          )}
        </Field>
        <Field
          name="description"
          label={labels.description!}
          hint={t('editor.descriptionHint')}
          error={form.errors.description}
        >
          {(p) => (
            <textarea
              {...p}
              rows={6}
              value={v.description}
              onChange={(e) => set('description', e.target.value)}
            />
          )}
        </Field>
        <fieldset
          id={fieldId('focusAreas')}
          tabIndex={-1}
          className={form.errors.focusAreas ? 'field field--error' : 'field'}
        >
          <legend>{labels.focusAreas}</legend>
          {form.errors.focusAreas && <p className="field-error">{form.errors.focusAreas}</p>}
          <ul className="chips chips--compact">
            {FOCUS_AREAS.map((f) => (
              <li key={f}>
                <input
                  type="checkbox"
                  id={`g-focus-${f}`}
                  checked={v.focusAreas.includes(f)}
                  onChange={() =>
                    set(
                      'focusAreas',
                      v.focusAreas.includes(f)
                        ? v.focusAreas.filter((x) => x !== f)
                        : [...v.focusAreas, f],
                    )
                  }
                />
                <label htmlFor={`g-focus-${f}`}>{labelFor('focus', f)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="field-row">
          {select('stage', STAGES)}
          {select('audience', AUDIENCES)}
        </div>
        <Field
          name="languages"
          label={labels.languages!}
          hint={t('editor.languagesHint')}
          error={form.errors.languages}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              value={v.languages}
              onChange={(e) => set('languages', e.target.value)}
            />
          )}
        </Field>
        <fieldset className="field">
          <legend>{labels.format}</legend>
          <ul className="chips">
            {FORMATS.map((f) => (
              <li key={f}>
                <input
                  type="radio"
                  name="format"
                  id={`g-format-${f}`}
                  checked={v.format === f}
                  onChange={() => set('format', f)}
                />
                <label htmlFor={`g-format-${f}`}>{labelFor('format', f)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset className="field">
          <legend>{labels.isOpen}</legend>
          <div className="choices">
            {[true, false].map((open) => (
              <div className="choice" key={String(open)}>
                <input
                  type="radio"
                  name="isOpen"
                  id={`g-open-${open}`}
                  checked={v.isOpen === open}
                  onChange={() => set('isOpen', open)}
                />
                <label htmlFor={`g-open-${open}`}>
                  {open ? t('editor.openOption') : t('editor.closedOption')}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <Field
          name="publicArea"
          label={labels.publicArea!}
          hint={t('editor.publicAreaHint')}
          error={form.errors.publicArea}
          optional
        >
          {(p) => (
            <input
              {...p}
              type="text"
              maxLength={PUBLIC_AREA_MAX}
              value={v.publicArea}
              onChange={(e) => set('publicArea', e.target.value)}
            />
          )}
        </Field>
        <Field
          name="capacity"
          label={labels.capacity!}
          hint={t('editor.capacityHint')}
          error={form.errors.capacity}
          optional
        >
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              inputMode="numeric"
              value={v.capacity}
              onChange={(e) => set('capacity', e.target.value)}
            />
          )}
        </Field>
        <Field
          name="agreement"
          label={labels.agreement!}
          hint={t('editor.agreementHint')}
          error={form.errors.agreement}
        >
          {(p) => (
            <textarea
              {...p}
              rows={6}
              value={v.agreement}
              onChange={(e) => set('agreement', e.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <SubmitButton form={form} pendingText={t('common.saving')}>
            {group ? t('common.save') : t('editor.createGroup')}
          </SubmitButton>
        </div>
      </form>
    </div>
  );
}
