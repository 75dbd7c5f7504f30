import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CRISIS_LINES, type CrisisLine } from '../../../../contracts/settings.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../lib/api.ts';
import { queryKeys } from '../../lib/query.ts';
import { countryName, groupLines, smsHref, telHref, visitorCountry } from './crisis-lines.ts';

const FIND_A_HELPLINE = 'https://findahelpline.com';

/**
 * The organisation's crisis lines (one source for the header's "Get help now" and the
 * footer). Until the answer arrives, or if it never does, the default lines: help must
 * never wait on the network.
 */
export function useCrisisLines(): readonly CrisisLine[] {
  const query = useQuery({
    queryKey: queryKeys.publicSettings(),
    queryFn: api.publicSettings,
    staleTime: Infinity,
    retry: false,
  });
  const lines = query.data?.crisisLines;
  return lines && lines.length > 0 ? lines : DEFAULT_CRISIS_LINES;
}

const browserLanguages = () =>
  (navigator.languages?.length ? navigator.languages : [navigator.language]).join(',');
const unchanging = () => () => {};

/** The visitor's country: the signed-in person's zone, else the browser's language region. */
function useVisitorCountry(): string | null {
  const { user } = useSession();
  // Unknown on the server and while the app takes over its HTML (so both draw the same).
  const languages = useSyncExternalStore(unchanging, browserLanguages, () => '');
  return visitorCountry(user?.timezone, languages ? languages.split(',') : []);
}

function LineItem({ line }: { line: CrisisLine }) {
  const { t } = useTranslation();
  return (
    <li className="crisis-line">
      <p className="crisis-line__name">
        <strong>{line.name}</strong>
        {line.hours && <span className="crisis-line__hours"> · {line.hours}</span>}
      </p>
      <p className="crisis-line__actions">
        {line.call && (
          <a className="button button--crisis" href={telHref(line.call)}>
            {t('help.call', { number: line.call })}
          </a>
        )}
        {line.text && (
          <a className="button button--crisis" href={smsHref(line.text.number, line.text.keyword)}>
            {line.text.keyword
              ? t('help.textKeyword', { keyword: line.text.keyword, number: line.text.number })
              : t('help.text', { number: line.text.number })}
          </a>
        )}
        {line.url && (
          <a href={line.url} rel="noopener noreferrer">
            {t('help.website', { name: line.name })}
          </a>
        )}
      </p>
    </li>
  );
}

function LineList({ lines }: { lines: readonly CrisisLine[] }) {
  return (
    <ul className="crisis-lines">
      {lines.map((line, i) => (
        <LineItem key={`${line.country}-${line.name}-${i}`} line={line} />
      ))}
    </ul>
  );
}

/** The lines: the visitor's country first, then lines for anywhere, then other countries. */
export function CrisisHelp() {
  const { t, i18n } = useTranslation();
  const lines = useCrisisLines();
  const country = useVisitorCountry();
  const { local, anywhere, others } = groupLines(lines, country);
  const hasFinder = lines.some((l) => l.url?.startsWith(FIND_A_HELPLINE));
  const name = (c: string) => countryName(c, i18n.language);
  return (
    <div className="crisis-help stack">
      <p>{t('help.emergency')}</p>
      {local.length > 0 && country && (
        <div>
          <h3>{t('help.inCountry', { country: name(country) })}</h3>
          <LineList lines={local} />
        </div>
      )}
      {anywhere.length > 0 && (
        <div>
          <h3>{t('help.anywhere')}</h3>
          <LineList lines={anywhere} />
        </div>
      )}
      {others.length > 0 && (
        <details className="crisis-help__others" open={local.length === 0}>
          <summary>{t('help.otherCountries')}</summary>
          {others.map((g) => (
            <div key={g.country}>
              <h4>{name(g.country)}</h4>
              <LineList lines={g.lines} />
            </div>
          ))}
        </details>
      )}
      {!hasFinder && (
        <p>
          {t('help.findAHelpline')} <a href={FIND_A_HELPLINE}>findahelpline.com</a>
        </p>
      )}
    </div>
  );
}

/**
 * "Get help now": one tap (or Enter) from the top of every page opens the crisis lines in
 * a modal dialog. Escape or "Close" shuts it and focus goes back to the button.
 */
export function GetHelpNow() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      d.querySelector<HTMLElement>('h2')?.focus();
    }
    if (!open && d.open) {
      d.close();
      button.current?.focus();
    }
  }, [open]);

  return (
    <div className="help-bar">
      <button
        ref={button}
        type="button"
        className="button button--crisis help-bar__button"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        {t('help.button')}
      </button>
      <dialog
        ref={dialog}
        className="dialog dialog--help"
        aria-labelledby={titleId}
        onCancel={(e) => {
          e.preventDefault();
          setOpen(false);
        }}
      >
        <div className="dialog__head">
          <h2 id={titleId} tabIndex={-1}>
            {t('help.title')}
          </h2>
          <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
            {t('help.close')}
          </button>
        </div>
        <p>{t('help.intro')}</p>
        {open && <CrisisHelp />}
      </dialog>
    </div>
  );
}

/** The footer's crisis section: the same lines as "Get help now". */
export function FooterCrisis() {
  const { t } = useTranslation();
  return (
    <section className="crisis" aria-labelledby="crisis-title">
      <h2 id="crisis-title">{t('layout.crisisTitle')}</h2>
      <CrisisHelp />
    </section>
  );
}
