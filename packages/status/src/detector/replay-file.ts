// Runs the outage detector over an NDJSON file of reports ({"at": ISO-8601, "region": "GB",
// "problem": "login"}, in time order), handing one NDJSON line per detection to `write`. Lines it
// cannot use are counted, never fatal: a replay of a million real reports should not die on one.
import fs from 'node:fs';
import { OutageDetector, type DetectionEvent } from './detector.js';
import { problemIndex } from './problems.js';

export interface ReplayStats {
  reports: number;
  skipped: number;
  events: number;
}

export async function replayFile(
  file: string,
  write: (chunk: string) => void,
  detector = new OutageDetector(),
): Promise<ReplayStats> {
  const stats: ReplayStats = { reports: 0, skipped: 0, events: 0 };
  let out = '';
  const emit = (events: DetectionEvent[]): void => {
    for (const e of events) {
      out += JSON.stringify({ at: new Date(e.at).toISOString(), event: e.event, region: e.region, problems: e.problems }) + '\n';
      stats.events++;
    }
    if (out.length > 1 << 16) {
      write(out);
      out = '';
    }
  };
  const handleLine = (line: string): void => {
    if (line.length === 0 || line.trim().length === 0) return;
    const parsed = parseReportLine(line);
    if (!parsed) {
      stats.skipped++;
      return;
    }
    stats.reports++;
    emit(detector.observe(parsed.at, parsed.region, parsed.problem));
  };

  // Splitting chunks by hand is several times faster than readline for a million short lines.
  let rest = '';
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      handleLine(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  handleLine(rest);
  if (out) write(out);
  return stats;
}

const REGION = /^[A-Za-z]{2}$/;

/**
 * Reads one report line. Lines shaped the way our own tools write them take a fast path (string
 * search instead of JSON.parse, and the time parsed from digits against a cached minute); anything
 * else, or anything with escapes, goes through JSON.parse and Date.parse.
 */
export function parseReportLine(line: string): { at: number; region: string; problem: number } | null {
  const fast = line.indexOf('\\') === -1 ? fastFields(line) : null;
  let at: unknown, region: unknown, problem: unknown;
  if (fast) {
    [at, region, problem] = fast;
  } else {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return null;
    }
    if (typeof value !== 'object' || value === null) return null;
    ({ at, region, problem } = value as Record<string, unknown>);
  }
  if (typeof at !== 'string' || typeof region !== 'string' || typeof problem !== 'string') return null;
  const time = parseTime(at);
  const p = problemIndex(problem);
  if (!Number.isFinite(time) || p < 0 || !REGION.test(region)) return null;
  return { at: time, region: region.toUpperCase(), problem: p };
}

function stringField(line: string, key: string): string | undefined {
  const i = line.indexOf(key);
  if (i === -1) return undefined;
  const start = i + key.length;
  const end = line.indexOf('"', start);
  return end === -1 ? undefined : line.slice(start, end);
}

function fastFields(line: string): [string, string, string] | null {
  const t = line.trimEnd();
  if (t.charCodeAt(0) !== 123 /* { */ || t.charCodeAt(t.length - 1) !== 125 /* } */) return null;
  const at = stringField(t, '"at":"');
  const region = stringField(t, '"region":"');
  const problem = stringField(t, '"problem":"');
  return at !== undefined && region !== undefined && problem !== undefined ? [at, region, problem] : null;
}

let cachedMinute = '';
let cachedMinuteMs = NaN;

/** "YYYY-MM-DDTHH:MM:SS[.sss]Z" by hand (reports arrive in order, so the minute rarely changes). */
function parseTime(text: string): number {
  const n = text.length;
  if ((n === 20 || n === 24) && text.charCodeAt(10) === 84 /* T */ && text.charCodeAt(n - 1) === 90 /* Z */ && text.charCodeAt(16) === 58 /* : */) {
    const minute = text.slice(0, 16);
    if (minute !== cachedMinute) {
      cachedMinute = minute;
      cachedMinuteMs = Date.parse(minute + ':00Z');
    }
    const sec = digits(text, 17, 2);
    const ms = n === 24 && text.charCodeAt(19) === 46 /* . */ ? digits(text, 20, 3) : n === 20 ? 0 : NaN;
    if (sec >= 0 && sec < 60 && ms >= 0) return cachedMinuteMs + sec * 1000 + ms;
  }
  return Date.parse(text);
}

function digits(text: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}
