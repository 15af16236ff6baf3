// The rest of Mastodon's instance endpoints: peers (none: Sirb does not federate), weekly
// activity, the extended description and privacy policy, and translation languages (none
// unless a translator is configured, and Sirb has none).
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { responses, type Api } from '../http/schemas.js';

const tags = ['instance'];
const WEEK_MS = 7 * 86_400_000;
const Page = Type.Object({ updated_at: Type.String(), content: Type.String() });

const EXTENDED_DESCRIPTION =
  '<p>سرب منصة تدوين مصغّر مفتوحة المصدر، عربية أولاً، يشغّلها مجتمعها ولا تنطفئ.</p>' +
  '<p>Sirb is an open-source, Arabic-first microblog that a community runs for itself, and that does not go dark.</p>';
const PRIVACY_POLICY =
  '<p>يحفظ هذا الخادم ما تنشره وما يلزم لتسجيل دخولك فقط، ولا يشاركه مع أحد.</p>' +
  '<p>This server keeps what you post and what it needs to sign you in, and shares it with no one.</p>';

export function instanceExtraRoutes(app: Api, ctx: AppContext): void {
  const db = ctx.db.kysely;
  const since = new Date(Date.UTC(2026, 11, 1)).toISOString();

  app.get('/api/v1/instance/peers', { schema: { tags, response: responses({ 200: Type.Array(Type.String()) }) } }, async () => []);

  app.get('/api/v1/instance/activity', { schema: { tags, response: responses({ 200: Type.Array(Type.Object({ week: Type.String(), statuses: Type.String(), logins: Type.String(), registrations: Type.String() })) }) } }, async () => {
    // Twelve weeks, newest first, each starting on a Monday (UTC) as Mastodon's.
    const now = ctx.clock();
    const day = new Date(now);
    const monday = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) - ((day.getUTCDay() + 6) % 7) * 86_400_000;
    const from = monday - 11 * WEEK_MS;
    // Counted per week in SQL: a busy server has far too many rows in twelve weeks to read. Cast:
    // SQLite divides the (real) bound numbers without truncating.
    const week = (column: 'statuses.created_at' | 'accounts.created_at' | 'tokens.created_at') => sql<number>`cast((${sql.ref(column)} - ${from}) / ${WEEK_MS} as integer)`;
    const [statuses, accounts, logins] = await Promise.all([
      db.selectFrom('statuses').select([week('statuses.created_at').as('w'), (eb) => eb.fn.countAll<number>().as('n')]).where('created_at', '>=', from).groupBy('w').execute(),
      db.selectFrom('accounts').select([week('accounts.created_at').as('w'), (eb) => eb.fn.countAll<number>().as('n')]).where('created_at', '>=', from).groupBy('w').execute(),
      // A login is a token issued to an account (sign-in, app authorization) that week.
      db
        .selectFrom('tokens')
        .select([week('tokens.created_at').as('w'), (eb) => eb.fn.count<number>('account_id').distinct().as('n')])
        .where('created_at', '>=', from)
        .where('account_id', 'is not', null)
        .groupBy('w')
        .execute(),
    ]);
    const countIn = (rows: { w: number; n: number }[], w: number) => Number(rows.find((r) => Number(r.w) === w)?.n ?? 0);
    return Array.from({ length: 12 }, (_, i) => {
      const w = 11 - i;
      return {
        week: String(Math.floor((from + w * WEEK_MS) / 1000)),
        statuses: String(countIn(statuses, w)),
        logins: String(countIn(logins, w)),
        registrations: String(countIn(accounts, w)),
      };
    });
  });

  app.get('/api/v1/instance/extended_description', { schema: { tags, response: responses({ 200: Page }) } }, async () => ({ updated_at: since, content: EXTENDED_DESCRIPTION }));
  app.get('/api/v1/instance/privacy_policy', { schema: { tags, response: responses({ 200: Page }) } }, async () => ({ updated_at: since, content: PRIVACY_POLICY }));
  app.get('/api/v1/instance/translation_languages', { schema: { tags, response: responses({ 200: Type.Object({}, { additionalProperties: Type.Array(Type.String()) }) }) } }, async () => ({}));
  app.get('/api/v1/instance/languages', { schema: { tags, response: responses({ 200: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) }) } }, async () => [
    { code: 'ar', name: 'Arabic' },
    { code: 'en', name: 'English' },
  ]);
}
