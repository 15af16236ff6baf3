// Two-factor sign-in in Settings (the server's /api/v1/sirb/two_factor): turn it on with the
// password and a first code from an authenticator app, see the recovery codes once, turn it off
// with the password and a code. The sign-in page asks for the code from then on.
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { useI18n } from '../i18n';

type Step = { kind: 'idle' } | { kind: 'setup'; secret: string; uri: string } | { kind: 'codes'; codes: string[] };

export function TwoFactorSettings() {
  const { t } = useI18n();
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<{ enabled: boolean }>('/api/v1/sirb/two_factor').then((s) => setEnabled(s.enabled), () => {});
  }, []);

  const run = (work: () => Promise<void>) => async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await work();
      setPassword('');
      setCode('');
    } catch (err) {
      setError((err as Error).message || t.errors.generic);
    }
  };

  const passwordField = (
    <label className="field">
      <span>{t.welcome.password}</span>
      <input type="password" name="current-password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
    </label>
  );
  const codeField = (
    <label className="field">
      <span>{t.twoFactor.code}</span>
      <input name="otp" dir="ltr" inputMode="numeric" autoComplete="one-time-code" required maxLength={20} value={code} onChange={(e) => setCode(e.target.value)} />
    </label>
  );

  if (enabled === null) return null;
  return (
    <section className="card settings" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">{t.twoFactor.title}</h2>
      <p>{enabled ? t.twoFactor.on : t.twoFactor.off}</p>
      {step.kind === 'codes' && (
        <div role="status">
          <p>{t.twoFactor.codesHint}</p>
          <ul dir="ltr" className="recovery-codes">{step.codes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
        </div>
      )}
      {!enabled && step.kind === 'idle' && (
        <form onSubmit={run(async () => setStep({ kind: 'setup', ...(await api<{ secret: string; uri: string }>('/api/v1/sirb/two_factor', { method: 'POST', body: { password } })) }))}>
          {passwordField}
          <button type="submit" className="primary">{t.twoFactor.enable}</button>
        </form>
      )}
      {step.kind === 'setup' && (
        <form
          onSubmit={run(async () => {
            const { recovery_codes } = await api<{ recovery_codes: string[] }>('/api/v1/sirb/two_factor/confirm', { method: 'POST', body: { code } });
            setEnabled(true);
            setStep({ kind: 'codes', codes: recovery_codes });
          })}
        >
          <p>{t.twoFactor.scan}</p>
          <p dir="ltr"><code>{step.secret}</code></p>
          <p dir="ltr"><a href={step.uri}>{step.uri}</a></p>
          {codeField}
          <button type="submit" className="primary">{t.twoFactor.confirm}</button>
        </form>
      )}
      {enabled && (
        <form
          onSubmit={run(async () => {
            await api('/api/v1/sirb/two_factor', { method: 'DELETE', body: { password, code } });
            setEnabled(false);
            setStep({ kind: 'idle' });
          })}
        >
          {passwordField}
          {codeField}
          <button type="submit">{t.twoFactor.disable}</button>
        </form>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
