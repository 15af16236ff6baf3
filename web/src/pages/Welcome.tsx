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

const localStream = { accepts: (m: StreamMessage) => m.stream[0] === 'public:local', extra: 'public:local' };

export function Welcome() {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
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
    try {
      const outcome = await signUp({ ...form, locale: lang, reason: approvalRequired ? reason : undefined, invite_code: invite });
      if (outcome !== 'ready') setWaiting(outcome);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t.errors.generic);
    } finally {
      setBusy(null);
    }
  };

  const field = (name: keyof typeof form, label: string, type: string, autoComplete: string) => (
    <label className="field">
      <span>{label}</span>
      <input name={name} type={type} dir="auto" required autoComplete={autoComplete} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} />
    </label>
  );

  return (
    <Layout title={t.welcome.title}>
      <p className="lead">{t.welcome.lead}</p>
      <div className="welcome-actions">
        <button
          type="button"
          className="primary sign-in"
          onClick={() => {
            setBusy(t.welcome.signingIn);
            void beginSignIn(lang).catch(() => setBusy(null));
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
        {field('username', t.welcome.username, 'text', 'username')}
        {field('email', t.welcome.email, 'email', 'email')}
        {field('password', t.welcome.password, 'password', 'new-password')}
        {approvalRequired && (
          <label className="field">
            <span>{t.signup.reason}</span>
            <textarea name="reason" dir="auto" required maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby="reason-hint" />
            <small id="reason-hint">{t.signup.reasonHint}</small>
          </label>
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
