// The admin page in a real Chromium, in Arabic and English: sign in with the admin token (a wrong
// one is refused), open an incident from a template, schedule a maintenance, and resolve an
// incident with an update; everything through the admin API the page calls, and each failure
// said in the page's language.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startStatusService, type RunningStatusService } from '../src/main.js';
import { getJson, tempDir, waitFor } from './helpers.js';
import { launchChromium } from './page-fixtures.js';

const ADMIN = 'admin-page-token';
let svc: RunningStatusService;
let browser: Browser;

before(async () => {
  svc = await startStatusService({ port: 0, host: '127.0.0.1', dataDir: tempDir(), appUrl: 'http://127.0.0.1:9', adminToken: ADMIN, logLevel: 'silent', background: false });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await svc?.stop();
});

const unresolved = async () => (await getJson(`${svc.url}/api/v2/incidents/unresolved.json`)).body.incidents as { id: string; name: string; impact: string; components: { id: string }[] }[];

async function signIn(page: Page, lang: 'ar' | 'en'): Promise<void> {
  await page.goto(`${svc.url}/admin?lang=${lang}`);
  await page.waitForSelector('html[data-script="ready"]');
  await page.fill('#token', 'not-the-token');
  await page.click('#token-form button[type="submit"]');
  await page.waitForSelector('#admin-error:not([hidden])');
  assert.match((await page.textContent('#admin-error')) ?? '', lang === 'ar' ? /رُفض الرمز/ : /refused/);
  assert.ok(await page.locator('#admin-app').isHidden());
  await page.fill('#token', ADMIN);
  await page.click('#token-form button[type="submit"]');
  await page.waitForSelector('#admin-app:not([hidden])');
}

