// Link preview cards: after a post is created (or edited), its first link's page is fetched in
// the background, within the fetcher's limits, and the card it describes is stored and shown
// in the post's `card`. A link's card is fetched once and reused by every post that shares it
// (refreshed after CARD_TTL_MS); a link that gave no card is not tried again for a while.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import type { EventBus } from '../events.js';
import type { PreviewCardJson } from '../http/entities/preview-card.js';
import { findStatus } from '../posts/store.js';
import { parseText } from '../posts/content.js';
import { normalizeLink } from '../trends/links.js';
import { CardFetchError, DEFAULT_LIMITS, fetchDocument, type FetchLimits } from './fetcher.js';
import { readOembed, readPageMeta } from './parse.js';
import * as store from './store.js';
import type { CardImages } from './images.js';

const CARD_TTL_MS = 14 * 86_400_000;
const FAILURE_TTL_MS = 10 * 60_000;
const MAX_REMEMBERED_FAILURES = 10_000;
const HTML = ['text/html', 'application/xhtml+xml'] as const;
const JSON_TYPES = ['application/json', 'application/json+oembed', 'text/json', 'text/javascript'] as const;

export class CardService {
  private readonly failures = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<PreviewCardJson | undefined>>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: Write,
    private readonly limits: FetchLimits,
    /** Where card images are kept, and the URL they are served under (`${publicUrl}/card-images/`). */
    readonly images: CardImages,
    private readonly publicUrl: string,
    private readonly clock: () => number = Date.now,
    private readonly log: (error: unknown, statusId: number) => void = () => {},
  ) {}

  private get ownOrigin(): string {
    return new URL(this.publicUrl).origin;
  }

  /** Listens for this process's new and edited posts (one process does each fetch). */
  start(events: EventBus): () => void {
    return events.subscribeLocal((event) => {
      if (event.type === 'status.created' || event.type === 'status.edited') this.attachLater(event.statusId);
      else if (event.type === 'status.deleted') void store.forgetStatus(this.db, event.statusId).catch((error: unknown) => this.log(error, event.statusId));
    });
  }

  /** Starts finding the status's card; the caller does not wait. */
  attachLater(statusId: number): void {
    const work = this.attach(statusId).catch((error: unknown) => this.log(error, statusId));
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Settles when every background fetch started so far has (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** Gives the status the card of its first link (none if it has no link, or the link no card). */
  async attach(statusId: number): Promise<void> {
    const status = await findStatus(this.db, statusId);
    if (!status || status.reblog_of_id !== null) return;
    const linked = firstLink(status.text);
    // A link to this server's own pages (a post, a profile) gets no card, as on Mastodon: the web
    // app quotes a linked post itself, and the server would only be fetching its own pages.
    const link = linked !== undefined && new URL(linked).origin !== this.ownOrigin ? linked : undefined;
    const card = link === undefined ? undefined : await this.cardFor(link);
    const cardId = card === undefined ? null : (await store.findCardByUrl(this.db, link!))?.id ?? null;
    await this.write(async (tx) => {
      // The post may have gone, or been edited to another link, while the page was fetched.
      const now = await findStatus(tx, statusId);
      if (!now || firstLink(now.text) !== linked) return;
      await store.setStatusCard(tx, statusId, cardId);
    });
  }

  /** The status's card, for GET /api/v1/statuses/:id/card (the route checks the viewer may see it). */
  async cardOfStatus(statusId: number): Promise<PreviewCardJson | undefined> {
    return (await store.cardsOfStatuses(this.db, [statusId])).get(statusId);
  }

  /** The link's card: stored if fetched lately, else fetched (once at a time per link). */
  async cardFor(url: string): Promise<PreviewCardJson | undefined> {
    const stored = await store.findCardByUrl(this.db, url);
    const now = this.clock();
    if (stored && now - stored.fetchedAt < CARD_TTL_MS) return stored.card;
    const failedUntil = this.failures.get(url);
    if (failedUntil !== undefined && failedUntil > now) return stored?.card;
    let fetching = this.inFlight.get(url);
    if (!fetching) {
      fetching = this.fetchAndSave(url).finally(() => this.inFlight.delete(url));
      this.inFlight.set(url, fetching);
    }
    return (await fetching) ?? stored?.card;
  }

  private async fetchAndSave(url: string): Promise<PreviewCardJson | undefined> {
    let card: PreviewCardJson | undefined;
    try {
      card = await this.fetchCard(url);
    } catch (error) {
      if (!(error instanceof CardFetchError) && !isNetworkError(error)) throw error;
    }
    const now = this.clock();
    if (card === undefined) {
      this.rememberFailure(url, now);
      return undefined;
    }
    await this.write((tx) => store.saveCard(tx, url, card, now));
    return card;
  }

  private rememberFailure(url: string, now: number): void {
    this.failures.delete(url);
    this.failures.set(url, now + FAILURE_TTL_MS);
    if (this.failures.size > MAX_REMEMBERED_FAILURES) this.failures.delete(this.failures.keys().next().value!);
  }

  /** Fetches the page and its oEmbed document, if it advertises one; undefined if it says nothing. */
  async fetchCard(url: string): Promise<PreviewCardJson | undefined> {
    const page = await fetchDocument(url, HTML, this.limits);
    const meta = readPageMeta(page.body, page.url);
    const embed = meta.oembed ? await this.fetchEmbed(meta.oembed) : undefined;
    const title = meta.title || embed?.title || '';
    if (!title && !embed) return undefined;
    const host = new URL(page.url).hostname;
    const remoteImage = meta.image ?? embed?.image ?? null;
    const image = remoteImage === null ? undefined : await this.images.keep(remoteImage, this.limits);
    return {
      url,
      title,
      description: meta.description,
      language: meta.language,
      type: embed?.type ?? 'link',
      authors: [],
      author_name: embed?.authorName || meta.authorName,
      author_url: embed?.authorUrl ?? '',
      provider_name: embed?.providerName || meta.siteName || host,
      provider_url: embed?.providerUrl ?? '',
      html: embed?.html ?? '',
      // An embed's size is its iframe's; a link's, its image's (as kept).
      width: embed?.html ? embed.width : (image?.width ?? 0),
      height: embed?.html ? embed.height : (image?.height ?? 0),
      image: image ? `${this.publicUrl}/card-images/${image.name}` : null,
      image_description: meta.imageDescription,
      embed_url: embed?.type === 'photo' && image ? `${this.publicUrl}/card-images/${image.name}` : '',
      blurhash: image?.blurhash ?? null,
      published_at: null,
    };
  }

  /** An advertised oEmbed document, fetched within the same limits; a broken one is ignored. */
  private async fetchEmbed(url: string) {
    try {
      const doc = await fetchDocument(url, JSON_TYPES, { ...this.limits, maxBytes: Math.min(this.limits.maxBytes, 256 * 1024) });
      return readOembed(doc.body, doc.url);
    } catch {
      return undefined;
    }
  }
}

export { DEFAULT_LIMITS };

/** The post's first http(s) link, as trends count it (no fragment). */
export function firstLink(text: string): string | undefined {
  for (const url of parseText(text).urls) {
    const link = normalizeLink(url);
    if (link !== undefined) return link;
  }
  return undefined;
}

function isNetworkError(error: unknown): boolean {
  return error instanceof Error && ('code' in error || error.name === 'AbortError' || error.name === 'TimeoutError');
}
