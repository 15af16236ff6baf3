// A small HTTP client and fixture builders (createApp, createUser, createPost) over the public API.
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class Api {
  constructor(readonly baseUrl: string, readonly token?: string) {}

  as(token: string | undefined): Api {
    return new Api(this.baseUrl, token);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (this.token) (init.headers as Record<string, string>).authorization = `Bearer ${this.token}`;
    if (body !== undefined) {
      if (typeof body === 'string' || body instanceof URLSearchParams || body instanceof FormData) {
        init.body = body as BodyInit;
      } else {
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
      }
    }
    const res = await fetch(`${this.baseUrl}${path}`, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON (HTML pages) */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) { return this.request<T>('GET', path); }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) { return this.request<T>('POST', path, body, headers); }
  patch<T = any>(path: string, body?: unknown) { return this.request<T>('PATCH', path, body); }
  delete<T = any>(path: string) { return this.request<T>('DELETE', path); }
}

export interface TestApp {
  clientId: string;
  clientSecret: string;
  appToken: string;
}

export async function createApp(api: Api, scopes = 'read write follow push'): Promise<TestApp> {
  const app = await api.as(undefined).post('/api/v1/apps', { client_name: 'test client', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes });
  if (app.status !== 200) throw new Error(`app registration failed: ${JSON.stringify(app.body)}`);
  const token = await api.as(undefined).post('/oauth/token', {
    grant_type: 'client_credentials', client_id: app.body.client_id, client_secret: app.body.client_secret, scope: scopes,
  });
  if (token.status !== 200) throw new Error(`client_credentials failed: ${JSON.stringify(token.body)}`);
  return { clientId: app.body.client_id, clientSecret: app.body.client_secret, appToken: token.body.access_token };
}

export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  token: string;
  api: Api;
}

let counter = 0;

export async function createUser(api: Api, username?: string, app?: TestApp): Promise<TestUser> {
  const name = username ?? `user${process.pid}_${++counter}`;
  const email = `${name.toLowerCase()}@example.test`;
  const password = 'correct horse battery';
  const registeredWith = app ?? (await createApp(api));
  const res = await api.as(registeredWith.appToken).post('/api/v1/accounts', { username: name, email, password, agreement: true, locale: 'ar' });
  if (res.status !== 200) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  const userApi = api.as(res.body.access_token);
  const me = await userApi.get('/api/v1/accounts/verify_credentials');
  return { id: me.body.id, username: name, email, password, token: res.body.access_token, api: userApi };
}

export async function createPost(user: TestUser, status: string, extra: Record<string, unknown> = {}) {
  const res = await user.api.post('/api/v1/statuses', { status, ...extra });
  if (res.status !== 200) throw new Error(`post failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
