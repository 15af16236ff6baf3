// A small local web site whose pages a test sets, counting what was asked of it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Page {
  status?: number;
  body?: string | Buffer;
  type?: string;
  location?: string;
  /** Never answers (a hung server). */
  hang?: boolean;
}

export const SITE_NAME = 'cards.sirb-test.com';
export const OTHER_NAME = 'intranet.sirb-test.com';
/** What the tests pin both names to (as curl's --resolve): this machine. */
export const PINNED = { [SITE_NAME]: '127.0.0.1', [OTHER_NAME]: '127.0.0.1' };

export function site() {
  const pages = new Map<string, Page>();
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const page = pages.get(req.url ?? '') ?? { status: 404, body: 'no' };
    if (page.hang) return;
    const headers: Record<string, string> = page.location ? { location: page.location } : { 'content-type': page.type ?? 'text/html; charset=utf-8' };
    res.writeHead(page.status ?? (page.location ? 302 : 200), headers);
    res.end(page.body ?? '');
  });
  return {
    pages,
    hits,
    server,
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
    port: () => (server.address() as AddressInfo).port,
    /** The origin under a name (pinned to 127.0.0.1 by SIRB_CARDS_RESOLVE in the tests): twitter-text links only names with a real TLD. */
    host: (name = SITE_NAME) => `${name}:${(server.address() as AddressInfo).port}`,
    url: (path = '', name = SITE_NAME) => `http://${name}:${(server.address() as AddressInfo).port}${path}`,
  };
}
