// The crisis dataset (bench/suspend-crisis.ts), straight into the store as bench/lib/seed.ts does:
// a wave of accounts ("wave0", "wave1", …) each holding the same number of posts, all public, all
// with the wave's hashtag and word; ordinary accounts posting in between (interleaved in time, as
// a real wave is); readers who follow ordinary accounts and some wave accounts, with tokens; an
// owner with an admin token. Counters are filled in so rows look as the app would leave them.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { idForTime } from '../../src/lib/ids.js';
import { hashtagKey, searchForm } from '../../src/lib/arabic.js';
import { renderContent } from '../../src/posts/content.js';
import { progress } from './progress.js';
import { mulberry32 } from './random.js';

export const WAVE_TAG = 'موجة_الكراهية';
export const WAVE_WORD = 'تحريض';
const WAVE_TEXT = `${WAVE_WORD} منظم على المنصة #${WAVE_TAG}`;
const CALM_TEXTS = ['صباح الخير من سرب #سرب', 'Reading about graceful degradation #engineering', 'الخدمة تعمل من جديد بعد انقطاع قصير', 'Coffee and a timeline that loads'];

export interface CrisisOptions {
  waveAccounts: number;
  postsPerWaveAccount: number;
  calmAccounts: number;
  calmPosts: number;
  readers: number;
  /** Wave accounts each reader follows (so their home feeds hold wave posts). */
  readerWaveFollows: number;
  /** Ordinary accounts each reader follows. */
  readerCalmFollows: number;
  publicUrl: string;
}

export interface CrisisData {
  waveIds: number[];
  calmIds: number[];
  readerTokens: string[];
  /** Tokens of a sample of wave accounts: refused once they are suspended. */
  waveTokens: string[];
  adminToken: string;
  /** A sample of wave posts (id and author), spread over the whole wave. */
  waveSample: { id: number; accountId: number }[];
}

async function batched<T>(label: string, total: number, size: number, rows: Iterable<T>, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  const bar = progress(label, total);
  let chunk: T[] = [];
  let done = 0;
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === size) {
      await insert(chunk);
      done += chunk.length;
      chunk = [];
      bar.tick(done);
    }
  }
  if (chunk.length) await insert(chunk);
  bar.done();
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

