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

export function parseReportLine(line: string): { at: number; region: string; problem: number } | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { at, region, problem } = value as Record<string, unknown>;
  if (typeof at !== 'string' || typeof region !== 'string' || typeof problem !== 'string') return null;
  const time = Date.parse(at);
  const p = problemIndex(problem);
  if (!Number.isFinite(time) || p < 0 || !REGION.test(region)) return null;
  return { at: time, region: region.toUpperCase(), problem: p };
}
