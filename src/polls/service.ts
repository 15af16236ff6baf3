// Polls (Mastodon 4.3): made with a status (posts/service.ts asks checkPoll and insertPoll),
// shown to whoever may see the status, voted on once per account (several choices when the
// poll allows them), and told to voters and the author when they end (expiry.ts).
import type { Kysely } from 'kysely';
import type { Database, PollRow } from '../db/schema.js';
import type { Tx, Write } from '../db/unit-of-work.js';
import { notFound, unprocessable } from '../http/errors.js';
import { newId } from '../lib/ids.js';
import type { PostService } from '../posts/service.js';
import { presentPoll, isExpired, type PollJson } from './presenter.js';
import * as store from './store.js';

type Db = Kysely<Database>;

/** Mastodon 4.3's limits (PollValidator); the instance answers them in configuration.polls. */
export const POLL_LIMITS = { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2_629_746 } as const;

/** A poll as a client sends it with a status (poll[options][], poll[expires_in], ...). */
export interface PollInput {
  options?: string[];
  expires_in?: number | string;
  multiple?: boolean;
  hide_totals?: boolean;
}

/** A poll that passed checkPoll: what is kept with a scheduled status and made when posted. */
export interface CheckedPoll {
  options: string[];
  expires_in: number;
  multiple: boolean;
  hide_totals: boolean;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const lengthOf = (text: string) => [...graphemes.segment(text)].length;

/** Mastodon's poll validation; a status's poll that fails it is a 422 naming why. */
export function checkPoll(input: PollInput, mediaCount: number): CheckedPoll {
  // Mastodon refuses media beside a poll with the media limit's message.
  if (mediaCount > 0) throw unprocessable('Validation failed: Cannot attach more than 4 files');
  const options = (input.options ?? []).map((o) => String(o).trim()).filter((o) => o !== '');
  const fail = (why: string) => unprocessable(`Validation failed: Poll ${why}`);
  if (options.length < 2) throw fail('options must have more than one item');
  if (options.length > POLL_LIMITS.max_options) throw fail(`options can't contain more than ${POLL_LIMITS.max_options} items`);
  if (options.some((o) => lengthOf(o) > POLL_LIMITS.max_characters_per_option)) throw fail(`options cannot be longer than ${POLL_LIMITS.max_characters_per_option} characters each`);
  if (new Set(options).size !== options.length) throw fail('options contain duplicate items');
  const raw = input.expires_in;
  const seconds = typeof raw === 'number' ? raw : raw !== undefined && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(seconds)) throw fail("expires at can't be blank");
  if (seconds > POLL_LIMITS.max_expiration) throw fail('expires at is too far into the future');
  if (Math.ceil(seconds) < POLL_LIMITS.min_expiration) throw fail('expires at is too soon');
  return { options, expires_in: Math.floor(seconds), multiple: input.multiple === true, hide_totals: input.hide_totals === true };
}

/** Makes a checked poll for a status being written in `tx`; the status row names its id. */
export async function insertPoll(tx: Tx, poll: CheckedPoll, ids: { pollId: number; statusId: number; accountId: number }, now: number): Promise<void> {
  await store.insertPoll(tx, {
    id: ids.pollId,
    statusId: ids.statusId,
    accountId: ids.accountId,
    expiresAt: now + poll.expires_in * 1000,
    multiple: poll.multiple,
    hideTotals: poll.hide_totals,
    options: poll.options,
    now,
  });
}

export class PollService {
  constructor(
    private readonly db: Db,
    private readonly write: Write,
    private readonly posts: PostService,
    private readonly clock: () => number,
  ) {}

  /** GET /api/v1/polls/:id: a poll whose status the viewer may not see is not found. */
  async show(pollId: number, viewerId?: number): Promise<PollJson> {
    const poll = await this.visiblePoll(pollId, viewerId);
    return this.present(poll, viewerId);
  }

  /** POST /api/v1/polls/:id/votes, with Mastodon's rules (VoteValidator) and answers. */
  async vote(accountId: number, pollId: number, rawChoices: string[]): Promise<PollJson> {
    await this.visiblePoll(pollId, accountId);
    if (rawChoices.length === 0) throw unprocessable("Validation failed: Choices can't be blank");
    const choices = rawChoices.map((c) => (/^\s*\d{1,4}\s*$/.test(c) ? Number(c) : -1));
    const now = this.clock();
    const poll = await this.write(async (tx) => {
      // One voter at a time per poll: counts are read and written under the poll's row lock, so
      // concurrent votes neither lose counts nor vote twice.
      const locked = await store.lockPoll(tx, pollId);
      if (!locked) throw notFound();
      if (isExpired(locked, now)) throw unprocessable('Validation failed: The poll has already ended');
      if (choices.some((c) => c < 0 || c >= (JSON.parse(locked.options) as string[]).length)) {
        throw unprocessable('Validation failed: The chosen vote option does not exist');
      }
      if (Number(locked.account_id) === accountId) throw unprocessable('Validation failed: You cannot vote in your own poll');
      const before = await store.choicesOf(tx, pollId, accountId);
      // A single-choice poll takes one vote once; a multiple-choice one each option once
      // (Mastodon lets a voter add options they had not chosen).
      const again = locked.multiple === 1 ? new Set(choices).size !== choices.length || choices.some((c) => before.includes(c)) : before.length > 0 || choices.length > 1;
      if (again) throw unprocessable('Validation failed: You have already voted on this poll');
      await store.recordVotes(tx, locked, accountId, choices, before.length === 0, now);
      return (await store.findPoll(tx, pollId))!;
    });
    return this.present(poll, accountId);
  }

  /**
   * A status's poll replaced (an edit through PUT /api/v1/statuses/:id): the old poll and its
   * votes go, as Mastodon resets the votes when a poll is edited, and a new one is made from
   * `input` (checked as a new status's; null: the status no longer has a poll). Runs in the
   * edit's own transaction; answers the new poll's id.
   */
  async replacePoll(tx: Tx, statusId: number, input: PollInput | null, mediaCount = 0): Promise<number | null> {
    const poll = input === null ? null : checkPoll(input, mediaCount);
    const status = await tx.selectFrom('statuses').select(['id', 'account_id']).where('id', '=', statusId).executeTakeFirst();
    if (!status) throw notFound();
    await store.deletePollOfStatus(tx, statusId);
    let pollId: number | null = null;
    const now = this.clock();
    if (poll) {
      pollId = newId(now);
      await insertPoll(tx, poll, { pollId, statusId, accountId: Number(status.account_id) }, now);
    }
    await tx.updateTable('statuses').set({ poll_id: pollId }).where('id', '=', statusId).execute();
    // The status shows another poll (store.deletePollOfStatus told the old one's voters).
    tx.emit({ type: 'status.changed', statusId, poll: true });
    return pollId;
  }

  private async visiblePoll(pollId: number, viewerId?: number): Promise<PollRow> {
    const poll = await store.findPoll(this.db, pollId);
    if (!poll) throw notFound();
    // Who may see the status may see its poll (visibility/ decides; a hidden one is not found).
    await this.posts.visibleStatus(Number(poll.status_id), viewerId);
    return poll;
  }

  private async present(poll: PollRow, viewerId?: number): Promise<PollJson> {
    const viewer = viewerId === undefined ? undefined : { accountId: viewerId, choices: await store.choicesOf(this.db, Number(poll.id), viewerId) };
    return presentPoll(poll, this.clock(), viewer);
  }
}
