import { cleanCode, CurrentPasswordField, TwoFactorCodeField } from '../../components/fields.tsx';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TwoFactorDisableBody, TwoFactorEnableBody } from '../../../../contracts/auth.ts';
import { useSession } from '../../app/session.tsx';
import { ErrorSummary, FormEnd, SubmitButton } from '../../components/forms.tsx';
import { api, type TwoFactorSetup } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { RecoveryCodesShown, RegenerateRecoveryCodes } from './RecoveryCodes.tsx';

/** The server's SVG as an image: no markup from the network enters the DOM. */
const svgDataUrl = (svg: string) => `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
const groupSecret = (s: string) => s.replace(/(.{4})/g, '$1 ').trim();

export default function Security() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [justChanged, setJustChanged] = useState<string | null>(null);
  /** Recovery codes just made: shown this once, until the person says they saved them. */
  const [codes, setCodes] = useState<string[] | null>(null);
  if (!user) return null;
  if (codes) {
    return <RecoveryCodesShown codes={codes} notice={justChanged} onSaved={() => setCodes(null)} />;
  }
  return (
    <>
      <PageHeading title={`${t('settings.security')} · ${t('settings.title')}`}>
        {t('settings.twoFactorTitle')}
      </PageHeading>
      <p>{t('settings.twoFactorIntro')}</p>
      {user.twoFactorSetupRequired && (
        <p className="notice notice--info">{t('settings.twoFactorRequired')}</p>
      )}
      <div role="status">
        {justChanged && <p className="notice notice--success">{justChanged}</p>}
      </div>
      <p>
        <span className={user.twoFactorEnabled ? 'tag tag--ok' : 'tag'}>
          {user.twoFactorEnabled ? t('settings.twoFactorOn') : t('settings.twoFactorOff')}
        </span>
      </p>
      {user.twoFactorEnabled ? (
        <>
          <RegenerateRecoveryCodes onDone={setCodes} />
          <DisableTwoFactor onDone={() => setJustChanged(t('settings.twoFactorDisabled'))} />
        </>
      ) : (
        <EnableTwoFactor
          onDone={(recoveryCodes) => {
            setJustChanged(t('settings.twoFactorEnabled'));
            setCodes(recoveryCodes);
          }}
        />
      )}
    </>
  );
}

function EnableTwoFactor({ onDone }: { onDone: (recoveryCodes: string[]) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const start = useForm();
  const form = useForm();
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const labels = { code: t('fields.code'), password: t('fields.password') };

  if (!setup) {
    return (
      <form
        className="form stack"
        onSubmit={(e) => {
          e.preventDefault();
          void start.run(async () => {
            setSetup(await api.twoFactorSetup());
          });
        }}
      >
        <ErrorSummary form={start} labels={{}} />
        <div className="actions">
          <SubmitButton form={start} pendingText={t('common.loading')}>
            {t('settings.twoFactorStart')}
          </SubmitButton>
        </div>
      </form>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(TwoFactorEnableBody, { password, code: cleanCode(code) });
      const { user, recoveryCodes } = await api.twoFactorEnable(body);
      session.setUser(user);
      onDone(recoveryCodes);
    });
  };
  return (
    <form onSubmit={submit} noValidate className="form stack">
      <ErrorSummary form={form} labels={labels} />
      <ol className="numbered stack">
        <li>
          <p>{t('settings.twoFactorStep1')}</p>
          <img
            className="qr"
            src={svgDataUrl(setup.qrSvg)}
            alt={t('settings.twoFactorQrAlt')}
            width="200"
            height="200"
          />
          <p>{t('settings.twoFactorSecret')}</p>
          <p>
            <code className="secret">{groupSecret(setup.secret)}</code>
          </p>
        </li>
        <li>
          <p>{t('settings.twoFactorStep2')}</p>
          <TwoFactorCodeField form={form} hint={null} value={code} onChange={setCode} />
        </li>
        <li>
          <p>{t('settings.twoFactorStep3')}</p>
          <CurrentPasswordField form={form} value={password} onChange={setPassword} />
        </li>
      </ol>
      <div className="actions">
        <SubmitButton form={form} pendingText={t('common.saving')}>
          {t('settings.twoFactorEnable')}
        </SubmitButton>
      </div>
    </form>
  );
}

function DisableTwoFactor({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const form = useForm();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const labels = { password: t('fields.password'), code: t('fields.code') };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(TwoFactorDisableBody, { password, code: cleanCode(code) });
      session.setUser(await api.twoFactorDisable(body));
      onDone();
    });
  };
  return (
    <form onSubmit={submit} noValidate className="form stack panel">
      <h2>{t('settings.twoFactorDisableTitle')}</h2>
      <ErrorSummary form={form} labels={labels} />
      <CurrentPasswordField form={form} value={password} onChange={setPassword} />
      <TwoFactorCodeField form={form} value={code} onChange={setCode} />
      <FormEnd form={form} label={t('settings.twoFactorDisable')} variant="secondary" />
    </form>
  );
}
