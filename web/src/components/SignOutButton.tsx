// Signing out removes this account's drafts and queued posts from the device (a shared computer
// must not hand them to the next person). It always asks first (a stray tap on a phone must not
// end the session), and says so when posts are still waiting to be sent. Escape or "Stay" closes
// the dialog, and the browser puts the focus back on this button.
import { useRef } from 'react';
import { useI18n } from '../i18n';
import { navigate } from '../lib/router';
import { useStore } from '../state/store';
import { session } from '../auth/session';
import { outbox } from '../state/outbox';

export function SignOutButton() {
  const { t } = useI18n();
  const me = useStore(session);
  const unsent = useStore(outbox).filter((item) => item.accountId === me?.accountId).length;
  const dialog = useRef<HTMLDialogElement>(null);
  // The OAuth module (and push, which signing out turns off) loads only when leaving: home does not need it.
  const leave = () => void import('../auth/oauth').then(({ signOut }) => signOut()).then(() => navigate('/'));
  return (
    <>
      <button type="button" className="link-button" onClick={() => dialog.current?.showModal()}>
        {t.nav.signOut}
      </button>
      <dialog ref={dialog} className="confirm-sign-out" aria-labelledby="sign-out-title" aria-describedby="sign-out-detail">
        <h2 id="sign-out-title">{t.signOut.title}</h2>
        <p id="sign-out-detail">{unsent > 0 ? t.signOut.unsent(unsent) : t.mobile.signOutConfirm}</p>
        <div className="dialog-actions">
          {/* Staying is the safe choice, so it has the focus. */}
          <button type="button" className="secondary stay" autoFocus onClick={() => dialog.current?.close()}>
            {t.signOut.stay}
          </button>
          <button
            type="button"
            className="danger sign-out-anyway"
            onClick={() => {
              dialog.current?.close();
              leave();
            }}
          >
            {unsent > 0 ? t.signOut.anyway : t.mobile.signOutYes}
          </button>
        </div>
      </dialog>
    </>
  );
}
