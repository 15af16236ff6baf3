// Embeddable status badges: GET /badge.svg (an image for READMEs and other sites) and
// GET /badge.json (shields.io's endpoint-badge JSON), for the whole service or ?component=<id>.
import { makeBadge } from 'badge-maker';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { COMPONENT_IDS, isComponentId, type ComponentId } from '../components/catalog.js';
import { listComponents } from '../components/store.js';
import type { StatusContext } from '../context.js';
import { StatusError } from '../http/errors.js';
import { apiLang } from '../http/lang.js';
import type { Lang } from '../i18n.js';
import { listIncidents } from '../incidents/store.js';
import { statusBadge } from './badge.js';

const STYLES = ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social'] as const;
type Style = (typeof STYLES)[number];
// Badges are fetched by other sites and by shields.io's servers: short-lived caching keeps them current.
const CACHE_SECONDS = 60;

interface BadgeQuery {
  component?: string;
  style?: string;
}

function parseQuery(request: FastifyRequest): { component?: ComponentId; lang: Lang; style: Style } {
  const q = (request.query ?? {}) as BadgeQuery;
  if (q.component !== undefined && !isComponentId(q.component)) throw new StatusError(404, `Unknown component; use one of: ${COMPONENT_IDS.join(', ')}`);
  if (q.style !== undefined && !(STYLES as readonly string[]).includes(q.style)) throw new StatusError(422, `style must be one of: ${STYLES.join(', ')}`);
  return { component: q.component as ComponentId | undefined, lang: apiLang(request, 'en'), style: (q.style as Style | undefined) ?? 'flat' };
}

export function badgeRoutes(app: FastifyInstance, ctx: StatusContext): void {
  const load = async (component: ComponentId | undefined, lang: Lang) => {
    const [components, open] = await Promise.all([listComponents(ctx.db), listIncidents(ctx.db, { unresolved: true })]);
    return statusBadge(ctx.page.name, components, open, lang, component);
  };

  app.get('/badge.svg', async (request, reply) => {
    const { component, lang, style } = parseQuery(request);
    const badge = await load(component, lang);
    let svg = makeBadge({ label: badge.label, message: badge.message, color: badge.color, style });
    // badge-maker fits each text to a width from Verdana's Latin metrics with textLength, which
    // browsers meet by spacing letters out: Arabic then loses its joining ("ا ن ق ط ا ع") and
    // spills over the label. Arabic is drawn at its natural width, centred in its box.
    if (lang === 'ar') svg = svg.replace(/ textLength="[\d.]+"/g, '');
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('cache-control', `public, max-age=${CACHE_SECONDS}`)
      // An <img> on any site may show it.
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(svg);
  });

  app.get('/badge.json', async (request, reply) => {
    const { component, lang } = parseQuery(request);
    const badge = await load(component, lang);
    reply.header('cache-control', `public, max-age=${CACHE_SECONDS}`).header('access-control-allow-origin', '*');
    return { schemaVersion: 1, label: badge.label, message: badge.message, color: badge.color, cacheSeconds: CACHE_SECONDS };
  });
}
