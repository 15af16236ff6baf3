// Where an account's unsent words live in localStorage: drafts and the outbox are keyed by the
// account and the instance, so on a shared computer one person's draft never shows up in the
// next person's composer, and signing out can remove exactly that account's words.
import type { Session } from '../auth/session';

/** Whose words a key holds: account id @ instance (this origin's host). */
export function ownerOf(session: Session | null): string | null {
  return session ? `${session.accountId}@${location.host}` : null;
}

export const outboxKey = (owner: string) => `sirb.outbox.${owner}`;
export const draftKey = (owner: string, scope: string) => `sirb.draft.${owner}.${scope}`;

function keys(): string[] {
  try {
    return Object.keys(localStorage);
  } catch {
    return [];
  }
}

function remove(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    /* storage disabled: nothing was kept */
  }
}

/** Removes every draft and queued post of this account from the device (on sign-out). */
export function forgetWords(session: Session): void {
  const owner = ownerOf(session)!;
  remove(outboxKey(owner));
  for (const key of keys()) if (key.startsWith(`sirb.draft.${owner}.`)) remove(key);
}

/**
 * Storage written before keys had owners: queued posts name their account, so they move to it;
 * drafts do not say whose they are, and could be the previous person's, so they are dropped.
 */
export function migrateLegacyStorage(): void {
  try {
    const legacy = localStorage.getItem('sirb.outbox');
    if (legacy !== null) {
      for (const item of JSON.parse(legacy) as { accountId?: string }[]) {
        if (!item.accountId) continue;
        const key = outboxKey(`${item.accountId}@${location.host}`);
        localStorage.setItem(key, JSON.stringify([...(JSON.parse(localStorage.getItem(key) ?? '[]') as unknown[]), item]));
      }
      localStorage.removeItem('sirb.outbox');
    }
  } catch {
    remove('sirb.outbox');
  }
  for (const key of keys()) if (key.startsWith('sirb.draft.') && !key.slice('sirb.draft.'.length).split('.')[0].includes('@')) remove(key);
}
