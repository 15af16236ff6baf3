// The counter as a ring that fills as the post grows (the count itself is the text counter beside
// it, which screen readers hear): amber in the last 20, red past the limit, with the overflow
// written inside. Weighted as the server counts (twitter-text's v3 weights).
import { formatNumber } from '../../lib/format';
import { useI18n } from '../../i18n';
import './compose.css';

const RADIUS = 9;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

export function CounterRing({ used, max }: { used: number; max: number }) {
  const { lang } = useI18n();
  const left = max - used;
  const state = left < 0 ? 'over' : left <= 20 ? 'near' : 'ok';
  const filled = Math.min(used / max, 1);
  return (
    <span className={`counter-ring ${state}`} aria-hidden="true" data-state={state}>
      <svg viewBox="0 0 24 24" width="24" height="24" focusable="false">
        <circle className="counter-ring-track" cx="12" cy="12" r={RADIUS} />
        <circle className="counter-ring-fill" cx="12" cy="12" r={RADIUS} strokeDasharray={CIRCUMFERENCE} strokeDashoffset={CIRCUMFERENCE * (1 - filled)} transform="rotate(-90 12 12)" />
      </svg>
      {left <= 20 && <span className="counter-ring-number">{formatNumber(left, lang)}</span>}
    </span>
  );
}
