// The coverage table (docs/api-coverage.md, written by `npm run api:coverage`) only moves up: an
// endpoint it lists as answered (implemented or stub) must still be routed by the app.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useTestServer } from '../helpers/server.js';
import { createFixtures, isRouted, readEndpoints } from '../../scripts/api-coverage.js';

function answeredInTable(): Set<string> {
  const table = fs.readFileSync(new URL('../../docs/api-coverage.md', import.meta.url), 'utf8');
  const answered = new Set<string>();
  for (const match of table.matchAll(/^\| `(\w+ \S+)` \| (implemented|stub)/gm)) answered.add(match[1]!);
  return answered;
}

describe('API coverage', () => {
  const env = useTestServer();

  test('every endpoint the coverage table says Sirb answers is still routed', async () => {
    const answered = answeredInTable();
    assert.ok(answered.size >= 90, `the table lists ${answered.size} answered endpoints`);
    const fx = await createFixtures(env.server.url);
    const endpoints = [...readEndpoints(), ...readEndpoints('api-coverage-extra.json')].filter((e) => answered.has(`${e.method} ${e.path}`));
    const lost: string[] = [];
    for (const e of endpoints) if (!(await isRouted(env.server.app, env.server.url, e, fx))) lost.push(`${e.method} ${e.path}`);
    assert.deepEqual(lost, [], 'run `npm run api:coverage` after removing an endpoint on purpose');
  });
});
