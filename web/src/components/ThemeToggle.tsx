import { useEffect, useState } from 'react';
import { hydrating } from '../ssr/state';
import { useI18n } from '../i18n';
import { Icon } from './Icon';

export type Theme = 'light' | 'dark' | 'system';

export function currentTheme(): Theme {
  const saved = localStorage.getItem('sirb.theme');
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

export function applyTheme(theme: Theme): void {
  if (theme === 'system') {
    delete document.documentElement.dataset.theme;
    localStorage.removeItem('sirb.theme');
  } else {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('sirb.theme', theme);
  }
  // The server-rendered home carries the theme too (src/web-ssr.ts), so it paints in it at once.
  document.cookie = theme === 'system' ? 'sirb_theme=; Path=/; Max-Age=0; SameSite=Strict' : `sirb_theme=${theme}; Path=/; Max-Age=31536000; SameSite=Strict`;
}

function effective(theme: Theme): 'light' | 'dark' {
  if (theme !== 'system') return theme;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function ThemeToggle() {
  const { t } = useI18n();
  // The server cannot know the saved theme or the system's: it renders the light one's button,
  // hydration does the same, and the real one follows on mount (boot.js already set the colours).
  const [theme, setTheme] = useState<Theme | null>(() => (hydrating() ? null : currentTheme()));
  useEffect(() => {
    if (theme === null) setTheme(currentTheme());
  }, []);
  const now = theme === null ? 'light' : effective(theme);
  return (
    <button
      type="button"
      className="secondary theme-toggle"
      aria-label={t.theme.toggle}
      aria-pressed={now === 'dark'}
      title={now === 'dark' ? t.theme.light : t.theme.dark}
      onClick={() => {
        const next = now === 'dark' ? 'light' : 'dark';
        applyTheme(next);
        setTheme(next);
      }}
    >
      <Icon name={now === 'dark' ? 'sun' : 'moon'} />
    </button>
  );
}
