// Every call to the Mastodon API goes through here: bearer token, JSON, errors as ApiError,
// outage detection (network failure, no answer by the deadline, or 5xx), rate limits (429 with
// Retry-After), and the Link header's next page.
import { reportDown, reportUp } from '../state/outage';
import { reportRateLimited } from '../state/rate-limit';
import { session } from '../auth/session';
import { API_DEADLINE_MS, UPLOAD_DEADLINE_MS, withDeadline } from './deadline';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
    /** For a 429: when the server said to try again (ms since the epoch). */
    readonly retryAt?: number,
  ) {
    super(message);
  }
  /** The request may succeed later unchanged: the server was unreachable, failing or busy. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface Page<T> {
  items: T;
  /** Path and query of the next (older) page, from the Link header; null at the end. */
  next: string | null;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  token?: string | null;
  signal?: AbortSignal;
  /** How long to wait for the whole answer (api/deadline.ts); uploads get longer by default. */
  deadlineMs?: number;
}

interface Prefetch {
  path: string;
  token: string;
  response: Promise<Response>;
}

/** The home timeline request index.html started before this script loaded, used at most once. */
function takePrefetch(path: string, method: string, token: string | null | undefined): Promise<Response> | undefined {
  const w = window as unknown as { __sirbPrefetch?: Prefetch };
  const prefetch = w.__sirbPrefetch;
  if (!prefetch || method !== 'GET' || prefetch.path !== path || prefetch.token !== token) return undefined;
  delete w.__sirbPrefetch;
  return prefetch.response;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<{ data: T; res: Response }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const token = options.token === undefined ? session.get()?.token : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const method = options.method ?? 'GET';
  const deadlineMs = options.deadlineMs ?? (body instanceof FormData ? UPLOAD_DEADLINE_MS : API_DEADLINE_MS);
  let res: Response;
  let text: string;
  try {
    // The deadline covers the body too: a server may send its headers and then stall.
    ({ res, text } = await withDeadline(
      deadlineMs,
      async (signal) => {
        const answer = await (takePrefetch(path, method, token) ?? fetch(path, { method, headers, body, signal, cache: 'no-store' }));
        return { res: answer, text: await answer.text() };
      },
      options.signal,
    ));
  } catch (error) {
    if (options.signal?.aborted) throw error;
    reportDown();
    throw new ApiError(0, 'network');
  }
  if (res.status >= 500) {
    reportDown(res.status === 503 ? res.headers.get('retry-after') : null);
    throw new ApiError(res.status, `HTTP ${res.status}`);
  }
  reportUp();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  if (!res.ok) {
    const message = (data as { error?: string } | undefined)?.error ?? `HTTP ${res.status}`;
    if (res.status === 401 && token && token === session.get()?.token) session.set(null);
    const retryAt = res.status === 429 ? reportRateLimited(res.headers.get('retry-after')) : undefined;
    throw new ApiError(res.status, message, data, retryAt);
  }
  return { data: data as T, res };
}

export async function api<T>(path: string, options?: RequestOptions): Promise<T> {
  return (await request<T>(path, options)).data;
}

export async function page<T>(path: string, options?: RequestOptions): Promise<Page<T>> {
  const { data, res } = await request<T>(path, options);
  return { items: data, next: nextLink(res.headers.get('link')) };
}

/** Keeps only path and query: the server writes absolute URLs with its configured public URL. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) {
      const url = new URL(match[1], location.origin);
      return url.pathname + url.search;
    }
  }
  return null;
}

export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}
