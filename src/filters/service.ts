// Mastodon's filters API: v2 filters with their keywords and statuses, and v1 filters, which
// are v2 filters of one keyword (as Mastodon maps them). Each write is one unit of work that
// says `filters.changed`, so every process's cached filters (active.ts) go at once.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { notFound, unprocessable } from '../http/errors.js';
import { newId } from '../lib/ids.js';
import { findStatus } from '../posts/store.js';
import type { VisibilityService } from '../visibility/service.js';
import * as input from './input.js';
import { filterJson, filterStatusJson, keywordJson, v1FilterJson, type FilterJson, type V1FilterJson } from './presenter.js';
import * as store from './store.js';

export interface FilterParams {
  title?: unknown;
  context?: unknown;
  filter_action?: unknown;
  expires_in?: unknown;
  keywords_attributes?: unknown;
}

export interface V1FilterParams {
  phrase?: unknown;
  context?: unknown;
  irreversible?: unknown;
  whole_word?: unknown;
  expires_in?: unknown;
}

/** Given, for an update: clients such as masto.js send null for "leave as it is". */
const has = (params: object, key: string) => (params as Record<string, unknown>)[key] != null;

export class FilterService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: Write,
    /** A status is filtered only if the account may see it (else its existence would leak). */
    private readonly visibility: Pick<VisibilityService, 'canSee'>,
    private readonly clock: () => number = Date.now,
  ) {}

  async list(accountId: number): Promise<FilterJson[]> {
    return (await store.filtersOf(this.db, accountId)).map(filterJson);
  }

  async get(accountId: number, id: number): Promise<FilterJson> {
    return filterJson(await this.record(accountId, id));
  }

  private async record(accountId: number, id: number): Promise<store.FilterRecord> {
    const record = await store.findFilter(this.db, accountId, id);
    if (!record) throw notFound();
    return record;
  }

  async create(accountId: number, params: FilterParams): Promise<FilterJson> {
    const now = this.clock();
    const fields: store.FilterFields = {
      title: input.title(params.title),
      context: input.contexts(params.context),
      action: params.filter_action === undefined || params.filter_action === '' ? 'warn' : input.action(params.filter_action),
      expiresAt: input.expiresAt(params.expires_in, now),
    };
    const keywords = input.keywordAttributes(params.keywords_attributes);
    // A new filter has no keywords to refer to: an id is an unknown keyword (Mastodon: 404).
    if (keywords.some((k) => k.id !== undefined)) throw notFound();
    const added = keywords.filter((k) => !k.destroy).map((k) => ({ keyword: input.keyword(k.keyword), wholeWord: input.flag(k.wholeWord, true) }));
    const id = newId(now);
    await this.write(async (tx) => {
      await store.insertFilter(tx, id, accountId, fields, now);
      for (const k of added) await store.insertKeyword(tx, accountId, { id: newId(now), filterId: id, ...k });
    });
    return this.get(accountId, id);
  }

  async update(accountId: number, id: number, params: FilterParams): Promise<FilterJson> {
    const record = await this.record(accountId, id);
    const now = this.clock();
    const fields: Partial<store.FilterFields> = {};
    if (has(params, 'title')) fields.title = input.title(params.title);
    if (has(params, 'context')) fields.context = input.contexts(params.context);
    if (has(params, 'filter_action')) fields.action = input.action(params.filter_action);
    // Here null is meaningful: an expiry of null (or "") means never.
    if (params.expires_in !== undefined) fields.expiresAt = input.expiresAt(params.expires_in, now);
    const keywords = input.keywordAttributes(params.keywords_attributes);
    const known = new Set(record.keywords.map((k) => k.id));
    if (keywords.some((k) => k.id !== undefined && !known.has(k.id))) throw notFound();
    const changes = keywords.map((k) => ({
      ...k,
      keyword: k.destroy || (k.id !== undefined && k.keyword === undefined) ? undefined : input.keyword(k.keyword),
      wholeWord: k.wholeWord === undefined ? undefined : input.flag(k.wholeWord, true),
    }));
    await this.write(async (tx) => {
      await store.updateFilter(tx, accountId, id, fields);
      for (const k of changes) {
        if (k.id === undefined) {
          if (!k.destroy) await store.insertKeyword(tx, accountId, { id: newId(now), filterId: id, keyword: k.keyword!, wholeWord: k.wholeWord ?? true });
        } else if (k.destroy) await store.deleteKeyword(tx, accountId, k.id);
        else await store.updateKeyword(tx, accountId, k.id, { keyword: k.keyword, wholeWord: k.wholeWord });
      }
    });
    return this.get(accountId, id);
  }

  async remove(accountId: number, id: number): Promise<void> {
    await this.record(accountId, id);
    await this.write((tx) => store.deleteFilter(tx, accountId, id));
  }

  // --- keywords ---

  async keywords(accountId: number, filterId: number) {
    return (await this.record(accountId, filterId)).keywords.map(keywordJson);
  }

  private async keywordOf(accountId: number, keywordId: number) {
    const filterId = await store.filterIdOfKeyword(this.db, accountId, keywordId);
    const record = filterId === undefined ? undefined : await store.findFilter(this.db, accountId, filterId);
    const keyword = record?.keywords.find((k) => k.id === keywordId);
    if (!record || !keyword) throw notFound();
    return { record, keyword };
  }

  async keyword(accountId: number, keywordId: number) {
    return keywordJson((await this.keywordOf(accountId, keywordId)).keyword);
  }

  async addKeyword(accountId: number, filterId: number, params: { keyword?: unknown; whole_word?: unknown }) {
    await this.record(accountId, filterId);
    const row = { id: newId(this.clock()), filterId, keyword: input.keyword(params.keyword, 'Keyword'), wholeWord: input.flag(params.whole_word, true) };
    await this.write((tx) => store.insertKeyword(tx, accountId, row));
    return keywordJson(row);
  }

  async updateKeyword(accountId: number, keywordId: number, params: { keyword?: unknown; whole_word?: unknown }) {
    await this.keywordOf(accountId, keywordId);
    const fields = {
      keyword: params.keyword === undefined ? undefined : input.keyword(params.keyword, 'Keyword'),
      wholeWord: params.whole_word === undefined ? undefined : input.flag(params.whole_word, true),
    };
    await this.write((tx) => store.updateKeyword(tx, accountId, keywordId, fields));
    return this.keyword(accountId, keywordId);
  }

  async removeKeyword(accountId: number, keywordId: number): Promise<void> {
    await this.keywordOf(accountId, keywordId);
    await this.write((tx) => store.deleteKeyword(tx, accountId, keywordId));
  }

  // --- statuses ---

  async statuses(accountId: number, filterId: number) {
    return (await this.record(accountId, filterId)).statuses.map(filterStatusJson);
  }

  private async statusOf(accountId: number, id: number) {
    const filterId = await store.filterIdOfStatus(this.db, accountId, id);
    const record = filterId === undefined ? undefined : await store.findFilter(this.db, accountId, filterId);
    const entry = record?.statuses.find((s) => s.id === id);
    if (!entry) throw notFound();
    return entry;
  }

  async filterStatus(accountId: number, id: number) {
    return filterStatusJson(await this.statusOf(accountId, id));
  }

  async addStatus(accountId: number, filterId: number, statusId: unknown) {
    await this.record(accountId, filterId);
    if (statusId === undefined || statusId === null || statusId === '') throw unprocessable("Validation failed: Status can't be blank");
    const status = /^\d{1,16}$/.test(String(statusId)) ? await findStatus(this.db, Number(statusId)) : undefined;
    if (!status || !(await this.visibility.canSee(status, accountId))) throw notFound();
    const row = { id: newId(this.clock()), filterId, statusId: Number(statusId) };
    const added = await this.write((tx) => store.insertFilterStatus(tx, accountId, row));
    if (!added) throw unprocessable('Validation failed: Status has already been taken');
    return filterStatusJson(row);
  }

  async removeStatus(accountId: number, id: number): Promise<void> {
    await this.statusOf(accountId, id);
    await this.write((tx) => store.deleteFilterStatus(tx, accountId, id));
  }

  // --- v1: one keyword each ---

  async listV1(accountId: number): Promise<V1FilterJson[]> {
    return (await store.filtersOf(this.db, accountId)).flatMap((record) => record.keywords.map((k) => v1FilterJson(record, k)));
  }

  async getV1(accountId: number, keywordId: number): Promise<V1FilterJson> {
    const { record, keyword } = await this.keywordOf(accountId, keywordId);
    return v1FilterJson(record, keyword);
  }

  async createV1(accountId: number, params: V1FilterParams): Promise<V1FilterJson> {
    const phrase = input.keyword(params.phrase, 'Phrase');
    const created = await this.create(accountId, {
      title: phrase,
      context: params.context,
      filter_action: input.flag(params.irreversible, false) ? 'hide' : 'warn',
      expires_in: params.expires_in,
      keywords_attributes: [{ keyword: phrase, whole_word: input.flag(params.whole_word, true) }],
    });
    return this.getV1(accountId, Number(created.keywords[0].id));
  }

  async updateV1(accountId: number, keywordId: number, params: V1FilterParams): Promise<V1FilterJson> {
    const { record } = await this.keywordOf(accountId, keywordId);
    const filterLevel = ['context', 'irreversible', 'expires_in'].filter((key) => has(params, key) || (key === 'expires_in' && params.expires_in === null && record.expiresAt !== null));
    // The filter's own settings are shared by all its keywords: Mastodon refuses to change
    // them through one keyword's v1 view.
    if (filterLevel.length && record.keywords.length > 1) {
      throw unprocessable('These parameters cannot be changed from this application because they apply to more than one filter keyword. Use a more recent application or the web interface.');
    }
    const filterParams: FilterParams = {};
    if (has(params, 'context')) filterParams.context = params.context;
    if (has(params, 'irreversible')) filterParams.filter_action = input.flag(params.irreversible, false) ? 'hide' : 'warn';
    if (params.expires_in !== undefined) filterParams.expires_in = params.expires_in;
    const keywordChange: Record<string, unknown> = { id: keywordId };
    if (has(params, 'phrase')) keywordChange.keyword = input.keyword(params.phrase, 'Phrase');
    if (has(params, 'whole_word')) keywordChange.whole_word = params.whole_word;
    if (has(params, 'phrase') && record.keywords.length === 1) filterParams.title = keywordChange.keyword;
    await this.update(accountId, record.id, { ...filterParams, keywords_attributes: [keywordChange] });
    return this.getV1(accountId, keywordId);
  }

  /** The keyword goes; its filter too when nothing else is left in it. */
  async removeV1(accountId: number, keywordId: number): Promise<void> {
    const { record } = await this.keywordOf(accountId, keywordId);
    const last = record.keywords.length === 1 && record.statuses.length === 0;
    await this.write((tx) => (last ? store.deleteFilter(tx, accountId, record.id) : store.deleteKeyword(tx, accountId, keywordId)));
  }
}
