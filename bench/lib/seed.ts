// Generates the benchmark dataset straight into the store (the API would take hours for a
// million posts): users with a power-law follow graph and one account followed by at least
// 50,000, Arabic and English posts spread over the last 30 days, and API tokens for a sample of
// users. Counters are computed here so the rows look exactly as the app would have left them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { idForTime } from '../../src/lib/ids.js';
import { hashtagKey, searchForm } from '../../src/lib/arabic.js';
import { parseText, renderContent } from '../../src/posts/content.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { progress } from './progress.js';
import { mulberry32 } from './random.js';

export interface SeedOptions {
  users: number;
  posts: number;
  /** Followers of the most followed account (the "star", account 0). */
  starFollowers: number;
  /** Mean number of accounts an ordinary user follows (power-law distributed). */
  meanFollows: number;
  /** Users for whom API tokens are made (the benchmark's readers and writers). */
  tokenUsers: number;
  publicUrl: string;
  seed?: number;
}

export interface SeededData {
  accountIds: number[];
  starId: number;
  /** token -> account id, for users who follow the star and others. */
  tokens: { token: string; accountId: number }[];
  starToken: string;
  searchWords: string[];
}

const ENGLISH = [
  'Twitter is down again, second time in 24 hours #TwitterDown',
  'Cannot sign in or post anything right now, is it just me? #outage',
  'Back online after two hours. What happened? #TwitterDown',
  'The status page should tell us what is wrong, not just "something is technically wrong"',
  'Running our own community server so we never go dark again #Sirb',
  'Morning coffee and a timeline that actually loads',
  'Reading about distributed systems and graceful degradation #engineering',
  'Europe went first, then Japan, then the US. Rolling outage #TwitterDown',
];

function arabicSentences(): string[] {
  // The same article the search tests quote from (an Arabic report on the 2016 Twitter outage).
  const text = fs.readFileSync(path.resolve(import.meta.dirname, '../../test/fixtures/seed-article-ar.txt'), 'utf8');
  const sentences = text
    .split(/[.!؟\n]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 20 && s.length < 240);
  const tags = ['#تويتر_معطل', '#تويتر', '#سرب', '#انقطاع', ''];
  return sentences.map((s, i) => `${s} ${tags[i % tags.length]}`.trim());
}

async function insertBatched<T>(label: string, rows: Iterable<T>, total: number, batch: number, insert: (chunk: T[]) => Promise<unknown>) {
  const bar = progress(label, total);
  let chunk: T[] = [];
  let done = 0;
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === batch) {
      await insert(chunk);
      done += chunk.length;
      chunk = [];
      bar.tick(done);
    }
  }
  if (chunk.length) {
    await insert(chunk);
    done += chunk.length;
  }
  bar.done();
}

