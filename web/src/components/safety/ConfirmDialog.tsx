// The one shape of every "are you sure?" safety dialog (block, mute): a title naming the account,
// what the action does, optional choices, an error line, Cancel and the action. It runs the action,
// announces its result and closes; on failure it stays open and says so.
import { useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { Modal } from './Modal';
import { announce } from './Toast';

interface Props {
  title: ReactNode;
  className: string;
  detail: string;
  confirmLabel: string;
  /** The confirm button's classes, e.g. "danger confirm-block". */
  confirmClass: string;
  /** Focus Cancel first when the action is hard to undo (a block removes follows both ways). */
  cancelFirst?: boolean;
  /** Runs the action; resolves to what to announce. */
  action(): Promise<string>;
  onClose(): void;
  children?: ReactNode;
}

export function ConfirmDialog({ title, className, detail, confirmLabel, confirmClass, cancelFirst, action, onClose, children }: Props) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setError(false);
    try {
      announce(await action());
      onClose();
    } catch {
      setError(true);
      setBusy(false);
    }
  };
  return (
    <Modal title={title} className={className} onClose={onClose}>
      <p>{detail}</p>
      {children}
      {error && <p className="error" role="alert">{t.safety.actionFailed}</p>}
      <div className="dialog-actions">
        <button type="button" className="secondary" autoFocus={cancelFirst} onClick={onClose}>
          {t.safety.cancel}
        </button>
        <button type="button" className={confirmClass} disabled={busy} onClick={() => void confirm()}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
