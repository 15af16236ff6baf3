// GET /admin (the admin page, ar/en) and its script. The page is public; what it does goes
// through the admin API, which checks the token on every call.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { pageLang } from '../http/lang.js';
import { renderAdminPage } from './page.js';

const ADMIN_SCRIPT = fs.readFileSync(new URL('../web/assets/admin.js', import.meta.url), 'utf8');

export function adminPageRoutes(app: FastifyInstance): void {
  app.get('/admin', async (request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderAdminPage(pageLang(request))));
  app.get('/assets/admin.js', async (request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(ADMIN_SCRIPT));
}
