// Grey shapes where posts are about to appear, so a slow connection shows the page taking shape
// rather than a blank screen. Screen readers hear "Loading…" once (the shapes are hidden from
// them); the shimmer stops for readers who ask for reduced motion (skeleton.css).
import { useI18n } from '../../i18n';
import './skeleton.css';

export function PostSkeletons({ count = 3 }: { count?: number }) {
  const { t } = useI18n();
  return (
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
  );
}
