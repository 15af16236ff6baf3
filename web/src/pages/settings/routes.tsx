// The settings sub-pages (/settings/...): blocks, mutes, follow requests, keyword filters, push.
import type { ReactElement } from 'react';
import { match } from '../../lib/router';
import { useI18n } from '../../i18n';
import { Layout } from '../../components/Layout';
import { Blocks } from './Blocks';
import { Mutes } from './Mutes';
import { FollowRequests } from './FollowRequests';
import { Filters } from './Filters';
import { FilterEditor } from './FilterEditor';
import { Push } from './Push';
import { FollowedTags } from './FollowedTags';
import { Scheduled } from './Scheduled';

export function settingsPage(path: string): ReactElement | null {
  let m: Record<string, string> | null;
  if (path === '/settings/blocks') return <Blocks />;
  if (path === '/settings/mutes') return <Mutes />;
  if (path === '/settings/follow_requests') return <FollowRequests />;
  if (path === '/settings/filters') return <Filters />;
  if (path === '/settings/push') return <Push />;
  if (path === '/settings/followed_tags') return <FollowedTags />;
  if (path === '/settings/scheduled') return <Scheduled />;
  if (path === '/settings/filters/new') return <FilterEditor key="new" />;
  if ((m = match('/settings/filters/:id', path))) return <FilterEditor key={m.id} id={m.id} />;
  return null;
}

/** One settings sub-page, or "not found": the lazily loaded entry of /settings/... */
export function SettingsPage({ path }: { path: string }) {
  const { t } = useI18n();
  return settingsPage(path) ?? (
    <Layout title={t.errors.notFound}>
      <p>{t.errors.notFound}</p>
    </Layout>
  );
}
