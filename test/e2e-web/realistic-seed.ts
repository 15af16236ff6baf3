// A realistic account for the page-by-page browser checks (axe on every page, screenshots of every
// screen): an administrator who follows a writer of Arabic posts (paragraphs of the fixture
// article, an image, a poll, a thread of replies), who is mentioned, liked, followed and reported
// to, and who keeps a list, a followed tag, a bookmark, a keyword filter and a scheduled post.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { Api, createApp, createPost, createUser, type TestUser } from '../helpers/client.js';
import type { Sirb } from './harness.js';

export interface RealisticSeed {
  me: TestUser;
  writer: TestUser;
  fan: TestUser;
  threadPath: string;
  listId: string;
  filterId: string;
  reportId: string;
  tag: string;
  query: string;
}

const article = fs
  .readFileSync(path.resolve(import.meta.dirname, '../fixtures/seed-article-ar.txt'), 'utf8')
  .split(/\n+/)
  .map((p) => p.trim())
  .filter((p) => p.length > 20);

/** The fixture's paragraphs cut to a post's length, at a word boundary. */
function paragraph(i: number): string {
  const p = article[i % article.length];
  if (p.length <= 280) return p;
  return `${p.slice(0, 280).replace(/\s+\S*$/, '')}…`;
}

async function upload(user: TestUser, description: string): Promise<string> {
  const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#2a6f97' } }).png().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'photo.png');
  form.append('description', description);
  const res = await user.api.post('/api/v2/media', form);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.id;
}

export async function seedRealistic(sirb: Sirb, posts = 24): Promise<RealisticSeed> {
  const api = new Api(sirb.url);
  const suffix = Date.now().toString(36).slice(-5);
  const plain = await createUser(api, `huda_${suffix}`);
  await sirb.server!.ctx.db.kysely.updateTable('accounts').set({ role: 'admin' }).where('id', '=', Number(plain.id)).execute();
  // The moderation pages need a token with the admin scopes (as their second sign-in gives).
  const scopes = 'read write follow push admin:read admin:write';
  const app = await createApp(api, scopes);
  const grant = await api.post('/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: plain.email, password: plain.password, scope: scopes });
  assert.equal(grant.status, 200, JSON.stringify(grant.body));
  const me: TestUser = { ...plain, token: grant.body.access_token, api: api.as(grant.body.access_token) };
  const writer = await createUser(api, `layla_${suffix}`);
  const fan = await createUser(api, `omar_${suffix}`);
  await me.api.patch('/api/v1/accounts/update_credentials', { display_name: 'هدى', note: 'أكتب عن التقنية والكتب #سرب' });
  await writer.api.patch('/api/v1/accounts/update_credentials', { display_name: 'ليلى Layla', note: 'صحفية. Journalist.' });
  await fan.api.patch('/api/v1/accounts/update_credentials', { display_name: 'Omar عمر' });
  await me.api.post(`/api/v1/accounts/${writer.id}/follow`);
  await fan.api.post(`/api/v1/accounts/${me.id}/follow`);

  const tag = 'تقنية';
  const first = await createPost(writer, `${paragraph(0)} #${tag}`, { language: 'ar' });
  const media = await upload(writer, 'صورة زرقاء للمقال');
  await createPost(writer, `${paragraph(1)}`, { media_ids: [media], language: 'ar' });
  await createPost(writer, 'ما رأيكم؟ Which do you read most?', { poll: { options: ['الأخبار', 'الكتب', 'Blogs'], expires_in: 86400 } });
  for (let i = 2; i < posts; i++) await createPost(writer, i % 5 === 0 ? `Post ${i} in English, with #${tag} too` : paragraph(i), { language: i % 5 === 0 ? 'en' : 'ar' });
  const reply = await createPost(me, `@${writer.username} مقال مهم، شكرًا`, { in_reply_to_id: first.id });
  await createPost(fan, `@${me.username} أتفق معك تمامًا`, { in_reply_to_id: reply.id });
  const mine = await createPost(me, `منشوري الأول على سرب #${tag}`);
  await fan.api.post(`/api/v1/statuses/${mine.id}/favourite`);
  await fan.api.post(`/api/v1/statuses/${mine.id}/reblog`);
  await me.api.post(`/api/v1/statuses/${first.id}/bookmark`);
  await me.api.post(`/api/v1/statuses/${first.id}/favourite`);
  await me.api.post(`/api/v1/tags/${encodeURIComponent(tag)}/follow`);

  const list = await me.api.post('/api/v1/lists', { title: 'صحفيون' });
  assert.equal(list.status, 200, JSON.stringify(list.body));
  await me.api.post(`/api/v1/lists/${list.body.id}/accounts`, { account_ids: [writer.id] });
  const filter = await me.api.post('/api/v2/filters', { title: 'حرق الأحداث', context: ['home'], filter_action: 'warn', keywords_attributes: [{ keyword: 'حرق', whole_word: false }] });
  assert.equal(filter.status, 200, JSON.stringify(filter.body));
  await createPost(me, 'منشور مجدول للغد', { scheduled_at: new Date(Date.now() + 86_400_000).toISOString() });

  const rules = await me.api.post('/api/v1/admin/rules', { text: 'لا إساءة ولا تحرش', hint: 'No abuse or harassment' });
  assert.equal(rules.status, 200, JSON.stringify(rules.body));
  const report = await fan.api.post('/api/v1/reports', { account_id: writer.id, status_ids: [first.id], comment: 'محتوى مضلل', category: 'violation', rule_ids: [rules.body.id] });
  assert.equal(report.status, 200, JSON.stringify(report.body));

  return {
    me,
    writer,
    fan,
    threadPath: `/@${writer.username}/${first.id}`,
    listId: list.body.id,
    filterId: filter.body.id,
    reportId: report.body.id,
    tag,
    query: 'تويتر',
  };
}
