// HTML pages: the status page, one incident, and the report form (GET shows it, POST takes it).
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { dailyUptime, listComponents } from '../components/store.js';
import type { StatusContext } from '../context.js';
import { StatusError } from '../http/errors.js';
import { pageLang } from '../http/lang.js';
import { getIncident, listIncidents } from '../incidents/store.js';
import { isCrossSite, originOf } from '../reports/reporter.js';
import { reportStats } from '../reports/store.js';
import { overallStatus } from '../statuspage/presenter.js';
import { renderNotFoundPage } from './not-found-page.js';
import { renderReportPage } from './report-page.js';
import { renderIncidentPage, renderStatusPage } from './status-page.js';

// The page's one script, read once: served as a file so the CSP can forbid inline scripts.
const PAGE_SCRIPT = fs.readFileSync(new URL('./assets/status-page.js', import.meta.url), 'utf8');

const FORM_ERRORS = {
  422: { ar: 'اختر ما الذي لا يعمل، ومنطقة صحيحة إن اخترت واحدة.', en: 'Choose what is not working, and a valid region if you pick one.' },
  429: { ar: 'أرسلت بلاغات كثيرة من اتصالك. شكرًا، وصلتنا!', en: 'Too many reports from your connection. Thank you, we have them!' },
  400: { ar: 'تعذّرت قراءة البلاغ.', en: 'We could not read that report.' },
  403: { ar: 'لا نقبل البلاغات المرسلة من مواقع أخرى. أرسل بلاغك من هذه الصفحة.', en: 'Reports sent from other sites are not accepted. Please report from this page.' },
};

export function webRoutes(app: FastifyInstance, ctx: StatusContext): void {
  app.get('/', async (request, reply) => {
    const lang = pageLang(request);
    const now = ctx.clock();
    const [components, open, past, uptime, reports] = await Promise.all([
      listComponents(ctx.db),
      listIncidents(ctx.db, { unresolved: true }),
      listIncidents(ctx.db, { since: now - 14 * 86_400_000, limit: 30 }),
      dailyUptime(ctx.db, now),
      reportStats(ctx.db, now),
    ]);
    const page = renderStatusPage({
      lang,
      pageName: ctx.page.name,
      appUrl: ctx.config.appPublicUrl,
      overall: overallStatus(components, open, lang),
      components,
      uptime,
      open,
      past: past.filter((i) => i.resolvedAt !== null),
      reports,
      now,
      refreshMs: ctx.config.pageRefreshMs,
      emailSubscriptions: ctx.subscribers.enabled,
      locations: ctx.locations.present(),
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  });

  app.get<{ Params: { id: string } }>('/incidents/:id', async (request, reply) => {
    const lang = pageLang(request);
    // Cut by characters, not UTF-16 units: half an emoji left at the cut makes encodeURIComponent throw.
    const id = Array.from(request.params.id).slice(0, 64).join('');
    const incident = await getIncident(ctx.db, id);
    if (!incident) {
      // A page, not the API's JSON error: whoever followed this link is a person with a browser.
      const page = renderNotFoundPage(`/incidents/${encodeURIComponent(id)}`, lang, 'incident');
      return reply.code(404).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
    }
    const page = renderIncidentPage(incident, lang, ctx.page.name, ctx.clock(), ctx.config.pageRefreshMs);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  });

  app.get('/assets/status-page.js', async (request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(PAGE_SCRIPT),
  );

  app.get('/report', async (request, reply) => reply.type('text/html; charset=utf-8').send(renderReportPage({ lang: pageLang(request) })));

  // The form posts only from this status page itself (Origin / Sec-Fetch-Site), so another site
  // cannot make its visitors file reports.
  const ownOrigins = [originOf(ctx.config.publicUrl)].filter((o): o is string => !!o);
  app.post('/report', async (request, reply) => {
    const lang = pageLang(request);
    try {
      if (isCrossSite(request.headers, ownOrigins)) throw new StatusError(403, 'Reports from other sites are not accepted');
      await ctx.reports.report((request.body ?? {}) as object, { ip: request.ip, headers: request.headers });
      return reply.type('text/html; charset=utf-8').send(renderReportPage({ lang, sent: true }));
    } catch (error) {
      if (!(error instanceof StatusError)) throw error;
      const code = (error.statusCode in FORM_ERRORS ? error.statusCode : 400) as keyof typeof FORM_ERRORS;
      return reply.code(error.statusCode).type('text/html; charset=utf-8').send(renderReportPage({ lang, error: FORM_ERRORS[code][lang] }));
    }
  });
}
