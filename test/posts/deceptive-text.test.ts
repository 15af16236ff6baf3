// Text that would show something other than what it is (issue 10, finding 19): bidi overrides,
// embeddings and isolates (U+202A-U+202E, U+2066-U+2069) and invisible characters (U+200B,
// U+2060, U+FEFF) are taken out of display names, app names and link text; a link shows its
// whole host. The joiners Persian and emoji need (U+200C ZWNJ, U+200D ZWJ) stay.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server.js';
import { createUser, type TestUser } from '../helpers/client.js';

const RLO = '\u202E';
const CONTROLS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200B', '\u2060', '\uFEFF'];
const hasControl = (text: string) => CONTROLS.some((c) => text.includes(c));

describe('deceptive text', () => {
  const env = useTestServer();
  let user: TestUser;

  before(async () => {
    user = await createUser(env.api, undefined, env.app);
  });

  test('display names lose overrides and invisible characters, keep Persian ZWNJ and emoji ZWJ', async () => {
    const res = await user.api.patch('/api/v1/accounts/update_credentials', { display_name: `${RLO}nimda\u2066x\u2069\u200By\u2060z\uFEFF` });
    assert.equal(res.status, 200);
    assert.equal(res.body.display_name, 'nimdaxyz');
    const persian = 'می\u200Cخواهم 👩\u200D💻';
    const kept = await user.api.patch('/api/v1/accounts/update_credentials', { display_name: persian });
    assert.equal(kept.body.display_name, persian);
    assert.equal((await env.api.get(`/api/v1/accounts/${user.id}`)).body.display_name, persian);
  });

  test('a display name stored before the fix is shown without its overrides', async () => {
    const other = await createUser(env.api, undefined, env.app);
    await env.server.ctx.db.kysely.updateTable('accounts').set({ display_name: `${RLO}gnp.exe` }).where('id', '=', Number(other.id)).execute();
    await env.server.ctx.write(async (tx) => tx.emit({ type: 'account.changed', accountId: Number(other.id) }));
    const shown = (await env.api.get(`/api/v1/accounts/${other.id}`)).body.display_name;
    assert.equal(shown, 'gnp.exe');
  });

  test('app names lose overrides, in the API and on the sign-in page', async () => {
    const app = await env.api.post('/api/v1/apps', { client_name: `Official ${RLO}ppa\u200B`, redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' });
    assert.equal(app.status, 200);
    assert.equal(app.body.name, 'Official ppa');
    const page = await fetch(`${env.server.url}/oauth/authorize?response_type=code&client_id=${app.body.client_id}&redirect_uri=urn:ietf:wg:oauth:2.0:oob`);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.ok(!hasControl(html), 'no control character on the page');
  });

  test('a link cannot be shown reversed: overrides before it are removed and its text is isolated', async () => {
    const post = await user.api.post('/api/v1/statuses', { status: `login: ${RLO}see https://moc.elgoog.evil-site.com/ now` });
    assert.equal(post.status, 200);
    const content: string = post.body.content;
    assert.ok(!hasControl(content), content);
    const link = /<a href="([^"]+)"[^>]*>(.*?)<\/a>/.exec(content);
    assert.ok(link, content);
    assert.equal(new URL(link[1]).host, 'moc.elgoog.evil-site.com');
    assert.match(link[0], /dir="ltr"/);
  });

  test('a link shows its whole host, however long; only the path is shortened', async () => {
    const host = 'accounts.google.com.sign-in.secure-login.evil-site.com';
    const post = await user.api.post('/api/v1/statuses', { status: `https://${host}/a/very/long/path/that/goes/on/and/on` });
    const content: string = post.body.content;
    const text = /<a [^>]*>(.*?)<\/a>/.exec(content)![1].replace(/<[^>]+>/g, '');
    assert.ok(text.startsWith(`${host}/`), text);
    assert.ok(text.endsWith('…'), text);
    const short = await user.api.post('/api/v1/statuses', { status: 'see https://example.com/a/b' });
    assert.equal(/<a [^>]*>(.*?)<\/a>/.exec(short.body.content)![1], 'example.com/a/b');
  });
});
