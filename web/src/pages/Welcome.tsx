// Signed out: sign in (OAuth authorization code + PKCE on the server's page), sign up (app token
// then POST /api/v1/accounts), and the server's recent public posts.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';
import { Timeline } from '../components/Timeline';
import { beginSignIn, signUp } from '../auth/oauth';
import { ApiError } from '../api/client';
import type { StreamMessage } from '../api/streaming';
import { useInstance } from '../state/instance';
import { fieldErrors, retryWhen } from '../lib/api-errors';

/** Fields the form shows: a server error about one of them is said under it. */
const SHOWN = ['username', 'email', 'password', 'reason'];

const localStream = { accepts: (m: StreamMessage) => m.stream[0] === 'public:local', extra: 'public:local' };

export function Welcome() {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [form, setForm] = useState({ username: '', email: '', password: '' });
  const [reason, setReason] = useState('');
  const [waiting, setWaiting] = useState<'pending' | 'unconfirmed' | null>(null);
  const instance = useInstance();
  // An invite link (/?invite=CODE) opens sign-up on a closed server and skips approval.
  const invite = new URLSearchParams(location.search).get('invite')?.trim() || undefined;
  const registrationsOpen = instance?.registrations?.enabled !== false || invite !== undefined;
  const approvalRequired = instance?.registrations?.approval_required === true && invite === undefined;

  const onSignUp = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(t.welcome.creating);
    setError(null);
    setInvalid({});
    try {
      const outcome = await signUp({ ...form, locale: lang, reason: approvalRequired ? reason : undefined, invite_code: invite });
      if (outcome !== 'ready') setWaiting(outcome);
    } catch (err) {
      // Said in the reader's language, under the field it is about; never the server's English.
      const byField = fieldErrors(err, t);
      setInvalid(byField);
      const elsewhere = Object.entries(byField).filter(([name]) => !SHOWN.includes(name)).map(([, text]) => text);
      if (err instanceof ApiError && err.status === 429) setError(t.apiErrors.rateLimited(retryWhen(err.retryAt ?? Date.now() + 60_000, lang)));
      else if (Object.keys(byField).length) setError([t.apiErrors.signUpFailed, ...elsewhere].join(' '));
      else setError(t.errors.generic);
    } finally {
      setBusy(null);
    }
  };

  // What the server requires is shown before submitting (hint); what it refused, after (error).
  const field = (name: keyof typeof form, label: string, type: string, autoComplete: string, hint?: string, limits?: { minLength: number; maxLength: number }) => (
    <label className="field">
      <span>{label}</span>
      <input
        name={name}
        type={type}
        dir="auto"
        required
        autoComplete={autoComplete}
        value={form[name]}
        {...limits}
        aria-invalid={invalid[name] ? true : undefined}
        aria-describedby={[hint && `signup-${name}-hint`, invalid[name] && `signup-${name}-error`].filter(Boolean).join(' ') || undefined}
        onChange={(e) => {
          setForm({ ...form, [name]: e.target.value });
          if (invalid[name]) setInvalid({ ...invalid, [name]: '' });
        }}
      />
      {hint && <small id={`signup-${name}-hint`} className="muted">{hint}</small>}
      {invalid[name] && <span id={`signup-${name}-error`} className="field-error">{invalid[name]}</span>}
    </label>
  );
  const rules = instance?.rules ?? [];

  return (
    <Layout title={t.welcome.title}>
      <p className="lead">{t.welcome.lead}</p>
      <div className="welcome-actions">
        <button
          type="button"
          className="primary sign-in"
          onClick={() => {
            setBusy(t.welcome.signingIn);
            void beginSignIn(lang, location.pathname === '/share' ? location.pathname + location.search : '/').catch(() => setBusy(null)); // a share waits for the sign-in (mobile)
          }}
        >
          {t.welcome.signIn}
        </button>
      </div>
      <p><a href={`/auth/password/new?lang=${lang}`}>{t.signup.forgot}</a></p>
      {waiting && <p role="status" className="card">{t.signup[waiting]}</p>}
      {!registrationsOpen && <p className="card">{t.signup.closed}</p>}
      {registrationsOpen && !waiting && (
      <form className="card signup" onSubmit={onSignUp} aria-labelledby="signup-title">
        <h2 id="signup-title">{t.welcome.signUp}</h2>
        {invite && <p>{t.signup.invited}</p>}
        {field('username', t.welcome.username, 'text', 'username', t.apiErrors.hint.username)}
        {field('email', t.welcome.email, 'email', 'email')}
        {field('password', t.welcome.password, 'password', 'new-password', t.apiErrors.hint.password, { minLength: 8, maxLength: 72 })}
        {approvalRequired && (
          <label className="field">
            <span>{t.signup.reason}</span>
            <textarea name="reason" dir="auto" required maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={invalid.reason ? true : undefined} aria-describedby={invalid.reason ? 'reason-hint signup-reason-error' : 'reason-hint'} />
            <small id="reason-hint">{t.signup.reasonHint}</small>
            {invalid.reason && <span id="signup-reason-error" className="field-error">{invalid.reason}</span>}
          </label>
        )}
        {rules.length > 0 && (
          <div className="signup-rules-box">
            <h3>{t.apiErrors.hint.rules}</h3>
            <ol className="signup-rules">
              {rules.map((rule) => (
                <li key={rule.id} dir="auto">
                  {rule.text}
                  {rule.hint && <small className="muted"> {rule.hint}</small>}
                </li>
              ))}
            </ol>
            <p className="muted">{t.apiErrors.hint.agree}</p>
          </div>
        )}
        <button type="submit" className="primary" disabled={busy !== null}>
          {t.welcome.signUp}
        </button>
        {busy && <p role="status">{busy}</p>}
        {error && <p role="alert" className="error">{error}</p>}
      </form>
      )}
      <h2>{t.welcome.publicTimeline}</h2>
      <Timeline path="/api/v1/timelines/public?local=true" live={localStream} label={t.welcome.publicTimeline} />
    </Layout>
  );
}
