// The moderation actions on one account: Mastodon's none/sensitive/disable/silence/suspend with a
// warning text, always through a confirmation that names the account and says what will happen,
// and the undo of each state the account is in.
import { useState, type FormEvent } from 'react';
import { ACCOUNT_ACTIONS, adminApi, type AccountAction, type AccountUndo, type AdminAccount } from '../../api/admin';
import { ApiError } from '../../api/client';
import { useAdminStrings } from '../../pages/admin/i18n';
import { WithName } from '../WithName';
import { ConfirmDialog } from './ConfirmDialog';

function undoable(account: AdminAccount): AccountUndo[] {
  const undo: AccountUndo[] = [];
  if (account.suspended) undo.push('unsuspend');
  if (account.silenced) undo.push('unsilence');
  if (account.disabled) undo.push('enable');
  if (account.sensitized) undo.push('unsensitive');
  if (!account.approved) undo.push('approve', 'reject');
  return undo;
}

export function AccountActions({ account, reportId, onDone }: { account: AdminAccount; reportId?: string; onDone(): void }) {
  const a = useAdminStrings();
  const [type, setType] = useState<AccountAction>('none');
  const [text, setText] = useState('');
  const [notify, setNotify] = useState(true);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const who = `@${account.username}`;

  const run = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setMessage('');
    try {
      await call();
      setMessage(a.account.done);
      setText('');
      onDone();
    } catch (e) {
      setMessage(a.failed(e instanceof ApiError ? e.message : String(e)));
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAsking(true);
  };
  return (
    <section className="card account-actions" aria-labelledby="account-actions-title">
      <h2 id="account-actions-title">{a.account.actions}</h2>
      {undoable(account).length > 0 && (
        <div className="admin-actions undo-actions">
          {undoable(account).map((u) => (
            <button key={u} type="button" className={`secondary undo-${u}`} disabled={busy} onClick={() => void run(() => adminApi.undo(account.id, u))}>
              {a.account.undo[u]}
            </button>
          ))}
        </div>
      )}
      <form onSubmit={onSubmit} className="action-form">
        <fieldset>
          <legend>{a.account.action}</legend>
          {ACCOUNT_ACTIONS.map((action) => (
            <label key={action} className="action-choice">
              <input type="radio" name="action" value={action} checked={type === action} onChange={() => setType(action)} />
              <span>
                <strong>{a.account.actionNames[action]}</strong>
                <span className="muted">{a.account.actionHelp[action]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{a.account.warning}</span>
          <textarea name="text" dir="auto" rows={3} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <label className="checkbox">
          <input type="checkbox" name="send_email_notification" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
          <span>{a.account.notify}</span>
        </label>
        <button type="submit" className={type === 'none' ? 'primary' : 'danger'} disabled={busy}>
          {a.account.submit}
        </button>
      </form>
      {message && <p role="status">{message}</p>}
      <ConfirmDialog
        open={asking}
        className="confirm-account-action"
        title={<WithName template={(name) => a.account.confirmTitle(a.account.actionNames[type], name)} name={who} />}
        confirmLabel={a.account.confirm}
        cancelLabel={a.cancel}
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          void run(() => adminApi.accountAction(account.id, { type, text: text.trim() || undefined, report_id: reportId, send_email_notification: notify }));
        }}
      >
        <p>{a.account.actionHelp[type]}</p>
        {text.trim() && (
          <blockquote dir="auto" className="confirm-warning">
            {text.trim()}
          </blockquote>
        )}
      </ConfirmDialog>
    </section>
  );
}
