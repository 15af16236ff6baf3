// A row's button that calls the API once: disabled while the call runs, says so if it failed.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { announce } from '../../components/safety/Toast';

interface Props {
  label: string;
  /** The name read out, when the visible label alone would be ambiguous in a list. */
  ariaLabel?: string;
  className: string;
  run(): Promise<unknown>;
  onDone(): void;
}

export function ActionButton({ label, ariaLabel, className, run, onDone }: Props) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={className}
      aria-label={ariaLabel}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        run().then(onDone, () => {
          setBusy(false);
          announce(t.safety.actionFailed);
        });
      }}
    >
      {label}
    </button>
  );
}
