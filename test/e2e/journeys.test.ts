// Whole user journeys through two JavaScript client libraries, each with its own calls only where
// it has them (issue 12): masto.js (Elk, Phanpy) and megalodon (Whalebird, Fedistar). Sign-up,
// sign-in (password grant, and the authorization code with PKCE as a browser would drive the
// sign-in page), post, edit, poll, schedule, lists, streams (WebSocket and SSE) and a push
// subscription. The Python journey (Mastodon.py) is test/e2e/python-client.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createOAuthAPIClient, createRestAPIClient, createStreamingAPIClient, type mastodon } from 'masto';
import generator from 'megalodon';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import type { Subscriber } from '../../src/streaming/subscriber.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const REDIRECT = 'https://client.example/callback';
const PASSWORD = 'correct horse battery staple';

/** The sign-in page as a browser drives it: read its hidden fields, post the form, follow nothing. */
async function authorize(query: URLSearchParams, login: string): Promise<string> {
  const page = await fetch(`${server.url}/oauth/authorize?${query}`);
  assert.equal(page.status, 200);
  const fields: Record<string, string> = {};
  for (const m of (await page.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]] = m[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"');
  const answer = await fetch(`${server.url}/oauth/authorize`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...fields, login, password: PASSWORD }) });
  await answer.arrayBuffer();
  assert.equal(answer.status, 302);
  const code = new URL(answer.headers.get('location')!).searchParams.get('code');
  assert.ok(code);
  return code;
}

/** A server-sent events stream read until `event` comes, as a strict client reads it. */
async function sseEvent(path: string, token: string, event: string, trigger: () => Promise<unknown>): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = response.body!.getReader();
  let text = '';
  const found = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before ${event}`);
      text += new TextDecoder().decode(value);
      const match = new RegExp(`event: ${event.replace('.', '\\.')}\\ndata: (.*)\\n\\n`).exec(text);
      if (match) return match[1];
    }
  })();
  await trigger();
  try {
      return await Promise.race([found, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${event} on ${path}: ${text}`)), 5000))]);
  } finally {
    controller.abort();
  }
}

function pushKeys() {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: crypto.randomBytes(16).toString('base64url') };
}

test('masto.js: a whole journey', async () => {
  const url = server.url;
  const anonymous = createRestAPIClient({ url });
  const app = await anonymous.v1.apps.create({ clientName: 'masto journey', redirectUris: REDIRECT, scopes: 'read write follow push' });
  const oauth = createOAuthAPIClient({ url });
  const appToken = await oauth.token.create({ grantType: 'client_credentials', clientId: app.clientId!, clientSecret: app.clientSecret!, redirectUri: REDIRECT, scope: 'read write follow push' });
  const asApp = createRestAPIClient({ url, accessToken: appToken.accessToken });

  // Sign-up, then both ways of signing in.
  await asApp.v1.accounts.create({ username: 'rahaf', email: 'rahaf@example.test', password: PASSWORD, agreement: true, locale: 'ar' });
  const friendToken = await asApp.v1.accounts.create({ username: 'yusuf', email: 'yusuf@example.test', password: PASSWORD, agreement: true, locale: 'en' });
  const byPassword = await oauth.token.create({ grantType: 'password', clientId: app.clientId!, clientSecret: app.clientSecret!, redirectUri: REDIRECT, username: 'rahaf@example.test', password: PASSWORD, scope: 'read write follow push' });
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  const code = await authorize(new URLSearchParams({ response_type: 'code', client_id: app.clientId!, redirect_uri: REDIRECT, scope: 'read write follow push', code_challenge: challenge, code_challenge_method: 'S256' }), 'rahaf');
  const byCode = await oauth.token.create({ grantType: 'authorization_code', clientId: app.clientId!, clientSecret: app.clientSecret!, redirectUri: REDIRECT, code, codeVerifier: verifier } as Parameters<typeof oauth.token.create>[0]);
  const me = createRestAPIClient({ url, accessToken: byCode.accessToken });
  const friend = createRestAPIClient({ url, accessToken: friendToken.accessToken });
  const meAccount = await me.v1.accounts.verifyCredentials();
  assert.equal(meAccount.id, (await createRestAPIClient({ url, accessToken: byPassword.accessToken }).v1.accounts.verifyCredentials()).id);
  const friendAccount = await friend.v1.accounts.verifyCredentials();
  await me.v1.accounts.$select(friendAccount.id).follow();

  // Streams first, so the posts below arrive on them.
  const streaming = createStreamingAPIClient({ streamingApiUrl: url.replace('http', 'ws'), accessToken: byCode.accessToken });
  const user = streaming.user.subscribe();
  const events: mastodon.streaming.Event[] = [];
  void (async () => {
    for await (const e of user) events.push(e);
  })();
  // masto connects and subscribes once the subscription is iterated: wait until the server has it.
  const hub = server.ctx.streaming as unknown as { subscribers: Set<Subscriber> };
  await waitFor(() => [...hub.subscribers].some((s) => s.accountId === Number(meAccount.id) && s.has('user')) || undefined, { what: 'the user subscription' });
  try {

    // Post, edit (the stream hears status.update), history.
    const post = await friend.v1.statuses.create({ status: 'السرب لا ينقطع', visibility: 'public', language: 'ar' });
    await waitFor(() => events.find((e) => e.event === 'update' && e.payload.id === post.id), { what: 'update on the WebSocket' });
    const edited = await friend.v1.statuses.$select(post.id).update({ status: 'السرب لا ينقطع أبدًا' });
    assert.ok(edited.editedAt);
    await waitFor(() => events.find((e) => e.event === 'status.update' && e.payload.id === post.id), { what: 'status.update on the WebSocket' });
    assert.equal((await friend.v1.statuses.$select(post.id).history.list()).length, 2);

    // A poll and a vote.
    const poll = await friend.v1.statuses.create({ status: 'هل تعمل؟', poll: { options: ['نعم', 'لا'], expiresIn: 3600 } });
    const voted = await me.v1.polls.$select(poll.poll!.id).votes.create({ choices: [0] });
    assert.equal(voted.votesCount, 1);
    assert.deepEqual(voted.ownVotes, [0]);

    // Scheduled.
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = (await me.v1.statuses.create({ status: 'later', scheduledAt: at })) as unknown as mastodon.v1.ScheduledStatus;
    assert.equal(new Date(scheduled.scheduledAt).toISOString(), at);
    assert.deepEqual((await me.v1.scheduledStatuses.list()).map((s) => s.id), [scheduled.id]);

    // Lists.
    const list = await me.v1.lists.create({ title: 'أصدقاء' });
    await me.v1.lists.$select(list.id).accounts.create({ accountIds: [friendAccount.id] });
    const inList = await me.v1.timelines.list.$select(list.id).list();
    assert.ok(inList.some((s) => s.id === post.id));

    // SSE: the user stream over server-sent events hears the next post.
    const payload = await sseEvent('/api/v1/streaming/user', byCode.accessToken, 'update', () => friend.v1.statuses.create({ status: 'عبر SSE' }));
    assert.equal(JSON.parse(payload).content, '<p>عبر SSE</p>');

    // Push subscription.
    const push = await me.v1.push.subscription.create({ subscription: { endpoint: 'https://push.example.net/masto', keys: pushKeys() }, data: { alerts: { mention: true, poll: true } }, policy: 'all' });
    assert.equal(push.alerts.poll, true);
    assert.equal((await me.v1.push.subscription.fetch()).id, push.id);
  } finally {
    streaming.close();
  }
});

