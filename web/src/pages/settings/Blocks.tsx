// Settings: the accounts the reader blocked (GET /api/v1/blocks), each with Unblock.
import { useI18n } from '../../i18n';
import { displayName } from '../../lib/format';
import { unblock } from '../../components/safety/relationships';
import { announce } from '../../components/safety/Toast';
import { isolate } from '../../components/safety/isolate';
import { AccountListPage } from './AccountListPage';
import { ActionButton } from './ActionButton';

export function Blocks() {
  const { t } = useI18n();
  return (
    <AccountListPage
      title={t.safety.blocks.title}
      path="/api/v1/blocks"
      empty={t.safety.blocks.empty}
      className="blocks"
      actions={(account, done) => (
        <ActionButton
          className="secondary unblock"
          label={t.safety.blocks.unblock}
          ariaLabel={t.safety.unblock(isolate(displayName(account)))}
          run={() => unblock(account.id)}
          onDone={() => {
            announce(t.safety.unblocked(isolate(displayName(account))));
            done();
          }}
        />
      )}
    />
  );
}
