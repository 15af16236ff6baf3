// One check per component, each a real request through the app's public Mastodon API. A check
// resolves when the component works and throws a ProbeError saying what went wrong otherwise.
// Every request carries the probe account's token once there is one, even where the app would
// answer without: the app then counts the probe against its own account's allowance, never
// against an address's, so nobody can starve the probe by spending "its" address's requests.
import type { ComponentId } from '../components/catalog.js';
import { AppClient, ProbeError, ProbeSkipped } from './http.js';
import { probeStreamDelivery } from './streaming.js';

export interface CheckContext {
  client: AppClient;
  /** The token from this cycle's sign-in, or the last good one when sign-in itself failed. */
  token: string | undefined;
  /** True while there is deliberately no probe account yet (see ProbeSkipped). */
  accountPending: boolean;
  timeoutMs: number;
}

type Check = (ctx: CheckContext) => Promise<void>;

function needToken(ctx: CheckContext): string {
  if (!ctx.token && ctx.accountPending) throw new ProbeSkipped('no probe account yet');
  if (!ctx.token) throw new ProbeError('no probe account token (sign-in has not worked yet)');
  return ctx.token;
}

export const CHECKS: Record<Exclude<ComponentId, 'sign_in'>, Check> = {
  async website({ client, token }) {
    const response = await client.call('/', { accept: 'text/html', token });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new ProbeError(`GET / answered ${response.status}`, response.status);
  },

  async api({ client, token }) {
    const instance = await client.json<{ domain?: string; uri?: string }>('/api/v2/instance', { token });
    if (!instance.domain && !instance.uri) throw new ProbeError('instance answer has no domain');
  },

  async posting(ctx) {
    const token = needToken(ctx);
    // Followers-only, and the probe account has no followers: nobody sees these posts.
    const status = await ctx.client.json<{ id?: string }>('/api/v1/statuses', {
      token,
      json: { status: `Status probe ${new Date().toISOString()}`, visibility: 'private' },
    });
    if (!status.id) throw new ProbeError('posting answered without an id');
    await ctx.client.json(`/api/v1/statuses/${encodeURIComponent(status.id)}`, { method: 'DELETE', token });
  },

  async timelines(ctx) {
    const items = await ctx.client.json<unknown>('/api/v1/timelines/home?limit=5', { token: needToken(ctx) });
    if (!Array.isArray(items)) throw new ProbeError('home timeline is not a list');
  },

  async search(ctx) {
    const result = await ctx.client.json<{ accounts?: unknown; statuses?: unknown }>('/api/v2/search?q=status&limit=5', { token: needToken(ctx) });
    if (!Array.isArray(result.accounts) || !Array.isArray(result.statuses)) throw new ProbeError('search answer is malformed');
  },

  async notifications(ctx) {
    const token = needToken(ctx);
    const items = await ctx.client.json<unknown>('/api/v1/notifications?limit=5', { token });
    if (!Array.isArray(items)) throw new ProbeError('notifications is not a list');
    await probeStreamDelivery(ctx.client, token, ctx.timeoutMs);
  },
};
