// Statuspage-compatible read API under /api/v2 and the Atom feed. ?lang=ar gives Arabic names.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listComponents } from '../components/store.js';
import type { StatusContext } from '../context.js';
import { apiLang } from '../http/lang.js';
import type { Lang } from '../i18n.js';
import { isClosed } from '../incidents/model.js';
import { listIncidents } from '../incidents/store.js';
import { atomFeed } from './atom.js';
import { rssFeed } from './rss.js';
import { overallStatus, presentComponents, presentIncident, presentPage } from './presenter.js';

export function statuspageRoutes(app: FastifyInstance, ctx: StatusContext): void {
  const load = async () => {
    const [components, open, recent] = await Promise.all([
      listComponents(ctx.db),
      listIncidents(ctx.db, { unresolved: true }),
      listIncidents(ctx.db, { limit: 50 }),
    ]);
    return { components, open, recent };
  };
  const json = (path: string, build: (lang: Lang, data: Awaited<ReturnType<typeof load>>) => object) => {
    app.get(path, async (request, reply) => {
      // CORS first: an embed on another site must be able to read the 422 for a mistyped lang.
      reply.header('cache-control', 'no-cache').header('access-control-allow-origin', '*');
      const lang = apiLang(request, 'en');
      return build(lang, await load());
    });
  };
  const page = () => presentPage(ctx.page);

  json('/api/v2/summary.json', (lang, { components, open }) => {
    const incidents = open.filter((i) => i.kind !== 'maintenance');
    const maintenances = open.filter((i) => i.kind === 'maintenance');
    return {
      page: page(),
      components: presentComponents(components, ctx.page, lang),
      incidents: incidents.map((i) => presentIncident(i, components, ctx.page, lang)),
      scheduled_maintenances: maintenances.map((i) => presentIncident(i, components, ctx.page, lang)),
      status: overallStatus(components, open, lang),
      // Not in Statuspage's shape: where the probes ran from and what each place saw.
      sirb: { locations: ctx.locations.present() },
    };
  });
  json('/api/v2/status.json', (lang, { components, open }) => ({ page: page(), status: overallStatus(components, open, lang) }));
  json('/api/v2/components.json', (lang, { components }) => ({ page: page(), components: presentComponents(components, ctx.page, lang) }));
  json('/api/v2/incidents.json', (lang, { components, recent }) => ({
    page: page(),
    incidents: recent.filter((i) => i.kind !== 'maintenance').map((i) => presentIncident(i, components, ctx.page, lang)),
  }));
  json('/api/v2/incidents/unresolved.json', (lang, { components, open }) => ({
    page: page(),
    incidents: open.filter((i) => i.kind !== 'maintenance').map((i) => presentIncident(i, components, ctx.page, lang)),
  }));
  json('/api/v2/scheduled-maintenances.json', (lang, { components, recent }) => ({
    page: page(),
    scheduled_maintenances: recent.filter((i) => i.kind === 'maintenance').map((i) => presentIncident(i, components, ctx.page, lang)),
  }));
  json('/api/v2/scheduled-maintenances/upcoming.json', (lang, { components, open }) => ({
    page: page(),
    scheduled_maintenances: open.filter((i) => i.kind === 'maintenance' && i.status === 'scheduled').map((i) => presentIncident(i, components, ctx.page, lang)),
  }));
  json('/api/v2/scheduled-maintenances/active.json', (lang, { components, open }) => ({
    page: page(),
    scheduled_maintenances: open.filter((i) => i.kind === 'maintenance' && !isClosed(i.status) && i.status !== 'scheduled').map((i) => presentIncident(i, components, ctx.page, lang)),
  }));

  // Feeds are Arabic unless ?lang=en, like the page.
  const feedLang = (request: FastifyRequest): Lang => apiLang(request, 'ar');
  app.get('/history.atom', async (request, reply) => {
    const lang = feedLang(request);
    const incidents = await listIncidents(ctx.db, { limit: 50 });
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'no-cache').send(atomFeed(ctx.page, incidents, lang));
  });
  app.get('/history.rss', async (request, reply) => {
    const lang = feedLang(request);
    const incidents = await listIncidents(ctx.db, { limit: 50 });
    return reply.type('application/rss+xml; charset=utf-8').header('cache-control', 'no-cache').send(rssFeed(ctx.page, incidents, lang));
  });
}
