// Direct conversations for the API and the direct stream: each as its viewer sees it, with the
// other participants and the last status (when the viewer may still see it).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { notFound } from '../http/errors.js';
import type { Page } from '../http/pagination.js';
import { findAccountsByIds } from '../accounts/store.js';
import type { AccountService } from '../accounts/service.js';
import type { AccountJson } from '../accounts/presenter.js';
import { findStatusesByIds } from '../posts/store.js';
import type { StatusJson, StatusPresenter } from '../posts/presenter.js';
import type { VisibilityService } from '../visibility/service.js';
import * as store from './store.js';

export interface ConversationJson {
  id: string;
  unread: boolean;
  accounts: AccountJson[];
  last_status: StatusJson | null;
}

export class ConversationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: Write,
    private readonly presenter: StatusPresenter,
    private readonly accounts: AccountService,
    private readonly visibility: VisibilityService,
  ) {}

  async present(rows: store.AccountConversationRow[], viewerId: number): Promise<ConversationJson[]> {
    const participantIds = rows.flatMap((r) => store.participantIdsOf(r));
    const [accountRows, statusRows] = await Promise.all([
      findAccountsByIds(this.db, [...new Set([...participantIds, viewerId])]),
      findStatusesByIds(this.db, rows.map((r) => Number(r.last_status_id))),
    ]);
    const accounts = new Map(accountRows.filter((a) => !a.suspended_at || a.id === viewerId).map((a) => [a.id, this.accounts.present(a)]));
    const statuses = new Map((await this.presenter.present(await this.visibility.visibleAmong(statusRows, viewerId), viewerId)).map((s) => [Number(s.id), s]));
    return rows.map((row) => {
      const others = store.participantIdsOf(row).flatMap((id) => (accounts.has(id) && id !== viewerId ? [accounts.get(id)!] : []));
      // A conversation with oneself (or with accounts since gone) lists the viewer, as Mastodon's.
      const self = accounts.get(viewerId);
      return {
        id: String(row.id),
        unread: Number(row.unread) === 1,
        accounts: others.length || !self ? others : [self],
        last_status: statuses.get(Number(row.last_status_id)) ?? null,
      };
    });
  }

  async list(viewerId: number, page: Page): Promise<{ conversations: ConversationJson[]; cursors: number[] }> {
    const rows = await store.conversationPage(this.db, viewerId, page);
    return { conversations: await this.present(rows, viewerId), cursors: rows.map((r) => Number(r.last_status_id)) };
  }

  /** The conversation as its owner sees it now (the direct stream's `conversation` payload). */
  async byId(viewerId: number, id: number): Promise<ConversationJson | undefined> {
    const row = await store.findConversation(this.db, viewerId, id);
    return row ? (await this.present([row], viewerId))[0] : undefined;
  }

  async read(viewerId: number, id: number): Promise<ConversationJson> {
    if (!(await this.write((tx) => store.markRead(tx, viewerId, id)))) throw notFound();
    const json = await this.byId(viewerId, id);
    if (!json) throw notFound();
    return json;
  }

  /** Removes the conversation for the viewer only; the others keep theirs. */
  async remove(viewerId: number, id: number): Promise<void> {
    if (!(await this.write((tx) => store.deleteConversation(tx, viewerId, id)))) throw notFound();
  }
}
