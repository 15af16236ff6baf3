// Polls' rows: made with their status, counted under the poll's row lock, read in batches for
// pages, and found by the expiry notifier once they end.
import { sql, type Kysely } from 'kysely';
import type { Database, PollRow } from '../db/schema.js';
import type { Tx } from '../db/unit-of-work.js';
import { newId } from '../lib/ids.js';

type Db = Kysely<Database>;

export interface NewPoll {
  id: number;
  statusId: number;
  accountId: number;
  expiresAt: number;
  multiple: boolean;
  hideTotals: boolean;
  options: string[];
  now: number;
}

export async function insertPoll(tx: Tx, poll: NewPoll): Promise<void> {
  await tx
    .insertInto('polls')
    .values({
      id: poll.id,
      status_id: poll.statusId,
      account_id: poll.accountId,
      expires_at: poll.expiresAt,
      multiple: poll.multiple ? 1 : 0,
      hide_totals: poll.hideTotals ? 1 : 0,
      options: JSON.stringify(poll.options),
      tallies: JSON.stringify(poll.options.map(() => 0)),
      votes_count: 0,
      voters_count: 0,
      notified_at: null,
      created_at: poll.now,
    })
    .execute();
}

export function findPoll(db: Db, id: number): Promise<PollRow | undefined> {
  return db.selectFrom('polls').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The polls of these statuses, by status id (one query; none for an empty list). */
export async function pollsOfStatuses(db: Db, statusIds: number[]): Promise<Map<number, PollRow>> {
  if (statusIds.length === 0) return new Map();
  const rows = await db.selectFrom('polls').selectAll().where('status_id', 'in', statusIds).execute();
  return new Map(rows.map((row) => [Number(row.status_id), row]));
}

/**
 * Takes the poll's row lock for the rest of the transaction (a no-op update, as lockStatus does:
 * it works alike on SQLite and PostgreSQL); the row as it is under the lock, or undefined.
 */
export async function lockPoll(tx: Tx, id: number): Promise<PollRow | undefined> {
  const result = await tx.updateTable('polls').set({ votes_count: sql`votes_count` }).where('id', '=', id).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return findPoll(tx, id);
}

/** The choices the account made in the poll, in the order made. */
export async function choicesOf(db: Db, pollId: number, accountId: number): Promise<number[]> {
  const rows = await db.selectFrom('poll_votes').select('choice').where('poll_id', '=', pollId).where('account_id', '=', accountId).orderBy('id').execute();
  return rows.map((r) => Number(r.choice));
}

/** Records the votes and the poll's new counts; the caller holds the poll's lock. */
export async function recordVotes(tx: Tx, poll: PollRow, accountId: number, choices: number[], newVoter: boolean, now: number): Promise<void> {
  await tx
    .insertInto('poll_votes')
    .values(choices.map((choice) => ({ id: newId(now), poll_id: poll.id, status_id: poll.status_id, account_id: accountId, choice, created_at: now })))
    .execute();
  const tallies = JSON.parse(poll.tallies) as number[];
  for (const choice of choices) tallies[choice] = (tallies[choice] ?? 0) + 1;
  await tx
    .updateTable('polls')
    .set({ tallies: JSON.stringify(tallies), votes_count: poll.votes_count + choices.length, voters_count: poll.voters_count + (newVoter ? 1 : 0) })
    .where('id', '=', poll.id)
    .execute();
  // Its status shows new counts in every process; the voter's `voted`/`own_votes` change.
  tx.emit({ type: 'status.changed', statusId: poll.status_id, poll: true });
  tx.emit({ type: 'marks.changed', accountId });
}

/**
 * Removes a status's poll and its votes (the status is deleted, or its poll replaced); each
 * voter's cached `voted`/`own_votes` goes with it.
 */
export async function deletePollOfStatus(tx: Tx, statusId: number): Promise<void> {
  const poll = await tx.selectFrom('polls').select('id').where('status_id', '=', statusId).executeTakeFirst();
  if (!poll) return;
  for (const accountId of await voterIds(tx, Number(poll.id))) tx.emit({ type: 'marks.changed', accountId });
  await tx.deleteFrom('poll_votes').where('poll_id', '=', poll.id).execute();
  await tx.deleteFrom('polls').where('id', '=', poll.id).execute();
}

/** The viewer's votes on these statuses' polls, by status id. */
export async function votesOnStatuses(db: Db, accountId: number, statusIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (statusIds.length === 0) return out;
  const rows = await db.selectFrom('poll_votes').select(['status_id', 'choice']).where('account_id', '=', accountId).where('status_id', 'in', statusIds).orderBy('id').execute();
  for (const row of rows) push(out, Number(row.status_id), Number(row.choice));
  return out;
}

/**
 * The viewer's newest votes (at most `limit` rows) and the status id from which they are
 * complete: a poll cut off part-way is left out of the horizon.
 */
export async function recentVotes(db: Db, accountId: number, limit: number): Promise<{ horizon: number; votes: Map<number, number[]> }> {
  const rows = await db
    .selectFrom('poll_votes')
    .select(['status_id', 'choice'])
    .where('account_id', '=', accountId)
    .orderBy('status_id', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  const votes = new Map<number, number[]>();
  for (const row of rows) push(votes, Number(row.status_id), Number(row.choice));
  return { horizon: rows.length < limit ? 0 : Number(rows[rows.length - 1].status_id) + 1, votes };
}

/** Polls that have ended and whose voters were not told yet, oldest end first. */
export async function endedUnnotified(db: Db, now: number, limit: number): Promise<PollRow[]> {
  return db.selectFrom('polls').selectAll().where('notified_at', 'is', null).where('expires_at', '<=', now).orderBy('expires_at').limit(limit).execute();
}

/** Marks the poll told, inside the transaction that tells; false if another process already did. */
export async function markNotified(tx: Tx, id: number, now: number): Promise<boolean> {
  const result = await tx.updateTable('polls').set({ notified_at: now }).where('id', '=', id).where('notified_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function voterIds(db: Db, pollId: number): Promise<number[]> {
  const rows = await db.selectFrom('poll_votes').select('account_id').distinct().where('poll_id', '=', pollId).orderBy('account_id').execute();
  return rows.map((r) => Number(r.account_id));
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
