// Settings: the accounts the reader muted (GET /api/v1/mutes), with when a timed mute ends, and
// Unmute.
import { useI18n } from '../../i18n';
import { displayName, formatDate } from '../../lib/format';
import { unmute } from '../../components/safety/relationships';
import { announce } from '../../components/safety/Toast';
import { isolate } from '../../components/safety/isolate';
import { AccountListPage } from './AccountListPage';
import { ActionButton } from './ActionButton';

export function Mutes() {
  const { t, lang } = useI18n();
  return (
    <AccountListPage
      title={t.safety.mutes.title}
      path="/api/v1/mutes"
      empty={t.safety.mutes.empty}
      className="mutes"
      details={(account) =>
        account.mute_expires_at && (
          <span className="muted mute-until">
            <time dateTime={account.mute_expires_at}>{t.safety.mutes.until(formatDate(account.mute_expires_at, lang))}</time>
          </span>
        )
      }
      actions={(account, done) => (
        <ActionButton
          className="secondary unmute"
          label={t.safety.mutes.unmute}
          ariaLabel={t.safety.unmute(isolate(displayName(account)))}
          run={() => unmute(account.id)}
          onDone={() => {
            announce(t.safety.unmuted(isolate(displayName(account))));
            done();
          }}
        />
      )}
    />
  );
}
