// Grey shapes where posts are about to appear, so a slow connection shows the page taking shape
// rather than a blank screen. Screen readers hear "Loading…" once (the shapes are hidden from
// them); the shimmer stops for readers who ask for reduced motion (skeleton.css).
// A server that accepts the connection and never answers leaves the shapes up until the outage
// probe gives up (8-15 s): after SLOW_MS a line says, in words, that this is taking long, so the
// reader is not left wondering whether anything is happening at all.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import './skeleton.css';

const SLOW_MS = 2000;

export function PostSkeletons({ count = 3 }: { count?: number }) {
  const { t } = useI18n();
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), SLOW_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <>
      {/* Present (empty) from the start, so screen readers announce the words when they appear. */}
      <p className="loading-slow" role="status">
        {slow ? t.mobile.slow : ''}
      </p>
      <div className="skeletons" aria-busy="true">
        <span className="visually-hidden">{t.mobile.loading}</span>
        {Array.from({ length: count }, (_, i) => (
          <div key={i} className="skeleton-post" aria-hidden="true">
            <span className="skeleton-avatar" />
            <span className="skeleton-lines">
              <span className="skeleton-line short" />
              <span className="skeleton-line" />
              <span className="skeleton-line" />
            </span>
          </div>
        ))}
      </div>
    </>
  );
}
