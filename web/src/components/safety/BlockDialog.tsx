// Asks before blocking: a block also removes follows both ways, which unblocking does not undo,
// so Cancel (the safe choice) has the focus.
import type { Account } from '../../api/types';
import { useI18n } from '../../i18n';
import { displayName } from '../../lib/format';
import { WithName } from '../WithName';
import { ConfirmDialog } from './ConfirmDialog';
import { block } from './relationships';
import { isolate } from './isolate';

export function BlockDialog({ account, onClose }: { account: Account; onClose(): void }) {
  const { t } = useI18n();
  const name = displayName(account);
  return (
    <ConfirmDialog
      title={<WithName template={t.safety.blockTitle} name={name} />}
      className="block-dialog"
      detail={t.safety.blockDetail}
      confirmLabel={t.safety.blockConfirm}
      confirmClass="danger confirm-block"
      cancelFirst
      action={async () => {
        await block(account.id);
        return t.safety.blocked(isolate(name));
      }}
      onClose={onClose}
    />
  );
}
