// A tiny client for the app's public API. Every call has a deadline: a hung app must fail the
// probe, not stall the probe loop.
export class ProbeError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

/**
 * Thrown when a probe cannot meaningfully run yet (no probe account, because the app has no
 * accounts at all). Not a failure: nothing is recorded and the component keeps its status.
 */
export class ProbeSkipped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeSkipped';
  }
}

export interface CallOptions {
  method?: string;
  token?: string;
  json?: unknown;
  form?: Record<string, string>;
  accept?: string;
}

export class AppClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async call(path: string, options: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json', 'user-agent': 'SirbStatusProbe/1.0' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    try {
      return await fetch(new URL(path, this.baseUrl), {
        method: options.method ?? (body ? 'POST' : 'GET'),
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'follow',
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const name = (error as Error).name;
      throw new ProbeError(name === 'TimeoutError' ? `timed out after ${this.timeoutMs} ms` : `unreachable (${cause ?? (error as Error).message})`);
    }
  }

  /** Calls and insists on a 2xx JSON answer. */
  async json<T>(path: string, options: CallOptions = {}): Promise<T> {
    const response = await this.call(path, options);
    const text = await response.text().catch(() => '');
    if (!response.ok) throw new ProbeError(`${options.method ?? (options.json || options.form ? 'POST' : 'GET')} ${path} answered ${response.status}`, response.status);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ProbeError(`${path} answered ${response.status} but not with JSON`, response.status);
    }
  }
}
