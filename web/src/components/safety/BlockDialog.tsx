// Asks before blocking: a block also removes follows both ways, which unblocking does not undo.
import { useState } from 'react';
import type { Account } from '../../api/types';
import { useI18n } from '../../i18n';
import { displayName } from '../../lib/format';
import { WithName } from '../WithName';
import { Modal } from './Modal';
import { block } from './relationships';
import { announce } from './Toast';
import { isolate } from './isolate';

export function BlockDialog({ account, onClose }: { account: Account; onClose(): void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(false);
  const name = displayName(account);
  const confirm = async () => {
    setBusy(true);
    setError(false);
    try {
      await block(account.id);
      announce(t.safety.blocked(isolate(name)));
      onClose();
    } catch {
      setError(true);
      setBusy(false);
    }
  };
  return (
    <Modal title={<WithName template={t.safety.blockTitle} name={name} />} className="block-dialog" onClose={onClose}>
      <p>{t.safety.blockDetail}</p>
      {error && <p className="error" role="alert">{t.safety.actionFailed}</p>}
      <div className="dialog-actions">
        {/* Not blocking is the safe choice, so it has the focus. */}
        <button type="button" className="secondary" autoFocus onClick={onClose}>
          {t.safety.cancel}
        </button>
        <button type="button" className="danger confirm-block" disabled={busy} onClick={() => void confirm()}>
          {t.safety.blockConfirm}
        </button>
      </div>
    </Modal>
  );
}
