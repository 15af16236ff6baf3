// Muting: whether their notifications go too, and for how long (Mastodon's `notifications`
// and `duration` in seconds, 0 meaning until unmuted).
import { useState } from 'react';
import type { Account } from '../../api/types';
import { useI18n } from '../../i18n';
import { displayName } from '../../lib/format';
import { WithName } from '../WithName';
import { ConfirmDialog } from './ConfirmDialog';
import { mute } from './relationships';
import { isolate } from './isolate';

export const MUTE_DURATIONS = [
  ['forever', 0],
  ['hour', 3600],
  ['day', 86400],
  ['week', 7 * 86400],
] as const;

export function MuteDialog({ account, onClose }: { account: Account; onClose(): void }) {
  const { t } = useI18n();
  const [notifications, setNotifications] = useState(true);
  const [duration, setDuration] = useState(0);
  const name = displayName(account);
  return (
    <ConfirmDialog
      title={<WithName template={t.safety.muteTitle} name={name} />}
      className="mute-dialog"
      detail={t.safety.muteDetail}
      confirmLabel={t.safety.muteConfirm}
      confirmClass="primary confirm-mute"
      action={async () => {
        await mute(account.id, notifications, duration);
        return t.safety.muted(isolate(name));
      }}
      onClose={onClose}
    >
      <label className="check">
        <input type="checkbox" name="mute-notifications" checked={notifications} onChange={(e) => setNotifications(e.target.checked)} />
        {t.safety.muteNotifications}
      </label>
      <label className="field">
        <span>{t.safety.muteDuration}</span>
        <select name="mute-duration" value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
          {MUTE_DURATIONS.map(([key, seconds]) => (
            <option key={key} value={seconds}>
              {t.safety.durations[key]}
            </option>
          ))}
        </select>
      </label>
    </ConfirmDialog>
  );
}
