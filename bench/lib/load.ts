// autocannon runs against the server under test, with requests spread over many users' tokens.
import { createRequire } from 'node:module';
import autocannon from 'autocannon';

/**
 * autocannon 8 appends every response body to a string (`body += chunk`), i.e. UTF-8-decodes it,
 * even when nothing reads it. For a 34 KB page of Arabic posts that decoding alone saturated the
 * load generator's core at a third of what the server could answer (server at 0.4 of a core,
 * generator at 1.0), so the benchmark measured autocannon, not Sirb. The benchmark never reads
 * bodies (verifyBody/expectBody/onResponse are unused), so the queue's addBody is made a no-op;
 * byte counts, latencies and status codes are recorded elsewhere and are unaffected.
 */
function skipBodyDecoding(): void {
  const queue = createRequire(import.meta.url)('autocannon/lib/pipelinedRequestsQueue.js') as { prototype: { addBody?: unknown } };
  if (typeof queue.prototype.addBody !== 'function') throw new Error('autocannon changed: PipelinedRequestsQueue.addBody is gone; revisit bench/lib/load.ts');
  queue.prototype.addBody = () => {};
}
skipBodyDecoding();

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  bytesPerResponse: number;
}

export interface LoadOptions {
  url: string;
  path: string | (() => string);
  method?: 'GET' | 'POST';
  tokens: string[];
  body?: () => string;
  connections: number;
  seconds: number;
  overallRate?: number;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * What autocannon sends, spread over the users' tokens. Fixed requests are prebuilt, one per
 * token, and each connection cycles through its own share of the users (so concurrent requests
 * are for different users, as they would be, and each request is built once, not per client).
 * Only requests whose path or body changes each time are built per request (setupRequest), which
 * costs the load generator a request build and a deep clone every time: CPU it shares with the
 * server on this machine.
 */
function requestsFor(options: LoadOptions): Record<string, unknown>[] {
  const method = options.method ?? 'GET';
  const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  if (typeof options.path === 'string' && !options.body) {
    return options.tokens.map((token) => ({ method, path: options.path, headers: headers(token) }));
  }
  let i = 0;
  return [
    {
      method,
      setupRequest: (request: Record<string, any>) => {
        const token = options.tokens[i++ % options.tokens.length];
        request.path = typeof options.path === 'function' ? options.path() : options.path;
        request.headers = { ...request.headers, ...headers(token) };
        if (options.body) request.body = options.body();
        return request;
      },
    },
  ];
}

export function load(options: LoadOptions): Promise<LoadResult> {
  return run(options).done;
}

/** Responses completed in one second of a sampled run, ending at `at` (ms since the epoch). */
export interface Sample {
  at: number;
  count: number;
}

export interface SampledLoad {
  /** One per whole second so far. */
  samples: Sample[];
  /** Ends the run (the second under way is not counted). */
  stop(): void;
  done: Promise<LoadResult>;
}

/**
 * A run that lasts until stopped, counting responses second by second, so that a window of it
 * (e.g. while a mass suspension runs) can be read as per-second throughput: its median and the
 * worst second, not only one mean that hides a stall.
 */
export function sampledLoad(options: Omit<LoadOptions, 'seconds'> & { maxSeconds?: number }): SampledLoad {
  const samples: Sample[] = [];
  let count = 0;
  const started = run({ ...options, seconds: options.maxSeconds ?? 3600 }, () => count++);
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    // A late timer (the generator was starved) still yields a per-second figure.
    samples.push({ at: now, count: Math.round((count * 1000) / Math.max(now - last, 1)) });
    count = 0;
    last = now;
  }, 1000);
  const done = started.done.finally(() => clearInterval(timer));
  return {
    samples,
    stop: () => {
      clearInterval(timer);
      started.stop();
    },
    done,
  };
}

function run(options: LoadOptions, onResponse?: () => void): { done: Promise<LoadResult>; stop: () => void } {
  const requests = requestsFor(options);
  let clients = 0;
  let instance: { stop(): void; on(event: string, listener: () => void): void } | undefined;
  const done = new Promise<LoadResult>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        overallRate: options.overallRate,
        requests: requests.slice(0, 1),
        setupClient: (client: { setRequests(requests: Record<string, unknown>[]): void }) => {
          const k = clients++;
          const share = requests.filter((_, j) => j % options.connections === k % options.connections);
          client.setRequests(share.length ? share : [requests[k % requests.length]]);
        },
      },
      (error: Error | null, result: any) => {
        if (error) return reject(error);
        resolve({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          requests: result.requests.total,
          errors: result.errors,
          non2xx: result.non2xx,
          bytesPerResponse: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
        });
      },
    ) as unknown as typeof instance;
  });
  if (onResponse) instance!.on('response', onResponse);
  return { done, stop: () => instance!.stop() };
}
