// Fixtures for the status page's browser tests: a page with history to draw (90 days of probes
// with bad days, reports, an ongoing and a resolved incident) and a Chromium to look at it.
import { chromium, type Browser } from 'playwright-core';
import { COMPONENT_IDS } from '../src/components/catalog.js';
import { recordProbes, type ProbeRecord } from '../src/components/store.js';
import type { Incident } from '../src/incidents/model.js';
import type { RunningStatusService } from '../src/main.js';
import { getJson } from './helpers.js';

export const DAY = 86_400_000;

export interface SeededPage {
  /** The day (YYYY-MM-DD, UTC) on which posting failed half its probes. */
  badDay: string;
  ongoing: Incident;
  resolved: Incident;
}

export async function seedPage(svc: RunningStatusService, now = Date.now()): Promise<SeededPage> {
  const records: ProbeRecord[] = [];
  // Four probes a day, all within that day's UTC date: spaced hours back from `now` they crossed
  // midnight in the first three hours of a UTC day and split the bad day's failures over two days.
  const dayStart = Math.floor(now / DAY) * DAY;
  const probeAt = (d: number, k: number) => (d === 0 ? Math.max(dayStart, now - k * 60_000) : dayStart - d * DAY + (12 - k) * 3_600_000);
  const badDayAt = probeAt(12, 0);
  for (let d = 89; d >= 0; d--) {
    for (const component of COMPONENT_IDS) {
      for (let k = 3; k >= 0; k--) {
        const bad = component === 'posting' && d === 12 && k < 2;
        records.push({ component, at: probeAt(d, k), ok: !bad, latencyMs: 80 + k * 10, error: bad ? 'answered 500' : undefined });
      }
    }
  }
  await recordProbes(svc.ctx.db, records);
  for (let i = 0; i < 12; i++) {
    await getJson(`${svc.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.2.0.${i}` },
      body: JSON.stringify({ problem: ['login', 'posting', 'search'][i % 3], region: ['SA', 'EG', 'GB'][i % 3] }),
    });
  }
  const incidents = svc.ctx.incidents;
  // Resolved after 65 minutes: the page must say how long it lasted.
  const past = await incidents.create({
    kind: 'manual',
    name: { en: 'Posting failures', ar: 'تعذّر النشر' },
    status: 'investigating',
    impact: 'major',
    components: ['posting', 'search'],
    startedAt: now - 65 * 60_000,
    body: { en: 'Posts are failing for some people.', ar: 'يتعذّر النشر على بعض المستخدمين.' },
  });
  const resolved = await incidents.update(past, { status: 'resolved', body: { en: 'Fixed a full disk.', ar: 'أصلحنا قرصًا ممتلئًا.' } });
  const ongoing = await incidents.create({
    kind: 'manual',
    name: { en: 'Slow timelines', ar: 'بطء الخطوط الزمنية' },
    status: 'investigating',
    impact: 'minor',
    components: ['timelines'],
    startedAt: now - 20 * 60_000,
    body: { en: 'Timelines are slower than usual.', ar: 'الخطوط الزمنية أبطأ من المعتاد.' },
  });
  return { badDay: new Date(badDayAt).toISOString().slice(0, 10), ongoing, resolved };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
