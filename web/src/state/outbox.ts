// Posts the reader submitted but the server has not confirmed. Each gets an Idempotency-Key
// when first submitted; it is kept (in localStorage) until the server answers, and re-sent with
// the same key when the API is back, so a post is never lost and never published twice even if
// the first attempt reached the server but its answer did not reach us.
import { ApiError, api } from '../api/client';
import type { PollParams, Status } from '../api/types';
import { health } from './outage';
import { isRateLimited, rateLimitedUntil } from './rate-limit';
import { createStore, readJson, writeJson } from './store';
import { session } from '../auth/session';
import { draftKey, migrateLegacyStorage, outboxKey, ownerOf } from './account-storage';

export interface NewPost {
  status: string;
  in_reply_to_id?: string;
  media_ids?: string[];
  language?: string;
  visibility?: string;
  spoiler_text?: string;
  sensitive?: boolean;
  poll?: PollParams;
}

export interface OutboxItem {
  key: string;
  /** Whose post it is: after a sign-out it waits for that account, never posts as another. */
  accountId: string;
  post: NewPost;
  createdAt: number;
}

// Kept per account (and instance): on a shared computer the next person to sign in never sees,
// nor sends, the previous one's queued posts (web/src/state/account-storage.ts).
migrateLegacyStorage();
let owner = ownerOf(session.get());
const load = (who: string | null): OutboxItem[] => (who ? readJson<OutboxItem[]>(outboxKey(who), []) : []);
export const outbox = createStore<OutboxItem[]>(load(owner));
// Kept on this device only: the server renders (and hydration starts) without it.
const NOTHING_QUEUED: OutboxItem[] = [];
outbox.serverGet = () => NOTHING_QUEUED;
outbox.subscribe(() => {
  if (owner) writeJson(outboxKey(owner), outbox.get().length ? outbox.get() : null);
});
session.subscribe(() => {
  const next = ownerOf(session.get());
  if (next === owner) return;
  owner = next;
  outbox.set(load(owner));
});

type Posted = (status: Status, item: OutboxItem) => void;
const postedListeners = new Set<Posted>();
export function onPosted(listener: Posted): () => void {
  postedListeners.add(listener);
  return () => postedListeners.delete(listener);
}

function newKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

async function send(item: OutboxItem): Promise<Status> {
  return api<Status>('/api/v1/statuses', { method: 'POST', body: item.post, headers: { 'Idempotency-Key': item.key } });
}

function remove(key: string): void {
  outbox.set(outbox.get().filter((i) => i.key !== key));
}

/** Queued: kept to be sent later; `error` says why when the server answered (a 429). */
export type SubmitResult = { kind: 'posted'; status: Status } | { kind: 'queued'; error?: ApiError } | { kind: 'rejected'; error: ApiError };

/** Queues the post first (so a crash mid-request loses nothing), then tries to send it. */
export async function submit(post: NewPost): Promise<SubmitResult> {
  const item: OutboxItem = { key: newKey(), accountId: session.get()?.accountId ?? '', post, createdAt: Date.now() };
  outbox.set([...outbox.get(), item]);
  return attempt(item);
}

const inFlight = new Set<string>();

async function attempt(item: OutboxItem): Promise<SubmitResult> {
  if (inFlight.has(item.key) || item.accountId !== session.get()?.accountId) return { kind: 'queued' };
  inFlight.add(item.key);
  try {
    const status = await send(item);
    remove(item.key);
    for (const l of [...postedListeners]) l(status, item);
    return { kind: 'posted', status };
  } catch (error) {
    if (error instanceof ApiError && !error.transient) {
      // The server understood and refused (too long, deleted parent…): retrying cannot help.
      remove(item.key);
      return { kind: 'rejected', error };
    }
    return { kind: 'queued', error: error instanceof ApiError && error.status !== 0 ? error : undefined };
  } finally {
    inFlight.delete(item.key);
  }
}

/** Sends whatever is waiting, oldest first, stopping at the first transient failure. */
export async function flush(): Promise<void> {
  const me = session.get()?.accountId;
  for (const item of outbox.get().filter((i) => i.accountId === me)) {
    const result = await attempt(item);
    if (result.kind === 'queued') return;
  }
}

let timer: ReturnType<typeof setInterval> | undefined;
export function startOutbox(): void {
  if (timer) return;
  health.subscribe(() => {
    if (health.get() === 'up') void flush();
  });
  session.subscribe(() => void flush());
  // Held back by a rate limit: sent when it ends, not retried against it every few seconds.
  rateLimitedUntil.subscribe(() => {
    if (rateLimitedUntil.get() === null) void flush();
  });
  // A post queued while the tab thought all was well (e.g. a lost answer) is retried anyway.
  timer = setInterval(() => {
    if (outbox.get().length && health.get() === 'up' && !isRateLimited()) void flush();
  }, 5000);
  void flush();
}

/** Text being typed, per account and composer, so a reload or an outage never loses it. */
export function loadDraft(scope: string): string {
  const who = ownerOf(session.get());
  return who ? readJson<string>(draftKey(who, scope), '') : '';
}
export function saveDraft(scope: string, text: string): void {
  const who = ownerOf(session.get());
  if (who) writeJson(draftKey(who, scope), text || null);
}