describe('admin page', () => {
  it('in Arabic: signs in, opens an incident from a template and resolves it with an update', async () => {
    const template = await getJson(`${svc.url}/api/v1/incident-templates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'قاعدة البيانات', name: 'Database unavailable', name_ar: 'قاعدة البيانات غير متاحة', body: 'Restoring.', body_ar: 'نعيدها إلى العمل.', impact: 'critical', components: ['posting'] }),
    });
    assert.equal(template.status, 201);
    const page = await browser.newPage({ locale: 'ar' });
    await signIn(page, 'ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await page.selectOption('#template', template.body.id);
    assert.equal(await page.inputValue('#name_ar'), 'قاعدة البيانات غير متاحة');
    assert.ok(await page.isChecked('input[name="components"][value="posting"]'));
    await page.click('#incident-form button[type="submit"]');
    await page.waitForSelector('#admin-saved:not([hidden])');
    const open = await waitFor('the incident', async () => (await unresolved()).find((i) => i.name === 'Database unavailable'), 10_000);
    assert.equal(open.impact, 'critical');
    assert.deepEqual(open.components.map((c) => c.id), ['posting']);

    const card = page.locator(`[data-incident="${open.id}"]`);
    await card.waitFor();
    assert.match((await card.textContent()) ?? '', /قاعدة البيانات غير متاحة/);
    await card.locator('select[name="status"]').selectOption('resolved');
    await card.locator('textarea[name="body"]').fill('Back to normal.');
    await card.locator('textarea[name="body_ar"]').fill('عاد كل شيء إلى طبيعته.');
    await card.locator('button[type="submit"]').click();
    await waitFor('resolved', async () => !(await unresolved()).some((i) => i.id === open.id), 10_000);
    await page.waitForSelector(`[data-incident="${open.id}"]`, { state: 'detached' });
    await page.close();
  });

  it('in English: schedules a maintenance in the admin\'s own time zone', async () => {
    const context = await browser.newContext({ timezoneId: 'Asia/Riyadh' });
    const page = await context.newPage();
    await signIn(page, 'en');
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    await page.check('input[name="kind"][value="maintenance"]');
    await page.waitForSelector('#maintenance-times:not([hidden])');
    assert.equal(await page.inputValue('#impact'), 'maintenance');
    await page.fill('#name', 'Database upgrade');
    await page.fill('#name_ar', 'ترقية قاعدة البيانات');
    await page.fill('#body', 'Sirb will be read-only for a while.');
    await page.check('input[name="components"][value="posting"]');
    await page.fill('#scheduled_for', '2030-01-15T02:00');
    await page.fill('#scheduled_until', '2030-01-15T03:30');
    await page.click('#incident-form button[type="submit"]');
    await page.waitForSelector('#admin-saved:not([hidden])');
    const upcoming = (await getJson(`${svc.url}/api/v2/scheduled-maintenances/upcoming.json`)).body.scheduled_maintenances;
    const m = upcoming.find((x: { name: string }) => x.name === 'Database upgrade');
    assert.ok(m, JSON.stringify(upcoming));
    // 02:00 in Riyadh (UTC+3) is 23:00 UTC the day before.
    assert.equal(m.scheduled_for, '2030-01-14T23:00:00.000Z');
    assert.equal(m.scheduled_until, '2030-01-15T00:30:00.000Z');
    await page.locator(`[data-incident="${m.id}"]`).waitFor();
    await context.close();
  });

  it('in Arabic: a maintenance with its times left empty is not sent, and never becomes an open incident', async () => {
    const before = (await unresolved()).length;
    const page = await browser.newPage({ locale: 'ar' });
    await signIn(page, 'ar');
    await page.check('input[name="kind"][value="maintenance"]');
    await page.waitForSelector('#maintenance-times:not([hidden])');
    await page.fill('#name', 'Forgot the times');
    await page.fill('#body', 'Planned work.');
    await page.click('#incident-form button[type="submit"]');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await page.$eval('#scheduled_for', (e) => (e as HTMLInputElement).validity.valueMissing), true, 'the start is asked for');
    assert.equal((await unresolved()).length, before, 'no incident "investigating" a maintenance');
    await page.fill('#scheduled_for', '2031-03-01T10:00');
    await page.click('#incident-form button[type="submit"]');
    assert.equal(await page.$eval('#scheduled_until', (e) => (e as HTMLInputElement).validity.valueMissing), true, 'the end is asked for too');
    await page.fill('#scheduled_until', '2031-03-01T11:00');
    await page.click('#incident-form button[type="submit"]');
    await page.waitForSelector('#admin-saved:not([hidden])');
    // The form is reset to an incident: the hidden start no longer blocks the next one.
    await page.fill('#name', 'Next incident');
    await page.fill('#body', 'Looking.');
    await page.click('#incident-form button[type="submit"]');
    await waitFor('the next incident', async () => (await unresolved()).find((i) => i.name === 'Next incident'), 10_000);
    await page.close();
    // The API says so too, to any other client.
    const direct = await getJson(`${svc.url}/api/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'm', body: 'b', impact: 'maintenance' }),
    });
    assert.equal(direct.status, 422);
    assert.match(direct.body.error, /scheduled_for/);
  });

  it('shows the API\'s errors in the page\'s language, and an unknown one isolated left-to-right', async () => {
    for (const lang of ['ar', 'en'] as const) {
      const page = await browser.newPage({ locale: lang });
      await signIn(page, lang);
      await page.check('input[name="kind"][value="maintenance"]');
      await page.fill('#name', 'Backwards');
      await page.fill('#body', 'Ends before it starts.');
      await page.fill('#scheduled_for', '2032-03-01T11:00');
      await page.fill('#scheduled_until', '2032-03-01T10:00');
      assert.ok(await page.locator('#admin-error').isHidden(), 'the refused token\'s message is gone once signed in');
      await page.click('#incident-form button[type="submit"]');
      await page.waitForSelector('#admin-error:not([hidden])');
      const text = (await page.textContent('#admin-error')) ?? '';
      if (lang === 'ar') {
        assert.equal(text, 'تعذّر الحفظ: يجب أن يأتي وقت الانتهاء بعد وقت البدء.');
      } else {
        assert.equal(text, 'Could not save: The end must come after the start.');
      }
      assert.doesNotMatch(text, /scheduled_until/, 'not the API\'s English');

      // An answer without a code this page knows: the server's text, in its own direction.
      await page.route('**/api/v1/incidents', (route) => route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'Body is not valid JSON' }) }));
      await page.fill('#scheduled_until', '2032-03-01T12:00');
      await page.click('#incident-form button[type="submit"]');
      await page.waitForFunction(() => document.querySelector('#admin-error bdi') !== null);
      assert.equal(await page.$eval('#admin-error bdi', (e) => `${e.getAttribute('dir')} ${e.textContent}`), 'ltr Body is not valid JSON');
      assert.equal(await page.textContent('#admin-error'), `${lang === 'ar' ? 'تعذّر الحفظ' : 'Could not save'}: Body is not valid JSON`);
      await page.close();
    }
  });

  it('says in the page\'s language when the open list cannot be loaded, not the browser\'s "Failed to fetch"', async () => {
    for (const lang of ['ar', 'en'] as const) {
      const page = await browser.newPage({ locale: lang });
      // The status service is unreachable for the list's loads only (the sign-in still works).
      await page.route('**/api/v2/**', (route) => route.abort('failed'));
      await signIn(page, lang);
      await page.waitForSelector('#admin-error:not([hidden])');
      const unreachable = lang === 'ar' ? 'تعذّر الوصول إلى خدمة الحالة.' : 'The status service could not be reached.';
      assert.equal(await page.textContent('#admin-error'), unreachable);

      // A save that went through, then the list failed: both are said, so it is not posted twice.
      await page.fill('#name', `Saved, list unreachable (${lang})`);
      await page.fill('#body', 'Looking.');
      await page.click('#incident-form button[type="submit"]');
      await page.waitForFunction(() => !document.querySelector('#admin-saved')!.hasAttribute('hidden') && !document.querySelector('#admin-error')!.hasAttribute('hidden'));
      assert.equal(await page.textContent('#admin-error'), unreachable);
      await waitFor('the saved incident', async () => (await unresolved()).find((i) => i.name === `Saved, list unreachable (${lang})`), 10_000);

      // An error answer to a load is a failure to load, in the page's language.
      await page.unroute('**/api/v2/**');
      await page.route('**/api/v2/**', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'Internal server error', code: 'internal_error' }) }));
      await page.reload();
      await page.waitForSelector('#admin-error:not([hidden])');
      assert.equal(await page.textContent('#admin-error'), lang === 'ar' ? 'تعذّر التحميل: تعطّلت خدمة الحالة. حاول مرة أخرى.' : 'Could not load: The status service failed. Please try again.');
      await page.close();
    }
  });
});
