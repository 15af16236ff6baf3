// The owner is made by a command run by whoever runs the server (issue 10, finding 9), never by
// signing up first: `npm run admin -- create-owner --username … --email … [--password …]`. The
// database holds at most one owner, whatever writes to it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api, createApp } from '../helpers/client.js';
import { ROOT } from '../helpers/process.js';

const run = promisify(execFile);

describe('npm run admin -- create-owner', () => {
  let server: TestServer;
  let api: Api;

  before(async () => {
    server = await startTestServer();
    api = new Api(server.url);
  });
  after(() => server.close());

  /** The command as `npm run admin --` runs it, against the test server's own store. */
  const admin = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/accounts/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: server.ctx.config.databaseUrl ?? '', LOG_LEVEL: 'silent' },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  const signIn = async (username: string, password: string) => {
    const app = await createApp(api);
    return api.post('/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username, password, scope: 'read' });
  };

  test('creates the owner, printing a generated password, and refuses a second owner', async () => {
    const made = await admin('create-owner', '--username', 'admin', '--email', 'Boss@Example.test');
    assert.equal(made.code, 0, made.stderr);
    const password = /password: (\S+)/.exec(made.stdout)?.[1];
    assert.ok(password && password.length >= 16, made.stdout);
    const token = await signIn('boss@example.test', password);
    assert.equal(token.status, 200, JSON.stringify(token.body));
    const me = await api.as(token.body.access_token).get('/api/v1/accounts/verify_credentials');
    assert.equal(me.body.username, 'admin', 'the command may use a name sign-up reserves');
    assert.equal(me.body.role.name, 'Owner');
    assert.equal(me.body.role.permissions, '1');

    const second = await admin('create-owner', '--username', 'another', '--email', 'another@example.test', '--password', 'a long enough password');
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, /already has an owner/);
    const rows = await server.ctx.db.kysely.selectFrom('accounts').select('username').where('username', '=', 'another').execute();
    assert.deepEqual(rows, []);
  });

  test('refuses bad input with a message and no account', async () => {
    for (const args of [['--username', 'bad name', '--email', 'x@example.test'], ['--username', 'fine', '--email', 'nope'], ['--username', 'fine2', '--email', 'f@example.test', '--password', 'short'], ['--email', 'f@example.test']]) {
      const res = await admin('create-owner', ...args);
      assert.notEqual(res.code, 0, args.join(' '));
      assert.ok(res.stderr.trim(), args.join(' '));
    }
    const usage = await admin('what');
    assert.notEqual(usage.code, 0);
    assert.match(usage.stderr, /create-owner/);
  });

  test('the database itself refuses a second owner row', async () => {
    const db = server.ctx.db.kysely;
    const owners = await db.selectFrom('accounts').select('id').where('role', '=', 'owner').execute();
    assert.equal(owners.length, 1);
    const other = await db.selectFrom('accounts').select('id').where('role', '!=', 'owner').executeTakeFirst();
    if (other) await assert.rejects(db.updateTable('accounts').set({ role: 'owner' }).where('id', '=', other.id).execute(), /unique|duplicate/i);
    await assert.rejects(
      db.insertInto('accounts').values({
        id: 1, username: 'sneaky', username_key: 'sneaky', email: 'sneaky@example.test', password_hash: 'x', display_name: '', note: '', locale: 'ar',
        role: 'owner', bot: 0, locked: 0, discoverable: 1, default_visibility: 'public', avatar_url: null, header_url: null, search_text: '',
        last_status_at: null, suspended_at: null, created_at: Date.now(),
      }).execute(),
      /unique|duplicate/i,
    );
  });
});
