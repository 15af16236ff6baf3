// Profile (display name, bio, avatar, header), posting language, interface language, theme and
// two-factor sign-in. Keyword filters have their own page (/settings/filters, in the settings nav).
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Account } from '../api/types';
import { useI18n, type Lang } from '../i18n';
import { Layout } from '../components/Layout';
import { applyTheme, currentTheme, type Theme } from '../components/ThemeToggle';
import { SettingsNav } from './settings/SettingsNav';
import { TwoFactorSettings } from '../components/TwoFactorSettings';

export function Settings() {
  const { t, lang, setLang } = useI18n();
  const [me, setMe] = useState<Account | null>(null);
  const [form, setForm] = useState({ display_name: '', note: '', language: '', locked: false });
  const [files, setFiles] = useState<{ avatar?: File; header?: File }>({});
  const [message, setMessage] = useState<string | null>(null);
  const [theme, setTheme] = useState<Theme>(currentTheme);

  useEffect(() => {
    api<Account>('/api/v1/accounts/verify_credentials').then((a) => {
      setMe(a);
      setForm({ display_name: a.display_name, note: a.source?.note ?? '', language: a.source?.language ?? '', locked: !!a.locked });
    }, () => {});
  }, []);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      let next = await api<Account>('/api/v1/accounts/update_credentials', {
        method: 'PATCH',
        body: { display_name: form.display_name, note: form.note, locked: form.locked, source: form.language ? { language: form.language } : undefined },
      });
      if (files.avatar || files.header) {
        const data = new FormData();
        if (files.avatar) data.append('avatar', files.avatar);
        if (files.header) data.append('header', files.header);
        next = await api<Account>('/api/v1/accounts/update_credentials', { method: 'PATCH', body: data });
      }
      setMe(next);
      setMessage(t.settings.saved);
    } catch (err) {
      setMessage((err as Error).message || t.errors.generic);
    }
  };

  return (
    <Layout title={t.settings.title}>
      <SettingsNav />
      <form className="card settings" onSubmit={onSubmit}>
        <label className="field">
          <span>{t.settings.displayName}</span>
          <input name="display_name" dir="auto" maxLength={30} value={form.display_name} onChange={(e) => setForm({ ...form, display_name: e.target.value })} />
        </label>
        <label className="field">
          <span>{t.settings.bio}</span>
          <textarea name="note" dir="auto" maxLength={500} rows={3} value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
        </label>
        <label className="field">
          <span>{t.settings.language}</span>
          <select name="language" value={form.language} onChange={(e) => setForm({ ...form, language: e.target.value })}>
            <option value="">—</option>
            <option value="ar">العربية</option>
            <option value="en">English</option>
          </select>
        </label>
        <label className="check locked-option">
          <input type="checkbox" name="locked" checked={form.locked} onChange={(e) => setForm({ ...form, locked: e.target.checked })} aria-describedby="locked-hint" />
          {t.safety.followRequests.locked}
        </label>
        <p id="locked-hint" className="muted hint">{t.safety.followRequests.lockedHint}</p>
        <label className="field">
          <span>{t.settings.avatar}</span>
          {me && <img className="avatar" src={files.avatar ? URL.createObjectURL(files.avatar) : me.avatar} alt="" width={64} height={64} />}
          <input type="file" accept="image/*" onChange={(e) => setFiles({ ...files, avatar: e.target.files?.[0] })} />
        </label>
        <label className="field">
          <span>{t.settings.header}</span>
          <input type="file" accept="image/*" onChange={(e) => setFiles({ ...files, header: e.target.files?.[0] })} />
        </label>
        <button type="submit" className="primary" disabled={!me}>
          {t.settings.save}
        </button>
        {message && <p role="status">{message}</p>}
      </form>
      <div className="card settings">
        <label className="field">
          <span>{t.settings.uiLanguage}</span>
          <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} name="ui-language">
            <option value="ar">العربية</option>
            <option value="en">English</option>
          </select>
        </label>
        <label className="field">
          <span>{t.settings.theme}</span>
          <select
            value={theme}
            name="theme"
            onChange={(e) => {
              const next = e.target.value as Theme;
              applyTheme(next);
              setTheme(next);
            }}
          >
            <option value="system">{t.settings.system}</option>
            <option value="light">{t.theme.light}</option>
            <option value="dark">{t.theme.dark}</option>
          </select>
        </label>
      </div>
      <TwoFactorSettings />
    </Layout>
  );
}
