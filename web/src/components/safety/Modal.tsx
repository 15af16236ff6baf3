// A modal dialog on the native <dialog> (as the sign-out confirmation): the browser keeps the
// focus inside, Escape closes it, and the page behind is inert. Mounted open; unmount to close.
// It lives under <body> (a portal), so it takes none of the styles of the post or menu it opened from.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

interface Props {
  title: ReactNode;
  className?: string;
  onClose(): void;
  children: ReactNode;
}

export function Modal({ title, className, onClose, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closing = useRef(onClose);
  closing.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // Focus goes back where it was (the menu button) when the dialog goes away.
    const before = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const onCancel = () => closing.current();
    dialog.addEventListener('close', onCancel);
    return () => {
      dialog.removeEventListener('close', onCancel);
      if (dialog.open) dialog.close();
      // The opener may be gone (a blocked account's post leaves the page): then the page itself.
      if (before?.isConnected) before.focus();
      else document.getElementById('main')?.focus({ preventScroll: true });
    };
  }, []);
  return createPortal(
    <dialog ref={ref} className={`safety-dialog ${className ?? ''}`} aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>,
    document.body,
  );
}
