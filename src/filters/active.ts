// Applying a viewer's filters where statuses are shown. Each viewer's filters are cached in
// process memory, compiled, and dropped on `filters.changed` from any process, so the common
// case (a viewer with no filters) costs one Map lookup and leaves the page's bytes untouched:
// the cached, shared status bytes (posts/status-bytes.ts, repeat-pages.ts) never carry a
// viewer's `filtered`; it is added here, to the viewer's own copy, after the page is made.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EventBus, SirbEvent } from '../events.js';
import { compile, isExpired, matchStatus, type CompiledFilter, type FilterContext, type MatchableStatus } from './matcher.js';
import { filtersOf, toActive } from './store.js';
import { unavailabilityOf } from '../db/availability.js';

interface Entry {
  filters: CompiledFilter[];
  at: number;
}

const MAX_VIEWERS = 20_000;
/** A safety net for a change whose event was lost: nothing stays cached longer than this. */
const MAX_AGE_MS = 60_000;

export class ActiveFilters {
  private readonly cache = new Map<number, Entry>();
  /** Bumped by every eviction: a load begun before one does not store what it read. */
  private epoch = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number = Date.now,
  ) {}

  attach(events: EventBus): () => void {
    const off = events.subscribe((event) => this.apply(event));
    const offGap = events.onGap(() => this.clear());
    return () => {
      off();
      offGap();
    };
  }

  apply(event: SirbEvent): void {
    if (event.type !== 'filters.changed') return;
    this.cache.delete(event.accountId);
    this.epoch += 1;
  }

  clear(): void {
    this.cache.clear();
    this.epoch += 1;
  }

  /** All of the viewer's filters, compiled (expired ones too: expiry is checked at use). */
  private async all(viewerId: number): Promise<CompiledFilter[]> {
    const now = Date.now();
    const cached = this.cache.get(viewerId);
    if (cached && now - cached.at <= MAX_AGE_MS) return cached.filters;
    const since = this.epoch;
    let records: Awaited<ReturnType<typeof filtersOf>>;
    try {
      records = await filtersOf(this.db, viewerId);
    } catch (error) {
      // The database is away: the filters known last still apply (a change evicts them, so
      // these were current when it went).
      if (cached && unavailabilityOf(error)) return cached.filters;
      throw error;
    }
    const filters = records.map((record) => compile(toActive(record)));
    if (since === this.epoch) {
      this.cache.delete(viewerId);
      this.cache.set(viewerId, { filters, at: now });
      if (this.cache.size > MAX_VIEWERS) this.cache.delete(this.cache.keys().next().value!);
    }
    return filters;
  }

  /**
   * The viewer's unexpired filters, all of them: as on Mastodon, `filtered` lists every filter
   * a status matches, whatever its contexts, and clients show those of the context at hand
   * (a client keeps a status by id and shows it in several places). undefined when there are
   * none: the caller then changes nothing.
   */
  async active(viewerId: number | undefined): Promise<CompiledFilter[] | undefined> {
    if (viewerId === undefined) return undefined;
    const all = await this.all(viewerId);
    if (all.length === 0) return undefined;
    const now = this.clock();
    const active = all.filter((f) => !isExpired(f.filter, now));
    return active.length ? active : undefined;
  }

  /**
   * A page (a JSON array of statuses) shown in `context`: statuses a hiding filter of that
   * context matches are left out, the others carry `filtered`.
   */
  async page(viewerId: number | undefined, context: FilterContext, json: Buffer): Promise<Buffer> {
    const filters = await this.active(viewerId);
    if (!filters) return json;
    const statuses = JSON.parse(json.toString()) as FilterableStatus[];
    const shown = applyFilters(statuses, filters, context);
    // A page no filter touched goes out as the bytes it came as.
    return shown === statuses ? json : Buffer.from(JSON.stringify(shown));
  }

  /**
   * Statuses as objects (context, notifications, streams, bookmarks), the same way; with no
   * context (a status on its own, bookmarks) nothing is left out.
   */
  async statuses<T extends FilterableStatus>(viewerId: number | undefined, context: FilterContext | undefined, statuses: T[]): Promise<T[]> {
    const filters = await this.active(viewerId);
    return filters ? applyFilters(statuses, filters, context) : statuses;
  }

  /** One status, or null when a filter hides it in this context. */
  async one<T extends FilterableStatus>(viewerId: number | undefined, context: FilterContext | undefined, status: T): Promise<T | null> {
    return (await this.statuses(viewerId, context, [status]))[0] ?? null;
  }
}

export interface FilterableStatus extends MatchableStatus {
  filtered?: unknown[];
  reblog?: FilterableStatus | null;
}

/**
 * Marks each status with the filters it matches; drops it if one of them hides in `context`.
 * A reblog carries the results as the status it reblogs does, as on Mastodon. The very list
 * given comes back when no status matched.
 */
export function applyFilters<T extends FilterableStatus>(statuses: T[], filters: CompiledFilter[], context: FilterContext | undefined): T[] {
  const shown: T[] = [];
  let touched = false;
  for (const status of statuses) {
    const results = matchStatus(status, filters);
    if (results.length) touched = true;
    if (results.length === 0) {
      shown.push(status);
      continue;
    }
    if (context !== undefined && results.some((r) => r.filter.filter_action === 'hide' && r.filter.context.includes(context))) continue;
    const marked = { ...status, filtered: results };
    if (status.reblog) marked.reblog = { ...status.reblog, filtered: results };
    shown.push(marked);
  }
  return touched ? shown : statuses;
}
