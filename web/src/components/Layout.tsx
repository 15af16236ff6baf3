// The page frame: skip link, banner with the language and theme switches, the main navigation
// and the main landmark. Built with logical properties, so it mirrors itself for Arabic.
import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Link, useLocation } from '../lib/router';
import { useStore } from '../state/store';
import { session } from '../auth/session';
import { SignOutButton } from './SignOutButton';
import { OutageBanner } from './OutageBanner';
import { ThemeToggle } from './ThemeToggle';
import { useUnreadNotifications } from '../state/unread';
import { formatNumber } from '../lib/format';
import { SafetyToast } from './safety/Toast';
import { useStaff } from '../state/staff';
import { MobileBar } from './mobile/MobileBar';

export function Layout({ title, children }: { title: string; children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const me = useStore(session);
  const { path } = useLocation();
  const unreadCount = useUnreadNotifications();
  const staff = useStaff();
  // The "More" sheet of the mobile bar (the main navigation, opened above it); any navigation
  // closes it, and so does Escape.
  const [moreOpen, setMoreOpen] = useState(false);
  useEffect(() => setMoreOpen(false), [path]);
  useEffect(() => {
    if (!moreOpen) return;
    // The sheet comes before the bar in the page: the focus goes into it, or Tab would miss it.
    document.querySelector<HTMLElement>('#main-nav a')?.focus();
    const onKey = (e: KeyboardEvent) => {
      // A dialog opened from the sheet (sign-out) closes first, on its own.
      if (e.key !== 'Escape' || document.querySelector('dialog[open]')) return;
      setMoreOpen(false);
      document.querySelector<HTMLElement>('.bottom-more')?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [moreOpen]);
  useEffect(() => {
    document.title = `${title} · ${t.appName}`;
  }, [title, t.appName]);
  const items: [string, string][] = me
    ? [
        ['/', t.nav.home],
        ['/explore', t.nav.explore],
        ['/search', t.nav.search],
        ['/notifications', t.nav.notifications],
        ['/bookmarks', t.nav.bookmarks],
        ['/lists', t.organising.lists.nav],
        [`/@${me.acct}`, t.nav.profile],
        ['/settings', t.nav.settings],
      ]
    : [
        ['/', t.nav.home],
        ['/explore', t.nav.explore],
        ['/search', t.nav.search],
      ];
  // Staff see a link to the moderation pages (the server checks the role on every admin call).
  if (me && staff) items.push(['/admin', t.moderation]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="banner" role="banner">
        <Link to="/" className="brand" lang="ar">
          سرب <span lang="en">Sirb</span>
        </Link>
        <div className="banner-tools">
          <button type="button" className="secondary lang-switch" lang={lang === 'ar' ? 'en' : 'ar'} aria-label={t.languageLabel} onClick={() => setLang(lang === 'ar' ? 'en' : 'ar')}>
            {t.language}
          </button>
          <ThemeToggle />
        </div>
      </header>
      <nav className="main-nav" id="main-nav" aria-label={t.nav.label} data-open={moreOpen || undefined}>
        <ul>
          {items.map(([to, label]) => (
            <li key={to}>
              <Link to={to} aria-current={path === to || ((to === '/admin' || to === '/lists') && path.startsWith(`${to}/`)) ? 'page' : undefined}>
                {label}
                {to === '/notifications' && unreadCount > 0 && (
                  <>
                    <span className="unread-badge" aria-hidden="true">
                      {formatNumber(unreadCount, lang)}
                    </span>
                    <span className="visually-hidden">{t.nav.unread(unreadCount)}</span>
                  </>
                )}
              </Link>
            </li>
          ))}
          {me && (
            <li>
              <SignOutButton />
            </li>
          )}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <OutageBanner />
        <SafetyToast />
        <h1 className="page-title">{title}</h1>
        {children}
      </main>
      {me && <MobileBar path={path} acct={me.acct} unread={unreadCount} moreOpen={moreOpen} onMore={() => setMoreOpen((open) => !open)} />}
    </div>
  );
}
