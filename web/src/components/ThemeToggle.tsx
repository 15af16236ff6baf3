import { useState } from 'react';
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
}

function effective(theme: Theme): 'light' | 'dark' {
  if (theme !== 'system') return theme;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function ThemeToggle() {
  const { t } = useI18n();
  const [theme, setTheme] = useState<Theme>(currentTheme);
  const now = effective(theme);
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
