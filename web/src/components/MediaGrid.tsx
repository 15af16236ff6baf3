// A post's pictures. Sensitive media (marked by its author, or behind a content warning) is
// blurred and is no link until the reader asks for it: a click anywhere on it only reveals it.
import { useState } from 'react';
import type { MediaAttachment } from '../api/types';
import { useI18n } from '../i18n';

export function MediaGrid({ media, sensitive }: { media: MediaAttachment[]; sensitive: boolean }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(!sensitive);
  const hidden = sensitive && !shown;
  return (
    <div className={`media-grid n${Math.min(media.length, 4)}${hidden ? ' sensitive-hidden' : ''}`}>
      {media.map((m) =>
        hidden ? (
          // Blurred, its description kept from screen readers too until revealed.
          <img key={m.id} src={m.preview_url ?? m.url ?? ''} alt="" aria-hidden="true" loading="lazy" />
        ) : (
          <a key={m.id} href={m.url ?? '#'} target="_blank" rel="noreferrer">
            <img src={m.preview_url ?? m.url ?? ''} alt={m.description ?? t.status.image} loading="lazy" />
          </a>
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
    </div>
  );
}
