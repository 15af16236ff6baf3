// Mastodon's Poll entity. The part every viewer shares is rendered into the status's cached head
// (posts/status-bytes.ts); `voted` and `own_votes` are the viewer's own and added after it.
import type { PollRow } from '../db/schema.js';

export interface PollOptionJson {
  title: string;
  votes_count: number | null;
}

export interface PollJson {
  id: string;
  expires_at: string | null;
  expired: boolean;
  multiple: boolean;
  votes_count: number;
  voters_count: number | null;
  options: PollOptionJson[];
  emojis: never[];
  voted?: boolean;
  own_votes?: number[];
}

export function isExpired(row: PollRow, now: number): boolean {
  return now >= Number(row.expires_at);
}

/**
 * What every viewer sees of the poll at `now`. With hide_totals the options' counts stay null
 * until it ends, for everyone, the author too (Mastodon's show_totals_now?); the total is shown.
 */
export function sharedPoll(row: PollRow, now: number): PollJson {
  const expired = isExpired(row, now);
  const tallies = JSON.parse(row.tallies) as number[];
  const shown = expired || row.hide_totals !== 1;
  return {
    id: String(row.id),
    expires_at: new Date(Number(row.expires_at)).toISOString(),
    expired,
    multiple: row.multiple === 1,
    votes_count: Number(row.votes_count),
    voters_count: Number(row.voters_count),
    options: (JSON.parse(row.options) as string[]).map((title, i) => ({ title, votes_count: shown ? (tallies[i] ?? 0) : null })),
    emojis: [],
  };
}

/** Until when a rendering of the poll made at `now` stays true: it changes when the poll ends. */
export function pollRenderedUntil(row: PollRow, now: number): number {
  return isExpired(row, now) ? Infinity : Number(row.expires_at);
}

/** The poll as one viewer sees it (signed out: without `voted` and `own_votes`). */
export function presentPoll(row: PollRow, now: number, viewer?: { accountId: number; choices: number[] }): PollJson {
  const json = sharedPoll(row, now);
  if (viewer === undefined) return json;
  // The author counts as having voted: they may not vote in their own poll (Mastodon).
  return { ...json, voted: viewer.choices.length > 0 || viewer.accountId === Number(row.account_id), own_votes: viewer.choices };
}
