// Shared by the journeys of clients from other ecosystems (Mastodon.py, toot): whether the
// client is installed, and one test per named step, so each step passes or fails on its own.
import { spawnSync } from 'node:child_process';
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { TestServer } from '../../helpers/server.js';

/**
 * The reason to skip a client's suite: only when it is not installed and this is not CI (CI, or
 * SIRB_REQUIRE_CLIENTS as .ci/run sets it: a missing client is then a failure; .ci/run installs it).
 */
export function skipUnlessInstalled(command: string, args: string[], pkg: string): string | false {
  const probe = spawnSync(command, args, { stdio: 'ignore' });
  if (probe.status === 0 || process.env.CI || process.env.SIRB_REQUIRE_CLIENTS) return false;
  return `${pkg} is not installed (apt-get install -y ${pkg}); CI installs and runs it`;
}

/**
 * A step that needs endpoints another branch brings (edits, polls, lists…) is marked TODO while
 * this server does not route them, and counts for real once it does.
 */
export function markIfNotRouted(t: TestContext, server: TestServer, needs: string[]): void {
  const missing = needs.filter((endpoint) => {
    const [method, url] = endpoint.split(' ');
    return !server.app.hasRoute({ method: method as 'GET', url: url! });
  });
  if (missing.length) t.todo(`not routed on this branch yet: ${missing.join(', ')}`);
}

export interface StepResult { step: string; ok: boolean; skipped?: boolean; error?: string }

/** One test per step of a journey whose results another process wrote. */
export function stepTests(results: () => Map<string, StepResult>, server: () => TestServer, steps: Array<[string, string[]]>): void {
  for (const [name, needs] of steps) {
    test(name, (t) => {
      markIfNotRouted(t, server(), needs);
      const result = results().get(name);
      assert.ok(result, `step ${name} did not run`);
      assert.ok(result.ok, `${result.skipped ? 'skipped, ' : ''}${result.error}`);
    });
  }
}
