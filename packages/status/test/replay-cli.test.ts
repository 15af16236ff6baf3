// The replay CLI through the package's real `npm run --silent replay -- FILE`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { generateTraffic, type Spike } from '../bench/status-traffic.js';
import { parseReportLine } from '../src/detector/replay-file.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

describe('replay line parsing', () => {
  it('reads compact lines, spaced lines, other key orders and time zones alike', () => {
    const at = Date.parse('2016-01-19T08:00:05.250Z');
    const expected = { at, region: 'GB', problem: 1 };
    assert.deepEqual(parseReportLine('{"at":"2016-01-19T08:00:05.250Z","region":"GB","problem":"login"}'), expected);
    assert.deepEqual(parseReportLine('{ "problem": "login", "region": "gb", "at": "2016-01-19T08:00:05.250Z" }'), expected);
    assert.deepEqual(parseReportLine('{"region":"GB","problem":"login","at":"2016-01-19T09:00:05.250+01:00"}'), expected);
    assert.deepEqual(parseReportLine('{"at":"2016-01-19T08:00:05Z","region":"GB","problem":"login"}'), { ...expected, at: at - 250 });
    assert.deepEqual(parseReportLine('{"at":"2016-01-19T08:00:05.250Z","region":"G\\u0042","problem":"login"}'), expected);
    for (const bad of ['', '{}', '[]', 'null', '{"at":"2016-01-19T08:00:99Z","region":"GB","problem":"login"}', '{"at":"x","region":"GB","problem":"login"}', '{"at":"2016-01-19T08:00:05Z","region":"GBR","problem":"login"}', '{"at":"2016-01-19T08:00:05Z","region":"GB","problem":"Login"}']) {
      assert.equal(parseReportLine(bad), null, bad);
    }
  });
});

describe('replay CLI', () => {
  it('writes one NDJSON line per detection and skips unusable lines', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-replay-'));
    const file = path.join(dir, 'reports.ndjson');
    const from = Date.UTC(2026, 1, 2);
    const spikeStart = from + 3 * 86_400_000 + 10 * 3_600_000;
    const spikes: Spike[] = [{ region: 'JP', start: spikeStart, perMinute: 40, minutes: 20 }];
    const lines: string[] = [];
    generateTraffic({ from, to: spikeStart + 2 * 3_600_000, seed: 3, spikes }, (r) => {
      lines.push(JSON.stringify({ at: new Date(r.at).toISOString(), region: r.region, problem: r.problem }));
    });
    lines.splice(100, 0, 'not json', '{"at":"yesterday","region":"GB","problem":"login"}', '{"at":"2026-02-02T00:00:00Z","region":"GB","problem":"teleport"}');
    fs.writeFileSync(file, lines.join('\n') + '\n');

    const { stdout, stderr } = await run('npm', ['run', '--silent', 'replay', '--', file], { cwd: root });
    const events = stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.match(stderr, /skipped 3/);
    const jp = events.filter((e) => e.region === 'JP');
    assert.equal(jp.length, 2, stdout);
    assert.equal(jp[0].event, 'opened');
    assert.ok(Date.parse(jp[0].at) - spikeStart <= 60_000);
    assert.ok(Array.isArray(jp[0].problems) && jp[0].problems.length > 0);
    assert.equal(jp[1].event, 'resolved');
    for (const e of events) assert.deepEqual(Object.keys(e), ['at', 'event', 'region', 'problems']);
    assert.ok(events.every((e) => e.region === 'JP' || e.region === 'WORLD'), 'nothing else fires');
  });

  it('fails clearly on a missing file', async () => {
    await assert.rejects(run('npm', ['run', '--silent', 'replay', '--', '/nonexistent.ndjson'], { cwd: root }), /no such file/);
  });
});
