// What the request log says of a request: Fastify's default fields, with any access_token in the
// URL blanked. (The Authorization header and the WebSocket sub-protocol, the other places a
// token travels, are not logged at all.)
import type { FastifyRequest } from 'fastify';

const REDACTED = '[REDACTED]';
const SECRET_PARAMS = new Set(['access_token']);

function paramName(pair: string): string {
  const raw = pair.split('=', 1)[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const pairs = url.slice(at + 1).split('&').map((pair) => (SECRET_PARAMS.has(paramName(pair)) ? `${pair.split('=', 1)[0]}=${REDACTED}` : pair));
  return `${url.slice(0, at)}?${pairs.join('&')}`;
}

export function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** The app's logger options: the caller's (or the level), with the request serializer above. */
export function loggerOptions(logger: boolean | object | undefined, level: string): false | object {
  if (logger === false) return false;
  const base: { serializers?: object } = typeof logger === 'object' ? logger : { level };
  return { ...base, serializers: { ...base.serializers, req: requestForLog } };
}
