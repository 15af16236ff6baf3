// A post's link preview (the Status's `card`): image, title, description and the site's domain.
// Each text takes its own direction (dir="auto": an English page's title reads left-to-right in
// the Arabic interface); the domain is isolated left-to-right so "example.com" never reorders
// among Arabic words. The image is the server's own copy (cards are kept there), loaded lazily,
// its box sized before it arrives so the timeline does not jump.
import type { PreviewCard } from '../../api/types';

export function displayDomain(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

export function LinkCard({ card }: { card: PreviewCard }) {
  const domain = displayDomain(card.url);
  const sized = card.width > 0 && card.height > 0;
  return (
    <a className={card.image ? 'link-card with-image' : 'link-card'} href={card.url} target="_blank" rel="noopener noreferrer nofollow ugc" data-testid="link-card">
      {card.image && (
        <img
          className="link-card-image"
          src={card.image}
          alt={card.image_description}
          loading="lazy"
          decoding="async"
          width={sized ? card.width : undefined}
          height={sized ? card.height : undefined}
          sizes="(max-width: 640px) 100vw, 560px"
        />
      )}
      <span className="link-card-text">
        <bdi className="link-card-domain" dir="ltr">
          {domain}
        </bdi>
        <strong className="link-card-title" dir="auto" lang={card.language ?? undefined}>
          {card.title}
        </strong>
        {card.description && (
          <span className="link-card-description" dir="auto" lang={card.language ?? undefined}>
            {card.description}
          </span>
        )}
      </span>
    </a>
  );
}