export async function seed(db: Kysely<Database>, options: SeedOptions): Promise<SeededData> {
  // Deterministic, so every run builds the same dataset.
  const random = mulberry32(options.seed ?? 20160119);
  const now = Date.now();
  const dayMs = 86_400_000;
  const start = now - 30 * dayMs;
  const n = options.users;
  const accountIds = Array.from({ length: n }, (_, i) => idForTime(start - dayMs) + i);
  const starId = accountIds[0];

  // Follow graph: the star's followers, then for everyone a power-law number of follows whose
  // targets are Zipf-distributed (popular accounts are followed more).
  const follows = new Map<number, Set<number>>();
  const followersCount = new Int32Array(n);
  const followingCount = new Int32Array(n);
  const addFollow = (from: number, to: number) => {
    if (from === to) return;
    let set = follows.get(from);
    if (!set) follows.set(from, (set = new Set()));
    if (set.has(to)) return;
    set.add(to);
    followersCount[to] += 1;
    followingCount[from] += 1;
  };
  for (let i = 1; i <= Math.min(options.starFollowers, n - 1); i++) addFollow(i, 0);
  for (let i = 0; i < n; i++) {
    const k = Math.min(Math.round(options.meanFollows * 0.5 * Math.pow(1 - random(), -0.5)), 2000);
    for (let j = 0; j < k; j++) addFollow(i, Math.min(Math.floor(Math.exp(random() * Math.log(n))), n - 1));
  }

  // Posts: authors skewed toward active accounts; text from the Arabic article and English lines.
  const templates = [...arabicSentences(), ...ENGLISH].map((text) => {
    const parsed = parseText(text);
    return { text, content: renderContent(text, { publicUrl: options.publicUrl, knownMentions: new Set() }), search: searchForm(text), tags: parsed.hashtags, language: /[\u0600-\u06FF]/.test(text) ? 'ar' : 'en' };
  });
  const tagNames = [...new Set(templates.flatMap((t) => t.tags))];
  const tagIds = new Map(tagNames.map((name, i) => [hashtagKey(name), idForTime(start - dayMs) + i]));
  const statusesCount = new Int32Array(n);
  const lastStatusAt = new Float64Array(n);
  const step = (30 * dayMs) / options.posts;
  const postAuthor = new Int32Array(options.posts);
  for (let i = 0; i < options.posts; i++) {
    const author = Math.min(Math.floor(n * Math.pow(random(), 2)), n - 1);
    postAuthor[i] = author;
    statusesCount[author] += 1;
    lastStatusAt[author] = start + i * step;
  }
  // The star posts too, so its followers' timelines merge it in.
  const passwordHash = await hashPassword('benchmark password');

  await insertBatched('accounts', (function* () {
    for (let i = 0; i < n; i++) {
      const username = i === 0 ? 'star' : `user${i}`;
      yield {
        id: accountIds[i], username, username_key: username, email: `${username}@bench.test`, password_hash: passwordHash,
        display_name: i % 3 === 0 ? `مستخدم ${i}` : `User ${i}`, note: '', locale: i % 2 ? 'ar' : 'en', role: i === 0 ? 'owner' : 'user',
        bot: 0, locked: 0, discoverable: 1, default_visibility: 'public', avatar_url: null, header_url: null,
        search_text: searchForm(`${username} ${i % 3 === 0 ? `مستخدم ${i}` : `User ${i}`}`),
        followers_count: followersCount[i], following_count: followingCount[i], statuses_count: statusesCount[i],
        last_status_at: lastStatusAt[i] || null, suspended_at: null, created_at: start - dayMs,
      };
    }
  })(), n, 1000, (chunk) => db.insertInto('accounts').values(chunk).execute());

  let followTotal = 0;
  for (const set of follows.values()) followTotal += set.size;
  await insertBatched('follows', (function* () {
    let k = 0;
    for (const [from, set] of follows) for (const to of set) yield { id: idForTime(start - 2 * dayMs) + k++, account_id: accountIds[from], target_account_id: accountIds[to], created_at: start - dayMs };
  })(), followTotal, 5000, (chunk) => db.insertInto('follows').values(chunk).execute());

  await db.insertInto('tags').values(tagNames.map((name) => ({ id: tagIds.get(hashtagKey(name))!, name, name_key: hashtagKey(name), created_at: start }))).execute();

  const postRows = function* () {
    for (let i = 0; i < options.posts; i++) {
      const t = templates[i % templates.length];
      const createdAt = Math.floor(start + i * step);
      yield { i, t, createdAt, id: idForTime(createdAt) + (i % 4096), author: postAuthor[i] };
    }
  };
  await insertBatched('posts', postRows(), options.posts, 2000, async (chunk) => {
    await db.insertInto('statuses').values(chunk.map(({ t, createdAt, id, author }) => ({
      id, account_id: accountIds[author], text: t.text, content: t.content, spoiler_text: '', sensitive: 0, visibility: 'public',
      language: t.language, in_reply_to_id: null, in_reply_to_account_id: null, reblog_of_id: null, app_id: null,
      search_text: t.search, created_at: createdAt, edited_at: null,
    }))).execute();
    const tagged = chunk.flatMap(({ t, createdAt, id, author }) => t.tags.map((name) => ({ status_id: id, tag_id: tagIds.get(hashtagKey(name))!, account_id: accountIds[author], created_at: createdAt })));
    if (tagged.length) await db.insertInto('status_tags').values(tagged).execute();
  });

  // Tokens: the star, and readers who follow the star (everyone below starFollowers does).
  const app = { id: idForTime(start) + 1, name: 'benchmark', website: null, redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow', client_id: 'bench', client_secret_hash: crypto.createHash('sha256').update('bench').digest('hex'), created_at: start };
  await db.insertInto('apps').values(app).execute();
  const tokens: SeededData['tokens'] = [];
  const tokenRows = [];
  const holders = [0, ...Array.from({ length: options.tokenUsers }, (_, i) => 1 + Math.floor((i * (n - 2)) / options.tokenUsers))];
  for (const [j, index] of holders.entries()) {
    const token = crypto.randomBytes(24).toString('base64url');
    tokenRows.push({ id: idForTime(start) + 10 + j, token_hash: crypto.createHash('sha256').update(token).digest('hex'), app_id: app.id, account_id: accountIds[index], scopes: 'read write follow', created_at: start, revoked_at: null });
    tokens.push({ token, accountId: accountIds[index] });
  }
  for (let i = 0; i < tokenRows.length; i += 500) await db.insertInto('tokens').values(tokenRows.slice(i, i + 500)).execute();
  const [starToken, ...readerTokens] = tokens;
  return { accountIds, starId, tokens: readerTokens, starToken: starToken.token, searchWords: ['تويتر', 'انقطاع', 'outage', 'سرب'] };
}
