// On narrow screens (≤ 640 px, styles in mobile.css) the sidebar folds away: a bar at the
// bottom, within thumb reach, holds the four places people go most, and "More" opens the full
// navigation (settings, lists, sign-out…) above it. A floating button writes a new post.
// Everything is placed with logical properties, so Arabic mirrors it; the safe-area insets keep
// it clear of a phone's home indicator and rounded corners.
import { useI18n } from '../../i18n';
import { Link } from '../../lib/router';
import { formatNumber } from '../../lib/format';
import { openComposer } from '../../lib/compose';
import './mobile.css';

const PATHS = {
  home: 'M10 20v-6h4v6h5v-8h3L12 3 2 12h3v8z',
  search: 'M15.5 14h-.79l-.28-.27A6.47 6.47 0 0016 9.5 6.5 6.5 0 109.5 16c1.61 0 3.09-.59 4.23-1.57l.27.28v.79l5 4.99L20.49 19l-4.99-5zm-6 0C7.01 14 5 11.99 5 9.5S7.01 5 9.5 5 14 7.01 14 9.5 11.99 14 9.5 14z',
  bell: 'M12 22c1.1 0 2-.9 2-2h-4a2 2 0 002 2zm6-6v-5c0-3.07-1.64-5.64-4.5-6.32V4a1.5 1.5 0 00-3 0v.68C7.63 5.36 6 7.92 6 11v5l-2 2v1h16v-1l-2-2z',
  person: 'M12 12a4 4 0 100-8 4 4 0 000 8zm0 2c-2.67 0-8 1.34-8 4v2h16v-2c0-2.66-5.33-4-8-4z',
  more: 'M6 10a2 2 0 100 4 2 2 0 000-4zm12 0a2 2 0 100 4 2 2 0 000-4zm-6 0a2 2 0 100 4 2 2 0 000-4z',
  pen: 'M3 17.25V21h3.75L17.81 9.94l-3.75-3.75L3 17.25zM20.71 7.04a1 1 0 000-1.41l-2.34-2.34a1 1 0 00-1.41 0l-1.83 1.83 3.75 3.75 1.83-1.83z',
} as const;

function Glyph({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg className={`icon icon-${name}`} width={24} height={24} viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="currentColor">
      <path d={PATHS[name]} />
    </svg>
  );
}

interface Props {
  path: string;
  /** The signed-in account's acct; the bar is for signed-in readers (the sidebar is short otherwise). */
  acct: string;
  unread: number;
  moreOpen: boolean;
  onMore(): void;
}

export function MobileBar({ path, acct, unread, moreOpen, onMore }: Props) {
  const { t, lang } = useI18n();
  const places: [string, string, keyof typeof PATHS][] = [
    ['/', t.nav.home, 'home'],
    ['/search', t.nav.search, 'search'],
    ['/notifications', t.nav.notifications, 'bell'],
    [`/@${acct}`, t.nav.profile, 'person'],
  ];
  return (
    <>
      <nav className="bottom-nav" aria-label={t.mobile.bottomNav}>
        {places.map(([to, label, icon]) => (
          <Link key={to} to={to} aria-current={path === to ? 'page' : undefined}>
            <Glyph name={icon} />
            <span className="bottom-nav-label">{label}</span>
            {to === '/notifications' && unread > 0 && (
              <>
                <span className="unread-badge" aria-hidden="true">
                  {formatNumber(unread, lang)}
                </span>
                <span className="visually-hidden">{t.nav.unread(unread)}</span>
              </>
            )}
          </Link>
        ))}
        <button type="button" className="bottom-more" aria-expanded={moreOpen} aria-controls="main-nav" onClick={onMore}>
          <Glyph name="more" />
          <span className="bottom-nav-label">{t.mobile.more}</span>
        </button>
      </nav>
      <button type="button" className="compose-fab" aria-label={t.mobile.compose} title={t.mobile.compose} onClick={() => openComposer()}>
        <Glyph name="pen" />
      </button>
    </>
  );
}
