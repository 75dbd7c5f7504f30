import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../components/QueryState.tsx';
import { api } from '../lib/api.ts';
import { PageHeading } from '../lib/page.tsx';
import { queryKeys } from '../lib/query.ts';

/** /privacy and /guidelines: the organisation's own text (sanitised on the server). */
export default function OrganisationText({ kind }: { kind: 'privacy' | 'guidelines' }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: queryKeys.publicOrganisation(),
    queryFn: api.publicOrganisation,
  });
  return (
    <div className="narrow stack">
      <PageHeading>{t(`organisation.${kind}`)}</PageHeading>
      <QueryState query={query}>
        {(org) => {
          const html = kind === 'privacy' ? org.privacyHtml : org.guidelinesHtml;
          return html ? (
            <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
          ) : (
            <p>{t('organisation.noText', { name: org.name })}</p>
          );
        }}
      </QueryState>
    </div>
  );
}