export async function seedCrisis(db: Kysely<Database>, o: CrisisOptions): Promise<CrisisData> {
  const random = mulberry32(20161021);
  const dayMs = 86_400_000;
  const now = Date.now();
  const start = now - 7 * dayMs;
  const base = idForTime(start - dayMs);
  // Account ids: the owner, the readers, the ordinary accounts, then the wave.
  const ownerId = base;
  const readerIds = Array.from({ length: o.readers }, (_, i) => base + 1 + i);
  const calmIds = Array.from({ length: o.calmAccounts }, (_, i) => base + 1 + o.readers + i);
  const waveIds = Array.from({ length: o.waveAccounts }, (_, i) => base + 1 + o.readers + o.calmAccounts + i);

  // Follows: each reader follows some ordinary and some wave accounts.
  const follows: { from: number; to: number }[] = [];
  const followers = new Map<number, number>();
  const following = new Map<number, number>();
  for (const reader of readerIds) {
    const picked = new Set<number>();
    for (let j = 0; j < o.readerCalmFollows; j++) picked.add(calmIds[Math.floor(random() * calmIds.length)]);
    for (let j = 0; j < o.readerWaveFollows; j++) picked.add(waveIds[Math.floor(random() * waveIds.length)]);
    for (const to of picked) {
      follows.push({ from: reader, to });
      followers.set(to, (followers.get(to) ?? 0) + 1);
      following.set(reader, (following.get(reader) ?? 0) + 1);
    }
  }

  // Posts: wave and ordinary interleaved over the last week, newest last.
  const wavePosts = o.waveAccounts * o.postsPerWaveAccount;
  const total = wavePosts + o.calmPosts;
  const step = (7 * dayMs) / total;
  const author = new Float64Array(total);
  const isWave = new Uint8Array(total);
  const counts = new Map<number, number>();
  let w = 0;
  let c = 0;
  for (let i = 0; i < total; i++) {
    // Keep both kinds spread evenly: take a wave post when the wave is behind its share.
    const wave = c >= o.calmPosts || (w < wavePosts && w * total <= i * wavePosts);
    const id = wave ? waveIds[w++ % o.waveAccounts] : calmIds[c++ % o.calmAccounts];
    author[i] = id;
    isWave[i] = wave ? 1 : 0;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }

  const accountRow = (id: number, username: string, role = 'user') => ({
    id, username, username_key: username, email: `${username}@${username.startsWith('wave') ? 'wave.example' : 'calm.example'}`, password_hash: 'x',
    display_name: username, note: '', locale: 'ar', role, bot: 0, locked: 0, discoverable: 1, default_visibility: 'public',
    avatar_url: null, header_url: null, search_text: searchForm(username),
    followers_count: followers.get(id) ?? 0, following_count: 0, statuses_count: counts.get(id) ?? 0,
    last_status_at: null, suspended_at: null, created_at: start - dayMs,
  });
  const accounts = function* () {
    yield accountRow(ownerId, 'crisis_owner', 'owner');
    for (const [i, id] of readerIds.entries()) yield { ...accountRow(id, `reader${i}`), following_count: following.get(id) ?? 0 };
    for (const [i, id] of calmIds.entries()) yield accountRow(id, `calm${i}`);
    for (const [i, id] of waveIds.entries()) yield accountRow(id, `wave${i}`);
  };
  await batched('accounts', 1 + o.readers + o.calmAccounts + o.waveAccounts, 1000, accounts(), (chunk) => db.insertInto('accounts').values(chunk).execute());
  await batched('follows', follows.length, 5000, follows.map((f, k) => ({ id: base + k, account_id: f.from, target_account_id: f.to, created_at: start })), (chunk) =>
    db.insertInto('follows').values(chunk).execute(),
  );

  const tagNames = [WAVE_TAG, 'سرب', 'engineering'];
  const tagIds = new Map(tagNames.map((name, i) => [hashtagKey(name), base + i]));
  await db.insertInto('tags').values(tagNames.map((name) => ({ id: tagIds.get(hashtagKey(name))!, name, name_key: hashtagKey(name), created_at: start }))).execute();
  const templates = [WAVE_TEXT, ...CALM_TEXTS].map((text) => ({
    text,
    content: renderContent(text, { publicUrl: o.publicUrl, knownMentions: new Set() }),
    search: searchForm(text),
    tags: [...text.matchAll(/#(\S+)/g)].map((m) => m[1]),
  }));
  const waveSample: CrisisData['waveSample'] = [];
  const sampleEvery = Math.max(1, Math.floor(wavePosts / 200));
  const posts = function* () {
    for (let i = 0; i < total; i++) {
      const createdAt = Math.floor(start + i * step);
      const t = isWave[i] ? templates[0] : templates[1 + (i % CALM_TEXTS.length)];
      const id = idForTime(createdAt) + (i % 4096);
      if (isWave[i] && i % sampleEvery === 0) waveSample.push({ id, accountId: author[i] });
      yield { id, t, createdAt, accountId: author[i] };
    }
  };
  await batched('posts', total, 2000, posts(), async (chunk) => {
    await db.insertInto('statuses').values(chunk.map(({ id, t, createdAt, accountId }) => ({
      id, account_id: accountId, text: t.text, content: t.content, spoiler_text: '', sensitive: 0, visibility: 'public', language: 'ar',
      in_reply_to_id: null, in_reply_to_account_id: null, reblog_of_id: null, app_id: null, search_text: t.search, created_at: createdAt, edited_at: null,
    }))).execute();
    const tagged = chunk.flatMap(({ id, t, createdAt, accountId }) => t.tags.map((name) => ({ status_id: id, tag_id: tagIds.get(hashtagKey(name))!, account_id: accountId, created_at: createdAt })));
    if (tagged.length) await db.insertInto('status_tags').values(tagged).execute();
  });

  const app = { id: base, name: 'crisis', website: null, redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow admin:read admin:write', client_id: 'crisis', client_secret_hash: sha256('crisis'), created_at: start };
  await db.insertInto('apps').values(app).execute();
  const tokenRows: Database['tokens'][] = [];
  const issue = (accountId: number, scopes: string) => {
    const token = crypto.randomBytes(24).toString('base64url');
    tokenRows.push({ id: base + tokenRows.length, token_hash: sha256(token), app_id: app.id, account_id: accountId, scopes, created_at: start, revoked_at: null });
    return token;
  };
  const adminToken = issue(ownerId, 'read write admin:read admin:write');
  const readerTokens = readerIds.map((id) => issue(id, 'read write follow'));
  const waveTokens = waveIds.filter((_, i) => i % Math.max(1, Math.floor(o.waveAccounts / 50)) === 0).map((id) => issue(id, 'read write'));
  for (let i = 0; i < tokenRows.length; i += 500) await db.insertInto('tokens').values(tokenRows.slice(i, i + 500)).execute();
  return { waveIds, calmIds, readerTokens, waveTokens, adminToken, waveSample };
}
