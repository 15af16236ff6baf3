// Issues 12 and 15: the web app uses the server's edits (PUT /api/v1/statuses/:id, /source,
// /history), polls (poll with a post, votes) and scheduled posts (scheduled_at,
// /api/v1/scheduled_statuses) — in Arabic (RTL) and English, against a real server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Api, createPost, createUser, type TestUser } from '../helpers/client.js';
import { Sirb, artifacts, signedInContext, closeWebRig, startWebRig, type WebRig } from './harness.js';

let sirb: Sirb;
let front: WebRig['front'];
let browser: Browser;
let writer: TestUser;
let reader: TestUser;
const contexts: BrowserContext[] = [];

before(async () => {
  ({ sirb, front, browser } = await startWebRig());
  const api = new Api(sirb.url);
  writer = await createUser(api);
  reader = await createUser(api);
  await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await closeWebRig({ sirb, front, browser });
});

async function open(user: TestUser, lang: 'ar' | 'en'): Promise<Page> {
  const context = await signedInContext(browser, user, lang);
  contexts.push(context);
  return context.newPage();
}

function card(page: Page, text: string): Locator {
  return page.locator('article.status', { hasText: text }).first();
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.waitForFunction(() => document.fonts.status === 'loaded', null, { timeout: 3000, polling: 100 }).catch(() => {});
  await page.screenshot({ path: path.join(artifacts, `posting-${name}.png`) });
}

