// The toot CLI (Debian's toot 0.34) through a user's day, as someone at a terminal would use it:
// sign in without a browser (login_cli: password grant, password on stdin) and with one (login:
// the authorization code the sign-in page shows, the page driven here as a browser would), then
// whoami, post, schedule, timeline, follow and search. Each command is one test; each runs the
// real `toot` binary against a test server, with its config in a temporary directory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createUser, type TestUser } from '../helpers/client.js';
import { waitFor } from '../helpers/wait.js';
import { skipUnlessInstalled } from './clients/journey.js';

const skip = skipUnlessInstalled('toot', ['--help'], 'toot');

interface Run { code: number | null; out: string }

/** The sign-in page's form, as a browser reads it: its action and its inputs' values. */
function readForm(html: string): { action: string; fields: Record<string, string> } {
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const attr = (tag: string, name: string) => tag.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
  const fields: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (name) fields[name] = unescape(attr(tag, 'value') ?? '');
  }
  return { action: unescape(attr(html.match(/<form\b[^>]*>/)?.[0] ?? '', 'action') ?? ''), fields };
}

describe('toot (the CLI): sign in, post, read, follow, search', { skip }, () => {
  const env = useTestServer();
  let home: string;
  let me: TestUser;
  let friend: TestUser;
  let instance: string;

  /** Runs toot with its config in `home`; `answer`, if given, writes its stdin as toot prompts. */
  const toot = (args: string[], answer?: (out: () => string, write: (line: string) => void) => Promise<void>, input?: string): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn('toot', args, { env: { ...process.env, XDG_CONFIG_HOME: home, HOME: home, NO_COLOR: '1', TERM: 'dumb' } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const timer = setTimeout(() => child.kill(), 60_000);
      child.once('error', reject);
      child.once('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
      if (answer) answer(() => out, (line) => child.stdin.write(`${line}\n`)).then(() => child.stdin.end(), (error) => { child.kill(); reject(error); });
      else child.stdin.end(input ?? '');
    });

  before(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-toot-'));
    me = await createUser(env.api, `toot_${process.pid}`, env.app);
    friend = await createUser(env.api, `tootfriend_${process.pid}`, env.app);
    instance = new URL(env.server.url).host;
  });
  after(() => fs.rmSync(home, { recursive: true, force: true }));

  test('login_cli: instance detection, app registration and the password grant, no browser', async () => {
    const run = await toot(['login_cli', '--instance', instance, '--email', me.email, '--disable-https'], undefined, me.password);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /Successfully logged in/);
    const config = JSON.parse(fs.readFileSync(path.join(home, 'toot', 'config.json'), 'utf8'));
    assert.ok(config.users[`${me.username}@${instance}`]?.access_token, JSON.stringify(config));
  });

  test('login: the browser sign-in (/oauth/authorize/ with its trailing slash) and the code it shows', async () => {
    const run = await toot(['login', '--instance', instance, '--disable-https'], async (out, write) => {
      const url = await waitFor(() => out().match(/(http:\/\/\S+\/oauth\/authorize\/\?\S+)/)?.[1], { timeout: 30_000, what: () => `the login URL; toot said ${out()}` });
      write('n'); // do not open a browser: this test is the browser
      const page = await fetch(url);
      assert.equal(page.status, 200, `${url} answered ${page.status}`);
      const form = readForm(await page.text());
      const signIn = await fetch(new URL(form.action || url, url), { method: 'POST', body: new URLSearchParams({ ...form.fields, login: me.email, password: me.password }), redirect: 'manual' });
      const code = (await signIn.text()).match(/<code id="code">([^<]+)<\/code>/)?.[1];
      assert.ok(code, `no code on the page after signing in (${signIn.status})`);
      await waitFor(() => out().includes('Authorization code'), { timeout: 10_000, what: () => `the code prompt; toot said ${out()}` });
      write(code);
    });
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /Successfully logged in/);
  });

  test('whoami', async () => {
    const run = await toot(['whoami']);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, new RegExp(`@${me.username}`));
  });

  test('post', async () => {
    const run = await toot(['post', 'من الطرفية — from the terminal']);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /Toot posted: http/);
    const mine = await me.api.get(`/api/v1/accounts/${me.id}/statuses`);
    assert.ok(mine.body.some((s: { content: string }) => s.content.includes('from the terminal')), JSON.stringify(mine.body));
  });

  test('post --scheduled-in: a scheduled status, not a post', async () => {
    const run = await toot(['post', 'later — لاحقًا', '--scheduled-in', '1 hour']);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /Toot scheduled for/);
    const scheduled = await me.api.get('/api/v1/scheduled_statuses');
    assert.equal(scheduled.status, 200);
    assert.ok(scheduled.body.some((s: { params: { text: string } }) => s.params.text.includes('later')), JSON.stringify(scheduled.body));
  });

  test('timeline', async () => {
    const run = await toot(['timeline']);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /from the terminal/);
  });

  test('follow', async () => {
    const run = await toot(['follow', friend.username]);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /You are now following/);
    const relationship = await me.api.get(`/api/v1/accounts/relationships?id[]=${friend.id}`);
    assert.equal(relationship.body[0].following, true);
  });

  test('search', async () => {
    const run = await toot(['search', friend.username]);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, new RegExp(friend.username));
  });
});
