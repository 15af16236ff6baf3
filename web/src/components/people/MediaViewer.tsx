// The image viewer: a modal dialog (showModal keeps the focus inside it and makes the page
// behind inert), one picture at a time with its description, Previous / Next buttons, the arrow
// keys and a swipe. "Next" follows the reading direction: in Arabic it is the left arrow and a
// swipe to the right, as the pictures are laid out right to left. Escape closes.
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { MediaAttachment } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatNumber } from '../../lib/format';
import './people.css';

const SWIPE_PX = 50;

export default function MediaViewer({ media, start, onClose }: { media: MediaAttachment[]; start: number; onClose(): void }) {
  const { t, lang } = useI18n();
  const m = t.people.media;
  const [index, setIndex] = useState(start);
  const dialog = useRef<HTMLDialogElement>(null);
  const swipeFrom = useRef<number | null>(null);
  const rtl = lang === 'ar';
  const count = media.length;
  // Past the last picture comes the first again, as on Mastodon.
  const go = (step: number) => setIndex((i) => (i + step + count) % count);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    d?.querySelector<HTMLButtonElement>('.media-viewer-close')?.focus();
  }, []);

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Tab') {
      // A modal dialog still lets Tab leave for the browser's own controls: kept inside.
      const stops = [...(dialog.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
      const at = stops.indexOf(document.activeElement as HTMLButtonElement);
      const to = at < 0 ? 0 : (at + (e.shiftKey ? -1 : 1) + stops.length) % stops.length;
      e.preventDefault();
      stops[to]?.focus();
      return;
    }
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    go((e.key === 'ArrowRight') !== rtl ? 1 : -1);
  };
  const onPointerUp = (e: PointerEvent) => {
    if (swipeFrom.current === null) return;
    const dx = e.clientX - swipeFrom.current;
    swipeFrom.current = null;
    // A swipe drags the picture away: to the left shows the next one in LTR, to the right in RTL.
    if (Math.abs(dx) >= SWIPE_PX) go((dx < 0) !== rtl ? 1 : -1);
  };

  const item = media[index];
  const position = m.position(formatNumber(index + 1, lang), formatNumber(count, lang));
  return (
    <dialog
      ref={dialog}
      className="media-viewer"
      aria-label={m.viewer}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={onKey}
    >
      <div className="media-viewer-bar">
        <span aria-live="polite">{count > 1 ? position : ''}</span>
        <button type="button" className="media-viewer-close" onClick={onClose}>
          {m.close}
        </button>
      </div>
      <div
        className="media-viewer-stage"
        onPointerDown={(e) => (swipeFrom.current = e.clientX)}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (swipeFrom.current = null)}
      >
        {count > 1 && (
          <button type="button" className="media-viewer-prev" aria-label={m.previous} onClick={() => go(-1)}>
            {rtl ? '›' : '‹'}
          </button>
        )}
        <figure>
          <img src={item.url ?? item.preview_url ?? ''} alt={item.description ?? t.status.image} draggable={false} />
          <figcaption dir="auto">{item.description ?? m.noAlt}</figcaption>
        </figure>
        {count > 1 && (
          <button type="button" className="media-viewer-next" aria-label={m.next} onClick={() => go(1)}>
            {rtl ? '‹' : '›'}
          </button>
        )}
      </div>
    </dialog>
  );
}