/** `hours` from now on the browser's clock, as typed in a datetime-local field, and as ISO. */
async function localTime(page: Page, hours: number): Promise<{ value: string; iso: string }> {
  // Plain values only cross into the page (no helper functions: the test runner renames them).
  const [y, mo, d, h, mi, iso] = await page.evaluate((ms) => {
    const at = new Date(Date.now() + ms);
    at.setSeconds(0, 0);
    return [at.getFullYear(), at.getMonth() + 1, at.getDate(), at.getHours(), at.getMinutes(), at.toISOString()] as const;
  }, hours * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { value: `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}`, iso };
}

test('edit one’s own post from its menu: the new text in place, "edited" with the time, the history (Arabic, RTL)', async () => {
  const posted = await createPost(writer, 'النص الأول قبل التعديل', { spoiler_text: 'تنبيه قديم' });
  const page = await open(writer, 'ar');
  await page.goto(`${front.origin}/`);
  const post = page.locator(`article.status[data-status-id="${posted.id}"]`);
  await post.waitFor();
  assert.equal(await post.locator('.edited-mark').count(), 0, 'not edited yet');

  await post.locator('.post-menu .menu-toggle').click();
  const edit = post.locator('[role=menu] [data-action=edit]');
  assert.equal(await edit.textContent(), 'عدّل');
  await edit.click();
  const composer = post.locator('form.composer.editing');
  await composer.waitFor();
  assert.equal(await composer.getAttribute('aria-label'), 'تعديل منشورك');
  // Pre-filled from GET /source: the text as typed and the content warning.
  const box = composer.locator('textarea');
  await page.waitForFunction((id) => document.querySelector<HTMLTextAreaElement>(`article[data-status-id="${id}"] form.editing textarea`)?.value === 'النص الأول قبل التعديل', posted.id, { polling: 100 });
  assert.equal(await composer.locator('input.spoiler-input').inputValue(), 'تنبيه قديم');
  // Nothing but text and warning changes in an edit: no poll, schedule or image buttons.
  assert.equal(await composer.locator('.poll-toggle, .schedule-toggle').count(), 0);
  await box.fill('النص بعد التعديل مع كلمة English');
  await composer.locator('input.spoiler-input').fill('تنبيه جديد');
  await shot(page, 'edit-composer-ar');
  await composer.locator('button[type=submit]').click();
  await composer.waitFor({ state: 'detached' });

  // The card changed in place (same element, no reload), with "edited" and when.
  assert.equal(await post.locator('.spoiler-text').textContent(), 'تنبيه جديد');
  await post.locator('button.spoiler-toggle').click();
  assert.match((await post.locator('.status-content').textContent()) ?? '', /النص بعد التعديل مع كلمة English/);
  const mark = post.locator('button.edited-mark');
  assert.match((await mark.textContent()) ?? '', /^معدَّل · /);
  const server = (await writer.api.get(`/api/v1/statuses/${posted.id}`)).body;
  assert.ok(server.edited_at, 'the server has it edited');
  assert.equal(await mark.locator('time').getAttribute('datetime'), server.edited_at);
  assert.match((await mark.getAttribute('title')) ?? '', /^عُدِّل /);

  await mark.click();
  const dialog = page.locator('dialog.edit-history');
  await dialog.waitFor();
  assert.equal(await dialog.locator('h2').textContent(), 'سجل التعديلات');
  const revisions = dialog.locator('li.edit-revision');
  await page.waitForFunction(() => document.querySelectorAll('dialog.edit-history li.edit-revision').length === 2, null, { polling: 100 });
  // Newest first; the original last, named so.
  assert.match((await revisions.nth(0).textContent()) ?? '', /النص بعد التعديل/);
  assert.match((await revisions.nth(1).textContent()) ?? '', /النص الأول قبل التعديل/);
  assert.match((await revisions.nth(1).locator('.edit-revision-head').textContent()) ?? '', /^الأصل · /);
  assert.equal(await revisions.nth(1).locator('.spoiler-text').textContent(), 'تنبيه قديم');
  assert.equal(await dialog.evaluate((el) => getComputedStyle(el).direction), 'rtl');
  await shot(page, 'edit-history-ar');
  await dialog.locator('.dialog-actions button').click();
  await dialog.waitFor({ state: 'detached' });
});

test('create a poll in the composer; another reader votes and sees the results; the author cannot vote (English)', async () => {
  const author = await open(writer, 'en');
  await author.goto(`${front.origin}/`);
  const composer = author.locator('form.composer').first();
  await composer.waitFor();
  await composer.locator('textarea').fill('Which fruit is best? أي فاكهة أفضل؟');
  await composer.locator('button.poll-toggle').click();
  const options = composer.locator('input.poll-option-input');
  // The poll editor's code loads when the poll is added.
  await options.first().waitFor();
  assert.equal(await options.count(), 2);
  await options.nth(0).fill('Dates تمر');
  await options.nth(1).fill('Figs');
  await composer.locator('button.poll-add-option').click();
  await options.nth(2).fill('Grapes');
  await composer.locator('select.poll-duration').selectOption('3600');
  assert.deepEqual(await composer.locator('select.poll-duration option').allTextContents(), ['5 minutes', '30 minutes', '1 hour', '6 hours', '1 day', '3 days', '7 days']);
  await shot(author, 'poll-composer-en');
  await composer.locator('button[type=submit]').click();
  await composer.locator('.compose-message', { hasText: 'Posted.' }).waitFor();

  const statuses = (await writer.api.get(`/api/v1/accounts/${writer.id}/statuses`)).body;
  const withPoll = statuses.find((s: any) => s.poll);
  assert.ok(withPoll, 'posted with a poll');
  assert.deepEqual(withPoll.poll.options.map((o: any) => o.title), ['Dates تمر', 'Figs', 'Grapes']);
  assert.equal(withPoll.poll.multiple, false);
  const ends = Date.parse(withPoll.poll.expires_at) - Date.parse(withPoll.created_at);
  assert.ok(Math.abs(ends - 3600_000) < 60_000, `runs one hour (${withPoll.poll.expires_at})`);

  // The author sees results, never a ballot.
  await author.reload();
  const own = card(author, 'Which fruit is best?');
  await own.locator('.poll-results').waitFor();
  assert.equal(await own.locator('form.poll').count(), 0);

  const page = await open(reader, 'en');
  await page.goto(`${front.origin}/`);
  const post = card(page, 'Which fruit is best?');
  const ballot = post.locator('form.poll');
  await ballot.waitFor();
  assert.equal(await ballot.locator('input[type=radio]').count(), 3);
  assert.ok(await ballot.locator('button.poll-vote').isDisabled(), 'nothing chosen yet');
  assert.match((await ballot.locator('.poll-footer').textContent()) ?? '', /^0 votes · Ends /);
  await ballot.locator('label.poll-choice', { hasText: 'Figs' }).click();
  await shot(page, 'poll-ballot-en');
  await ballot.locator('button.poll-vote').click();

  const results = post.locator('.poll-results');
  await results.waitFor();
  const rows = results.locator('li.poll-result');
  assert.equal(await rows.count(), 3);
  assert.equal(await rows.nth(1).locator('.poll-percent').textContent(), '100%');
  assert.equal(await rows.nth(0).locator('.poll-percent').textContent(), '0%');
  assert.match((await rows.nth(1).getAttribute('class')) ?? '', /own/);
  assert.equal(await results.locator('.poll-total').textContent(), '1 vote');
  const bar = await rows.nth(1).locator('.poll-bar > span').evaluate((el) => el.getBoundingClientRect().width / el.parentElement!.getBoundingClientRect().width);
  assert.ok(Math.abs(bar - 1) < 0.02, `the chosen option's bar is full (${bar})`);
  await shot(page, 'poll-results-en');

  const poll = (await reader.api.get(`/api/v1/polls/${withPoll.poll.id}`)).body;
  assert.equal(poll.votes_count, 1);
  assert.deepEqual(poll.own_votes, [1]);
  // The author's page now shows the vote too.
  await author.reload();
  await card(author, 'Which fruit is best?').locator('.poll-total', { hasText: '1 vote' }).waitFor();
});

test('a poll that hides its totals shows no counts, and an ended poll says "انتهى" (Arabic)', async () => {
  await createPost(writer, 'استطلاع بنتائج مخفية', { poll: { options: ['نعم', 'لا'], expires_in: 3600, hide_totals: true, multiple: true } });
  const page = await open(reader, 'ar');
  await page.goto(`${front.origin}/`);
  const post = card(page, 'استطلاع بنتائج مخفية');
  const ballot = post.locator('form.poll');
  await ballot.waitFor();
  assert.equal(await ballot.locator('input[type=checkbox]').count(), 2, 'several choices: checkboxes');
  await ballot.locator('label.poll-choice').nth(0).click();
  await ballot.locator('label.poll-choice').nth(1).click();
  await ballot.locator('button.poll-vote').click();
  const results = post.locator('.poll-results');
  await results.waitFor();
  assert.equal(await results.locator('.poll-percent').count(), 0, 'no counts while hidden');
  assert.equal(await results.locator('.poll-hidden-note').textContent(), 'تظهر النتائج حين ينتهي الاستطلاع.');
  assert.match((await results.locator('.poll-total').textContent()) ?? '', /^شخص واحد$/);

  // Ended: moved into the past by hand (polls run at least five minutes), in a unit of work
  // whose event evicts the rendered status, as any write changing a poll does.
  const status = (await reader.api.get(`/api/v1/accounts/${writer.id}/statuses`)).body.find((s: any) => s.content.includes('استطلاع بنتائج مخفية'));
  await sirb.server!.ctx.write(async (tx) => {
    await tx.updateTable('polls').set({ expires_at: Date.now() - 1000 }).where('id', '=', Number(status.poll.id)).execute();
    tx.emit({ type: 'status.changed', statusId: Number(status.id), poll: true });
  });
  assert.equal((await reader.api.get(`/api/v1/polls/${status.poll.id}`)).body.expired, true);
  await page.reload();
  const closed = card(page, 'استطلاع بنتائج مخفية').locator('.poll-results');
  await closed.locator('.poll-closed').waitFor();
  assert.equal(await closed.locator('.poll-closed').textContent(), 'انتهى');
  // Arabic percentages carry direction marks around the sign (Intl): compared without them.
  assert.equal((await closed.locator('.poll-percent').first().textContent())?.replace(/[\u200e\u200f\u061c]/g, ''), '100%');
  await shot(page, 'poll-closed-ar');
});

test('schedule a post in local time; it is listed, rescheduled and cancelled on "Scheduled posts" (English)', async () => {
  const page = await open(writer, 'en');
  await page.goto(`${front.origin}/`);
  const composer = page.locator('form.composer').first();
  await composer.waitFor();
  await composer.locator('textarea').fill('Good morning, scheduled صباح الخير');
  await composer.locator('button.schedule-toggle').click();
  const field = composer.locator('input.schedule-input');
  // Two hours from now on the reader's clock, typed as a person would.
  const { value, iso } = await localTime(page, 2);
  await field.fill(value);
  assert.equal(await composer.locator('button[type=submit]').textContent(), 'Schedule');
  await shot(page, 'schedule-composer-en');
  await composer.locator('button[type=submit]').click();
  const message = composer.locator('.compose-message');
  await message.waitFor();
  assert.match((await message.textContent()) ?? '', /^Scheduled for /);

  const listed = (await writer.api.get('/api/v1/scheduled_statuses')).body;
  assert.equal(listed.length, 1);
  assert.equal(listed[0].scheduled_at, iso);
  assert.equal(listed[0].params.text, 'Good morning, scheduled صباح الخير');
  const mine = (await writer.api.get(`/api/v1/accounts/${writer.id}/statuses`)).body;
  assert.ok(!mine.some((s: any) => s.content.includes('Good morning, scheduled')), 'not posted now');

  await message.locator('a', { hasText: 'See scheduled posts' }).click();
  await page.waitForURL(`${front.origin}/settings/scheduled`);
  const row = page.locator('li.scheduled-item');
  await row.waitFor();
  assert.equal(await row.locator('.scheduled-text').textContent(), 'Good morning, scheduled صباح الخير');
  assert.equal(await row.locator('time').getAttribute('datetime'), iso);
  assert.match((await row.locator('.scheduled-when').textContent()) ?? '', /^Will be posted /);
  await page.locator('.settings-nav a[aria-current=page]', { hasText: 'Scheduled posts' }).waitFor();
  await shot(page, 'scheduled-list-en');

  // Reschedule: one more hour.
  await row.locator('button.reschedule').click();
  const later = await localTime(page, 3);
  await row.locator('input.schedule-input').fill(later.value);
  await row.locator('button.save-time').click();
  await row.locator(`time[datetime="${later.iso}"]`).waitFor();
  assert.equal((await writer.api.get('/api/v1/scheduled_statuses')).body[0].scheduled_at, later.iso);

  await row.locator('button.cancel-scheduled').click();
  await page.locator('li.scheduled-item').waitFor({ state: 'detached' });
  assert.equal(await page.locator('main p.muted', { hasText: 'No scheduled posts.' }).count(), 1);
  assert.deepEqual((await writer.api.get('/api/v1/scheduled_statuses')).body, []);
});

test('"Scheduled posts" in Arabic: mirrored, dates per locale', async () => {
  const at = new Date(Date.now() + 5 * 3600_000).toISOString();
  await createPost(writer, 'منشور مجدول بالعربية', { scheduled_at: at });
  const page = await open(writer, 'ar');
  await page.goto(`${front.origin}/settings/scheduled`);
  const row = page.locator('li.scheduled-item');
  await row.waitFor();
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.match((await row.locator('.scheduled-when').textContent()) ?? '', /^يُنشر في /);
  assert.equal(await row.locator('button.cancel-scheduled').textContent(), 'ألغِ هذا المنشور');
  assert.equal(await page.locator('h1').textContent(), 'المنشورات المجدولة');
  await shot(page, 'scheduled-list-ar');
});
