// Screenshots of the status page for the docs: both languages, light and dark, desktop and phone,
// during an outage, during a maintenance and after. A real status service (its own temp store,
// history seeded as in the browser tests) drawn by Debian's Chromium; viewport PNGs, not full pages.
//
//   npm run screenshots -w @sirb/status   → docs/screenshots/status/<state>-<lang>-<theme>-<device>.png
import fs from 'node:fs';
import path from 'node:path';
import { COMPONENT_IDS, type ComponentId } from '../src/components/catalog.js';
import { recordProbes, setComponentStatus } from '../src/components/store.js';
import type { Incident } from '../src/incidents/model.js';
import { startStatusService } from '../src/main.js';
import { launchChromium, seedPage } from '../test/page-fixtures.js';
import { root, tempDir } from '../test/helpers.js';

const OUT = path.resolve(root, '../../docs/screenshots/status');
const DEVICES = {
  desktop: { viewport: { width: 1280, height: 900 } },
  mobile: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', logLevel: 'silent', background: false, reportLimit: 10_000, trustProxy: 1 });
  const browser = await launchChromium();
  const now = Date.now();
  const seeded = await seedPage(svc, now);
  await svc.ctx.incidents.update(seeded.ongoing, { status: 'resolved', body: { en: 'Timelines are back to their usual speed.', ar: 'عادت الخطوط الزمنية إلى سرعتها المعتادة.' } });
  const setAll = async (status: (id: ComponentId) => 'operational' | 'major_outage' | 'partial_outage' | 'under_maintenance') => {
    await recordProbes(svc.ctx.db, COMPONENT_IDS.map((component) => ({ component, at: Date.now(), ok: status(component) !== 'major_outage', latencyMs: 90 })));
    for (const id of COMPONENT_IDS) await setComponentStatus(svc.ctx.db, id, status(id), Date.now());
  };
  const shoot = async (state: string) => {
    let count = 0;
    for (const lang of ['ar', 'en'] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        for (const [device, options] of Object.entries(DEVICES)) {
          const context = await browser.newContext({ ...options, colorScheme, locale: lang === 'ar' ? 'ar-SA' : 'en-GB', timezoneId: 'Asia/Riyadh' });
          const page = await context.newPage();
          await page.goto(`${svc.url}/?lang=${lang}`);
          await page.waitForSelector('html[data-script="ready"]');
          await page.screenshot({ path: path.join(OUT, `${state}-${lang}-${colorScheme}-${device}.png`) });
          await context.close();
          count++;
        }
      }
    }
    console.log(`${state}: ${count} screenshots`);
  };

  // During an outage: posting and timelines down, an open critical incident.
  await setAll((id) => (id === 'posting' || id === 'timelines' ? 'major_outage' : id === 'notifications' ? 'partial_outage' : 'operational'));
  const outage: Incident = await svc.ctx.incidents.create({
    kind: 'manual',
    name: { en: 'Posting and timelines are failing', ar: 'تعذّر النشر والخطوط الزمنية' },
    status: 'identified',
    impact: 'critical',
    components: ['posting', 'timelines', 'notifications'],
    startedAt: now - 18 * 60_000,
    body: { en: 'The database ran out of connections; we are restarting it.', ar: 'نفدت اتصالات قاعدة البيانات، ونعيد تشغيلها الآن.' },
  });
  await shoot('outage');

  // During a maintenance: announced, in progress, its components under maintenance.
  await svc.ctx.incidents.update(outage, { status: 'resolved', body: { en: 'Posting and timelines work again.', ar: 'عاد النشر والخطوط الزمنية إلى العمل.' } });
  const maintenance = await svc.ctx.incidents.create({
    kind: 'maintenance',
    name: { en: 'Database upgrade', ar: 'ترقية قاعدة البيانات' },
    status: 'in_progress',
    impact: 'maintenance',
    components: ['posting', 'search'],
    scheduledFor: Date.now() - 10 * 60_000,
    scheduledUntil: Date.now() + 50 * 60_000,
    body: { en: 'Scheduled maintenance is in progress.', ar: 'الصيانة المجدولة جارية الآن.' },
  });
  await setAll((id) => (id === 'posting' || id === 'search' ? 'under_maintenance' : 'operational'));
  await shoot('maintenance');

  // After: everything operational, the incidents in the history.
  await svc.ctx.incidents.update(maintenance, { status: 'completed', body: { en: 'Scheduled maintenance is complete.', ar: 'اكتملت الصيانة المجدولة.' } });
  await setAll(() => 'operational');
  await shoot('after');

  await browser.close();
  await svc.stop();
  console.log(`written to ${path.relative(process.cwd(), OUT)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
