// One streaming connection (a WebSocket or an SSE response) as the hub sees it: what it is
// subscribed to, whom its viewer follows, and how it was opened.
import { hashtagKey } from '../lib/arabic.js';
import type { Relations } from '../visibility/rules.js';
import type { ListFacts } from '../visibility/organising.js';
import { muteActive, noTies, type Ties } from '../visibility/relations.js';
import type { StreamCredentials } from './access.js';
import type { ConnectionKeys } from './limits.js';

export type StreamName =
  | 'user'
  | 'user:notification'
  | 'public'
  | 'public:media'
  | 'public:local'
  | 'public:local:media'
  | 'public:remote'
  | 'public:remote:media'
  | 'hashtag'
  | 'hashtag:local'
  | 'direct'
  | 'list';
export const STREAM_NAMES: StreamName[] = ['user', 'user:notification', 'public', 'public:media', 'public:local', 'public:local:media', 'public:remote', 'public:remote:media', 'hashtag', 'hashtag:local', 'direct', 'list'];

export interface Subscription {
  stream: StreamName;
  tag?: string; // hashtag key (Arabic-folded), what posts are matched by; a list stream's list id
  /** The tag (or list id) as the client subscribed to it, echoed back in the stream name. */
  tagName?: string;
}

export interface StreamEvent {
  stream: string[];
  event: 'update' | 'delete' | 'notification' | 'status.update' | 'filters_changed' | 'conversation' | 'notifications_merged' | 'announcement' | 'announcement.reaction' | 'announcement.delete';
  /** None for filters_changed (Mastodon sends it bare: no payload in JSON, `data: undefined` in SSE). */
  payload: string | undefined;
}

/** How a connection was opened, for access checks, limits and closing it from the server. */
export interface SubscriberOptions {
  /** The token's scopes and account; null or absent: signed out. */
  credentials?: StreamCredentials | null;
  /** The token's hash (as stored), so that its revocation finds its streams. */
  tokenHash?: string;
  /** The client's address, for the per-address limit. */
  ip?: string;
  /** Ends the connection from the server's side (token revoked, account suspended). */
  close?: (reason: string, code?: number) => void;
}

/**
 * One connection; its follows, blocks and mutes (kept current by follow, block and mute events)
 * are its viewer's relations.
 */
export class Subscriber implements Relations {
  readonly subscriptions: Subscription[] = [];
  following: Set<number> | null = null;
  ties: Ties = noTies();
  /** The clock a timed mute ends by (the hub's). */
  clock: () => number = Date.now;
  /** Set by disconnect: a connection that closed while it was being connected stays out. */
  closed = false;
  /** The viewer's lists this connection streams, by list id (streaming/organising.ts). */
  lists = new Map<string, ListFacts>();
  /** Members of the viewer's exclusive lists, and the tag keys they follow (their home's extras). */
  exclusiveMembers: ReadonlySet<number> = new Set();
  followedTags: ReadonlySet<string> = new Set();

  constructor(
    readonly accountId: number | undefined,
    readonly send: (event: StreamEvent) => void,
    readonly options: SubscriberOptions = {},
  ) {}

  get credentials(): StreamCredentials | null {
    return this.options.credentials ?? null;
  }

  get keys(): ConnectionKeys {
    return { tokenHash: this.options.tokenHash, accountId: this.accountId, ip: this.options.ip };
  }

  follows(accountId: number): boolean {
    return this.following?.has(accountId) ?? false;
  }

  blocks(accountId: number): boolean {
    return this.ties.blocking.has(accountId);
  }

  blockedBy(accountId: number): boolean {
    return this.ties.blockedBy.has(accountId);
  }

  mutes(accountId: number): boolean {
    return muteActive(this.ties.muting.get(accountId), this.clock());
  }

  mutesNotifications(accountId: number): boolean {
    const terms = this.ties.muting.get(accountId);
    return muteActive(terms, this.clock()) && terms.notifications;
  }

  has(stream: StreamName, tag?: string): boolean {
    return this.subscriptions.some((s) => s.stream === stream && s.tag === tag);
  }

  add(sub: Subscription): void {
    if (!this.has(sub.stream, sub.tag)) this.subscriptions.push(sub);
  }

  remove(sub: Subscription): void {
    const i = this.subscriptions.findIndex((s) => s.stream === sub.stream && s.tag === sub.tag);
    if (i >= 0) this.subscriptions.splice(i, 1);
  }
}

export function parseSubscription(stream: unknown, tag: unknown, list?: unknown): Subscription | string {
  if (typeof stream !== 'string' || !STREAM_NAMES.includes(stream as StreamName)) return 'Unknown stream type';
  if (stream === 'list') {
    // Mastodon's words; whose list it is the hub checks (hub.subscribeList).
    if ((typeof list !== 'string' && typeof list !== 'number') || String(list) === '') return 'Missing list name parameter';
    return { stream: 'list', tag: String(list), tagName: String(list) };
  }
  if (stream.startsWith('hashtag')) {
    if (typeof tag !== 'string' || !tag.trim()) return 'A hashtag stream needs a tag';
    return { stream: stream as StreamName, tag: hashtagKey(tag), tagName: tag.replace(/^#/, '') };
  }
  return { stream: stream as StreamName };
}
