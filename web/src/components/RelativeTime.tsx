// A post's age ("5m", "5 د"), kept current while it is on screen: one shared clock for every
// timestamp on the page ticks while any is shown, and stops when none is.
import { useEffect } from 'react';
import { useI18n } from '../i18n';
import { relativeTime } from '../lib/format';
import { createStore, useStore } from '../state/store';
import { ssrState } from '../ssr/state';

const TICK_MS = 20_000;
// Starts from the server's clock when the page was rendered there, so hydration reads the same
// ages as the HTML; the first tick (on mount) moves it to this device's clock.
const now = createStore(ssrState()?.now ?? Date.now());

/** The server's render: its clock at that moment (the module lives as long as the server). */
export function setRenderClock(ms: number): void {
  now.set(ms);
}
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
