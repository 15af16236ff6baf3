// The last page each signed-in viewer was sent, kept as bytes for when they ask again and
// nothing on it changed. A home timeline is re-read far more often than it changes (every app
// launch, refresh and tab), and copying a warm page together (~34 KB into fresh memory) was the
// largest single cost left in a warm home read (bench/profile-home.ts: ~9% of the server's CPU).
//
// A page's bytes are the concatenation of its parts, and parts are never changed once made
// (encoded heads are replaced, not edited; marks tails and punctuation are constants), so the
// same parts in the same order, compared by identity, are the same bytes: no version to track.
import { concatParts } from './status-bytes.js';

interface LastPage {
  parts: Buffer[];
  /** Set on the second identical read: a page read once is not worth its own copy. */
  bytes?: Buffer;
}

const sameParts = (a: Buffer[], b: Buffer[]) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

export class RepeatPages {
  private readonly pages = new Map<number, LastPage>();
  private bytesKept = 0;

  /**
   * `maxBytes`: what the kept copies may hold in all (32 MB: about a thousand home pages);
   * `maxViewers`: how many viewers' last pages are remembered at all.
   */
  constructor(
    private readonly maxBytes = 32 * 1024 * 1024,
    private readonly maxViewers = 20_000,
  ) {}

  /** The page of these parts for this viewer: the bytes sent last time if the parts are the same. */
  bytesOf(viewerId: number, parts: Buffer[]): Buffer {
    const last = this.pages.get(viewerId);
    if (last !== undefined && sameParts(last.parts, parts)) {
      if (last.bytes !== undefined) return last.bytes;
      // Its own buffer, not one carved from the shared slabs: a kept page would pin its slab.
      last.bytes = Buffer.concat(parts);
      this.bytesKept += last.bytes.length;
      this.pages.delete(viewerId); // to the young end of the Map's order
      this.pages.set(viewerId, last);
      this.evictBeyondBudget();
      return last.bytes;
    }
    if (last?.bytes !== undefined) this.bytesKept -= last.bytes.length;
    this.pages.delete(viewerId);
    this.pages.set(viewerId, { parts });
    this.evictBeyondBudget();
    return concatParts(parts);
  }

  private evictBeyondBudget(): void {
    for (const [viewerId, page] of this.pages) {
      // Pages read once hold only their parts (whose heads the render cache mostly holds too).
      if (this.bytesKept <= this.maxBytes && this.pages.size <= this.maxViewers) break;
      this.pages.delete(viewerId);
      if (page.bytes !== undefined) this.bytesKept -= page.bytes.length;
    }
  }

  get keptBytes(): number {
    return this.bytesKept;
  }
}
