// Settings from the environment: a mistyped URL stops the service at start-up with a clear
// message, rather than being probed, failing, and published as Sirb's outage.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { loadStatusConfig } from '../src/config.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('status config', () => {
  it('refuses an APP_URL, PUBLIC_URL or STATUS_PUBLIC_URL that is not an http(s) URL, naming the variable', () => {
    for (const [name, value] of [['APP_URL', 'notaurl'], ['APP_URL', '127.0.0.1:3000'], ['PUBLIC_URL', 'ftp://sirb.example'], ['STATUS_PUBLIC_URL', 'status.example.org']] as const) {
      assert.throws(() => loadStatusConfig({ [name]: value }), new RegExp(`^Error: ${name} must be an http\\(s\\) URL.*"${value.replace(/[.]/g, '\\.')}"`), `${name}=${value}`);
    }
  });

  it('keeps good URLs, without their trailing slashes', () => {
    const config = loadStatusConfig({ APP_URL: 'http://127.0.0.1:3000/', PUBLIC_URL: 'https://sirb.example/', STATUS_PUBLIC_URL: 'https://status.sirb.example//' });
    assert.equal(config.appUrl, 'http://127.0.0.1:3000');
    assert.equal(config.appPublicUrl, 'https://sirb.example');
    assert.equal(config.publicUrl, 'https://status.sirb.example');
    assert.equal(loadStatusConfig({ PORT: '4000' }).appPublicUrl, 'http://127.0.0.1:4000');
  });

  it('refuses a STATUS_PORT or PORT that is not a whole number from 0/1 to 65535, naming the variable', () => {
    for (const value of ['99999', '65536', 'abc', '-1', '3001.5', '1e3']) {
      assert.throws(() => loadStatusConfig({ STATUS_PORT: value }), new RegExp(`^Error: STATUS_PORT must be a whole number from 0 to 65535, got "${value.replace(/[.]/g, '\\.')}"$`), value);
    }
    assert.throws(() => loadStatusConfig({ PORT: '0' }), /^Error: PORT must be a whole number from 1 to 65535, got "0"$/);
    assert.equal(loadStatusConfig({ STATUS_PORT: '0' }).port, 0, 'any free port');
    assert.equal(loadStatusConfig({ STATUS_PORT: '65535' }).port, 65535);
  });

  it('stops at start-up with one line naming the bad setting, not a stack trace', () => {
    for (const [name, value] of [['STATUS_PORT', '99999'], ['STATUS_PORT', 'abc'], ['STATUS_PORT', '-5'], ['APP_URL', 'notaurl']] as const) {
      const env: NodeJS.ProcessEnv = { ...process.env, [name]: value };
      for (const other of ['STATUS_PORT', 'APP_URL']) if (other !== name) delete env[other];
      const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN], { env, encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 1, `${name}=${value}: ${run.stderr}`);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `${name}=${value}: one line, got:\n${run.stderr}`);
      assert.match(lines[0]!, new RegExp(`^Sirb status service: ${name} must be`));
    }
  });
});
