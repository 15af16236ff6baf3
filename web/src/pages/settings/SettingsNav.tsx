// The settings sections, shown at the top of each settings page.
import { useI18n } from '../../i18n';
import { Link, useLocation } from '../../lib/router';

export function SettingsNav() {
  const { t } = useI18n();
  const { path } = useLocation();
  const sections: [string, string][] = [
    ['/settings', t.safety.settingsProfile],
    ['/settings/filters', t.safety.filters.title],
    ['/settings/mutes', t.safety.mutes.title],
    ['/settings/blocks', t.safety.blocks.title],
    ['/settings/follow_requests', t.safety.followRequests.title],
    ['/settings/push', t.push.title],
    ['/settings/followed_tags', t.organising.tags.title],
    ['/settings/scheduled', t.posting.schedule.title],
  ];
  return (
    <nav className="settings-nav" aria-label={t.safety.settingsNav}>
      <ul>
        {sections.map(([to, label]) => {
          const current = to === '/settings' ? path === to : path === to || path.startsWith(`${to}/`);
          return (
            <li key={to}>
              <Link to={to} aria-current={current ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