test('megalodon: a whole journey', async () => {
  const url = server.url;
  const anonymous = generator('mastodon', url);
  const app = await anonymous.registerApp('megalodon journey', { scopes: ['read', 'write', 'follow', 'push'], redirect_uris: REDIRECT });
  assert.ok(app.url, 'megalodon builds the authorization URL');
  const appToken = (await (await fetch(`${url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write follow push' }) })).json()) as { access_token: string };
  const asApp = generator('mastodon', url, appToken.access_token);
  await asApp.registerAccount('nadia', 'nadia@example.test', PASSWORD, true, 'ar');
  const friendToken = (await asApp.registerAccount('karim', 'karim@example.test', PASSWORD, true, 'en')).data.access_token;

  // megalodon signs in with the authorization code on the URL it built (no PKCE: Sirb, like
  // Mastodon, takes codes without one); the password grant is plain OAuth (megalodon has no call).
  const code = await authorize(new URL(app.url!).searchParams, 'nadia');
  const token = await anonymous.fetchAccessToken(app.client_id, app.client_secret, code, REDIRECT);
  const byPassword = (await (await fetch(`${url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret, username: 'nadia', password: PASSWORD, scope: 'read' }) })).json()) as { access_token: string };
  const me = generator('mastodon', url, token.access_token);
  const friend = generator('mastodon', url, friendToken);
  const meAccount = (await me.verifyAccountCredentials()).data;
  assert.equal((await generator('mastodon', url, byPassword.access_token).verifyAccountCredentials()).data.id, meAccount.id);
  const friendAccount = (await friend.verifyAccountCredentials()).data;
  await me.followAccount(friendAccount.id);

  // Streams: megalodon's WebSocket user stream.
  const socket = await me.userStreaming();
  const updates: string[] = [];
  const edits: string[] = [];
  socket.on('update', (s: { id: string }) => updates.push(s.id));
  socket.on('status_update', (s: { id: string }) => edits.push(s.id));
  await new Promise<void>((resolve) => socket.on('connect', () => resolve()));

  const post = (await friend.postStatus('أول منشور من ميغالودون', { visibility: 'public', language: 'ar' })).data as { id: string };
  await waitFor(() => updates.includes(post.id), { what: 'update on megalodon\'s stream' });
  const edited = (await friend.editStatus(post.id, { status: 'منشور معدّل من ميغالودون' })).data;
  assert.ok(edited.edited_at);
  await waitFor(() => edits.includes(post.id), { what: 'status.update on megalodon\'s stream' });

  const poll = (await friend.postStatus('هل تعمل؟', { poll: { options: ['نعم', 'لا'], expires_in: 3600 } })).data as { poll: { id: string } };
  const voted = (await me.votePoll(poll.poll.id, [1])).data as unknown as { own_votes: number[] };
  assert.deepEqual(voted.own_votes, [1]);

  const at = new Date(Date.now() + 3_600_000).toISOString();
  const scheduled = (await me.postStatus('later', { scheduled_at: at })).data as { id: string; scheduled_at: string };
  assert.equal(new Date(scheduled.scheduled_at).toISOString(), at);
  assert.deepEqual((await me.getScheduledStatuses()).data.map((s) => s.id), [scheduled.id]);

  const list = (await me.createList('عمل')).data;
  await me.addAccountsToList(list.id, [friendAccount.id]);
  assert.ok((await me.getListTimeline(list.id)).data.some((s) => s.id === post.id));

  const payload = await sseEvent('/api/v1/streaming/user', token.access_token, 'update', () => friend.postStatus('عبر SSE'));
  assert.equal(JSON.parse(payload).content, '<p>عبر SSE</p>');

  const push = (await me.subscribePushNotification({ endpoint: 'https://push.example.net/megalodon', keys: pushKeys() }, { alerts: { mention: true, follow: true } })).data;
  assert.equal(push.alerts.follow, true);
  assert.equal((await me.getPushSubscription()).data.id, push.id);
  socket.stop();
});
