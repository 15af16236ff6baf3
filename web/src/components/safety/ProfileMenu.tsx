// The profile's "⋯" menu: mute, block or report the account shown.
import type { Account, Relationship } from '../../api/types';
import { useI18n } from '../../i18n';
import { displayName } from '../../lib/format';
import { MenuButton } from './MenuButton';
import { useAccountActions } from './useAccountActions';
import { isolate } from './isolate';

export function ProfileMenu({ account, rel }: { account: Account; rel: Relationship | null }) {
  const { t } = useI18n();
  const { items, dialogs } = useAccountActions(account, rel);
  return (
    <>
      <MenuButton label={t.safety.moreFor(isolate(displayName(account)))} className="profile-menu" items={items} loadingText={t.safety.loading} />
      {dialogs}
    </>
  );
}
