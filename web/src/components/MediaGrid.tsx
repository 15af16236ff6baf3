// A post's pictures. Sensitive media (marked by its author, or behind a content warning) is
// blurred and opens nothing until the reader asks for it: a click anywhere on it only reveals it.
// A picture shown opens the image viewer (loaded on first use); one with a description wears an
// ALT badge, as on Mastodon.
import { lazy, Suspense, useRef, useState } from 'react';
import type { MediaAttachment } from '../api/types';
import { useI18n } from '../i18n';
import './people/people.css';

const MediaViewer = lazy(() => import('../pages/people/lazy').then((m) => ({ default: m.MediaViewer })));

export function MediaGrid({ media, sensitive }: { media: MediaAttachment[]; sensitive: boolean }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(!sensitive);
  const [open, setOpen] = useState<number | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const hidden = sensitive && !shown;
  return (
    <div className={`media-grid n${Math.min(media.length, 4)}${hidden ? ' sensitive-hidden' : ''}`}>
      {media.map((m, i) =>
        hidden ? (
          // Blurred, its description kept from screen readers too until revealed.
          <img key={m.id} src={m.preview_url ?? m.url ?? ''} alt="" aria-hidden="true" loading="lazy" />
        ) : (
          <button
            key={m.id}
            type="button"
            className="media-open"
            onClick={(e) => {
              opener.current = e.currentTarget;
              setOpen(i);
            }}
          >
            <img src={m.preview_url ?? m.url ?? ''} alt={m.description ?? t.status.image} loading="lazy" />
            {m.description && (
              <span className="alt-badge" title={t.people.media.altTitle} aria-hidden="true">
                {t.people.media.alt}
              </span>
            )}
          </button>
        ),
      )}
      {hidden && (
        <button type="button" className="sensitive-reveal" onClick={() => setShown(true)}>
          <strong>{t.status.sensitive}</strong>
          <span>{t.status.clickToShow}</span>
        </button>
      )}
      {sensitive && shown && (
        <button type="button" className="sensitive-hide secondary" onClick={() => setShown(false)}>
          {t.status.hideMedia}
        </button>
      )}
      {open !== null && (
        <Suspense fallback={null}>
          <MediaViewer
            media={media}
            start={open}
            onClose={() => {
              setOpen(null);
              // The focus goes back to the picture that opened the viewer.
              requestAnimationFrame(() => opener.current?.focus());
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
