// The viewer's relationships with other accounts, shared by the profile page and every post's
// menu, so blocking someone from one place shows as blocked everywhere without a reload. Every
// value comes from the server's answer (a Relationship), never from a guess.
import { useEffect } from 'react';
import { api } from '../../api/client';
import type { Relationship } from '../../api/types';
import { createStore, useStore } from '../../state/store';

const relationships = createStore<ReadonlyMap<string, Relationship>>(new Map());

export function rememberRelationship(rel: Relationship): Relationship {
  const next = new Map(relationships.get());
  next.set(rel.id, rel);
  relationships.set(next);
  return rel;
}

export async function loadRelationship(accountId: string): Promise<Relationship | null> {
  const [rel] = await api<Relationship[]>(`/api/v1/accounts/relationships?id[]=${encodeURIComponent(accountId)}`);
  return rel ? rememberRelationship(rel) : null;
}

/** The relationship with `accountId` (null until loaded); loads it once when `load` is set. */
export function useRelationship(accountId: string | null, load: boolean): Relationship | null {
  const map = useStore(relationships);
  const rel = accountId ? map.get(accountId) ?? null : null;
  useEffect(() => {
    if (load && accountId && !relationships.get().has(accountId)) loadRelationship(accountId).catch(() => {});
  }, [accountId, load]);
  return rel;
}

// Posts of someone just blocked or muted leave the timelines on screen at once (the server
// leaves them out of every later page by itself).
const hiddenListeners = new Set<(accountId: string) => void>();

export function onAccountHidden(listener: (accountId: string) => void): () => void {
  hiddenListeners.add(listener);
  return () => hiddenListeners.delete(listener);
}

async function relationshipAction(accountId: string, action: string, body?: unknown): Promise<Relationship> {
  const rel = rememberRelationship(await api<Relationship>(`/api/v1/accounts/${encodeURIComponent(accountId)}/${action}`, { method: 'POST', body }));
  if (rel.blocking || rel.muting) for (const l of [...hiddenListeners]) l(accountId);
  return rel;
}

export const block = (accountId: string) => relationshipAction(accountId, 'block');
export const unblock = (accountId: string) => relationshipAction(accountId, 'unblock');
/** `duration` in seconds, 0 for a mute without end (Mastodon's parameter). */
export const mute = (accountId: string, notifications: boolean, duration: number) => relationshipAction(accountId, 'mute', { notifications, duration });
export const unmute = (accountId: string) => relationshipAction(accountId, 'unmute');
