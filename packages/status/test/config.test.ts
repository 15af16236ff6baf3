// Settings from the environment: a mistyped URL stops the service at start-up with a clear
// message, rather than being probed, failing, and published as Sirb's outage.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadStatusConfig } from '../src/config.js';

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
});
