// A post's age ("5m", "5 د"), kept current while it is on screen: one shared clock for every
// timestamp on the page ticks while any is shown, and stops when none is.
import { useEffect } from 'react';
import { useI18n } from '../i18n';
import { relativeTime } from '../lib/format';
import { createStore, useStore } from '../state/store';

const TICK_MS = 20_000;
const now = createStore(Date.now());
let shown = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function useNow(): number {
  useEffect(() => {
    if (shown++ === 0) {
      now.set(Date.now());
      timer = setInterval(() => now.set(Date.now()), TICK_MS);
    }
    return () => {
      if (--shown === 0) clearInterval(timer);
    };
  }, []);
  return useStore(now);
}

export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const { t } = useI18n();
  const at = useNow();
  // The clock may not have ticked since this post arrived: never older than it is.
  return (
    <time className={className} dateTime={iso}>
      {relativeTime(iso, t, Math.max(at, Date.parse(iso)))}
    </time>
  );
}
