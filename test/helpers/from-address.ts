// Requests from another source address: the whole of 127.0.0.0/8 is loopback on Linux, so a test
// can be "another client" (127.0.0.2, 127.0.0.3…) and see which address the server believes.
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

export function requestFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | URLSearchParams | object } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.body instanceof URLSearchParams) {
    body = init.body.toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (typeof init.body === 'object') {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  } else {
    body = init.body;
  }
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A random address no one has: what an attacker would put in X-Forwarded-For. */
export function randomIp(): string {
  return Array.from({ length: 4 }, () => 1 + Math.floor(Math.random() * 250)).join('.');
}
