// Web Push on this device (issue 12): the browser's push subscription, made with the server's
// VAPID key, and its twin on the server (POST/PUT/DELETE /api/v1/push/subscription), which
// belongs to the signed-in account's token. Sign-out removes both (auth/oauth.ts).
import { ApiError, api } from './client';
import type { Instance } from './types';

export const ALERTS = ['mention', 'follow', 'follow_request', 'favourite', 'reblog', 'poll', 'status', 'update'] as const;
export type Alert = (typeof ALERTS)[number];
export type Alerts = Record<Alert, boolean>;
export const POLICIES = ['all', 'followed', 'follower', 'none'] as const;
export type Policy = (typeof POLICIES)[number];

export interface ServerSubscription {
  id: string;
  endpoint: string;
  alerts: Partial<Alerts>;
  policy: Policy;
  server_key: string;
}

/** on / off / refused by the browser / impossible in this browser. */
export type PushState = 'on' | 'off' | 'blocked' | 'unsupported';

export function pushSupported(): boolean {
  return typeof window !== 'undefined' && window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** The service worker's registration (main.tsx registers it at load); null if none comes. */
async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!pushSupported()) return null;
  const existing = await navigator.serviceWorker.getRegistration();
  if (existing?.active) return existing;
  // Opened right after load: wait a little for the registration main.tsx started.
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000));
  return Promise.race([navigator.serviceWorker.ready, timeout]);
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

async function vapidKey(): Promise<string> {
  const instance = await api<Instance & { configuration: { vapid?: { public_key?: string } } }>('/api/v2/instance', { token: null });
  const key = instance.configuration.vapid?.public_key;
  if (!key) throw new Error('the server offers no push key');
  return key;
}

export async function serverSubscription(): Promise<ServerSubscription | null> {
  try {
    return await api<ServerSubscription>('/api/v1/push/subscription');
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** What the settings page shows: on only when the browser and the server hold the same subscription. */
export async function pushState(): Promise<{ state: PushState; server: ServerSubscription | null }> {
  if (!pushSupported()) return { state: 'unsupported', server: null };
  if (Notification.permission === 'denied') return { state: 'blocked', server: null };
  const reg = await registration();
  if (!reg) return { state: 'unsupported', server: null };
  const [browser, server] = await Promise.all([reg.pushManager.getSubscription(), serverSubscription()]);
  return { state: browser && server && server.endpoint === browser.endpoint ? 'on' : 'off', server };
}

/** Asks the browser's permission, subscribes with the server's key and registers the subscription. */
export async function enablePush(alerts: Alerts, policy: Policy): Promise<{ state: PushState; server: ServerSubscription | null }> {
  if (!pushSupported()) return { state: 'unsupported', server: null };
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return { state: 'blocked', server: null };
  if (permission !== 'granted') return { state: 'off', server: null };
  const reg = await registration();
  if (!reg) return { state: 'unsupported', server: null };
  // A subscription left from another account or another server key is replaced by a fresh one.
  await (await reg.pushManager.getSubscription())?.unsubscribe();
  const browser = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(await vapidKey()) });
  const json = browser.toJSON();
  const server = await api<ServerSubscription>('/api/v1/push/subscription', {
    method: 'POST',
    body: {
      subscription: { endpoint: browser.endpoint, keys: { p256dh: json.keys?.p256dh, auth: json.keys?.auth }, standard: true },
      data: { alerts, policy },
    },
  });
  return { state: 'on', server };
}

export function updatePush(alerts: Alerts, policy: Policy): Promise<ServerSubscription> {
  return api<ServerSubscription>('/api/v1/push/subscription', { method: 'PUT', body: { data: { alerts, policy } } });
}

/**
 * Ends push on this device: the browser's subscription and the server's (with `token`, so
 * sign-out can call it with the token it is about to revoke). Never throws.
 */
export async function disablePush(token?: string): Promise<void> {
  const reg = pushSupported() ? await navigator.serviceWorker.getRegistration().catch(() => undefined) : undefined;
  await (await reg?.pushManager.getSubscription().catch(() => null))?.unsubscribe().catch(() => false);
  await api<unknown>('/api/v1/push/subscription', { method: 'DELETE', ...(token ? { token } : {}) }).catch(() => {});
}
