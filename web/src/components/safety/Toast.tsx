// One polite live region for what a safety action did ("You blocked …"): the post or menu it
// came from may be gone by then (a blocked account's posts leave the page), so the message
// lives with the page frame instead. It fades after a few seconds.
import { useEffect } from 'react';
import { createStore, useStore } from '../../state/store';

const message = createStore<{ text: string; at: number } | null>(null);

export function announce(text: string): void {
  message.set({ text, at: Date.now() });
}

export function SafetyToast() {
  const current = useStore(message);
  useEffect(() => {
    if (!current) return;
    const timer = setTimeout(() => message.get() === current && message.set(null), 6000);
    return () => clearTimeout(timer);
  }, [current]);
  return (
    <div className="safety-toast-region" role="status" aria-live="polite">
      {current && (
        <p className="safety-toast" key={current.at}>
          {current.text}
        </p>
      )}
    </div>
  );
}
