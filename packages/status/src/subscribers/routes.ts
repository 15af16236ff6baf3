// Email subscription endpoints: the JSON API and the page's form to subscribe, the confirm and
// unsubscribe links from the emails (unsubscribe asks before it acts on GET, since mail scanners
// follow links; POST, from the page or RFC 8058 one-click, acts), and the admin's list.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { COMPONENT_IDS, isComponentId, type ComponentId } from '../components/catalog.js';
import type { StatusContext } from '../context.js';
import { StatusError } from '../http/errors.js';
import { parseLang, type Lang } from '../i18n.js';
import { isCrossSite, originOf } from '../reports/reporter.js';
import { html, layout, withLang } from '../web/html.js';
import { BAD_LANG, pageLang } from '../http/lang.js';
import { normalizeEmail } from './service.js';
import { listSubscribers } from './store.js';

const SubscribeBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    // ar or en in any case, as ?lang= (parseLang)
    lang: Type.Optional(Type.String({ maxLength: 16 })),
    components: Type.Optional(Type.Array(Type.Union(COMPONENT_IDS.map((s) => Type.Literal(s))), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

const T = {
  title: { ar: 'الاشتراك في التحديثات', en: 'Subscribe to updates' },
  check: { ar: 'أرسلنا رابط تأكيد إلى بريدك إن لم يكن مشتركًا بعد. افتحه لتبدأ التحديثات.', en: 'If this address is not subscribed yet, we sent it a confirmation link. Open it to start receiving updates.' },
  confirmed: { ar: 'تم تأكيد اشتراكك. سنراسلك عند كل حادث أو صيانة.', en: 'Your subscription is confirmed. We will email you about incidents and maintenance.' },
  askUnsubscribe: { ar: 'هل تريد إيقاف رسائل صفحة الحالة إلى هذا البريد؟', en: 'Stop status emails to this address?' },
  unsubscribeButton: { ar: 'إلغاء الاشتراك', en: 'Unsubscribe' },
  unsubscribed: { ar: 'ألغينا اشتراكك. لن نراسلك بعد الآن.', en: 'You are unsubscribed. We will not email you again.' },
  invalid: { ar: 'هذا الرابط غير صالح أو انتهى.', en: 'This link is not valid or no longer works.' },
  back: { ar: 'صفحة الحالة', en: 'Status page' },
  unavailable: { ar: 'الاشتراك بالبريد غير متاح في هذه الصفحة.', en: 'Email subscriptions are not available on this page.' },
  badEmail: { ar: 'اكتب عنوان بريد إلكتروني صحيحًا.', en: 'Please enter a valid email address.' },
  tooMany: { ar: 'طلبات اشتراك كثيرة الآن. حاول لاحقًا.', en: 'Too many subscriptions right now. Please try later.' },
  crossSite: { ar: 'لا نقبل طلبات من مواقع أخرى.', en: 'Requests from other sites are not accepted.' },
};

function messagePage(lang: Lang, path: string, message: string, extra = html``, role: 'status' | 'alert' = 'status'): string {
  const body = html`<header class="top"><h1>${T.title[lang]}</h1><nav><a href="${withLang('/', lang)}">${T.back[lang]}</a></nav></header>
<p class="notice ${role === 'alert' ? 'err' : 'ok'}" role="${role}" id="subscription-message">${message}</p>${extra}`;
  return layout({ lang, title: T.title[lang], body, otherLangHref: withLang(path, lang === 'ar' ? 'en' : 'ar') });
}

const tokenOf = (request: FastifyRequest) => {
  const t = (request.query as { token?: unknown } | undefined)?.token;
  return typeof t === 'string' && t.length <= 128 ? t : '';
};

export function subscriberRoutes(app: FastifyInstance, ctx: StatusContext): void {
  const subscribers = ctx.subscribers;
  app.post<{ Body: Static<typeof SubscribeBody> }>('/api/v1/subscribers', { schema: { body: SubscribeBody } }, async (request, reply) => {
    const b = request.body;
    const lang = parseLang(b.lang);
    if (lang === null) throw new StatusError(422, BAD_LANG);
    await subscribers.subscribe(normalizeEmail(b.email), lang ?? 'en', [...new Set(b.components ?? [])]);
    return reply.code(202).send({ ok: true });
  });

  const ownOrigins = [originOf(ctx.config.publicUrl)].filter((o): o is string => !!o);
  app.post('/subscribe', async (request, reply) => {
    const lang = pageLang(request);
    const form = (request.body ?? {}) as { email?: unknown; components?: unknown };
    const send = (code: number, message: string, role: 'status' | 'alert' = 'alert') => reply.code(code).type('text/html; charset=utf-8').send(messagePage(lang, '/', message, html``, role));
    try {
      if (isCrossSite(request.headers, ownOrigins)) throw new StatusError(403, 'cross-site');
      const picked = [form.components].flat().filter(isComponentId) as ComponentId[];
      await subscribers.subscribe(normalizeEmail(form.email), lang, [...new Set(picked)]);
      return send(200, T.check[lang], 'status');
    } catch (error) {
      if (!(error instanceof StatusError)) throw error;
      const message = error.statusCode === 422 ? T.badEmail : error.statusCode === 429 ? T.tooMany : error.statusCode === 503 ? T.unavailable : T.crossSite;
      return send(error.statusCode, message[lang]);
    }
  });

  app.get('/subscribers/confirm', async (request, reply) => {
    const lang = pageLang(request);
    const s = await subscribers.confirm(tokenOf(request));
    const l = s?.lang ?? lang;
    return reply.code(s ? 200 : 404).type('text/html; charset=utf-8').send(messagePage(l, '/', s ? T.confirmed[l] : T.invalid[l], html``, s ? 'status' : 'alert'));
  });

  app.get('/subscribers/unsubscribe', async (request, reply) => {
    const lang = pageLang(request);
    const token = tokenOf(request);
    const form = html`<form method="post" action="/subscribers/unsubscribe?token=${encodeURIComponent(token)}&amp;lang=${lang}"><button type="submit" id="unsubscribe">${T.unsubscribeButton[lang]}</button></form>`;
    return reply.type('text/html; charset=utf-8').send(messagePage(lang, '/', T.askUnsubscribe[lang], form));
  });

  app.post('/subscribers/unsubscribe', async (request, reply) => {
    const lang = pageLang(request);
    const s = await subscribers.unsubscribe(tokenOf(request));
    const l = s?.lang ?? lang;
    return reply.code(s ? 200 : 404).type('text/html; charset=utf-8').send(messagePage(l, '/', s ? T.unsubscribed[l] : T.invalid[l], html``, s ? 'status' : 'alert'));
  });

  app.get('/api/v1/subscribers', async (request) => {
    await ctx.admin.require(request);
    return (await listSubscribers(ctx.db)).map((s) => ({ id: s.id, email: s.email, lang: s.lang, components: s.components, confirmed_at: s.confirmedAt === null ? null : new Date(s.confirmedAt).toISOString(), created_at: new Date(s.createdAt).toISOString() }));
  });
}
