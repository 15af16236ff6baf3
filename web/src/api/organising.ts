// Lists, followed hashtags and pins: the calls the organising screens make (Mastodon's API).
import { api } from './client';
import type { Account, Status, Tag } from './types';

export type RepliesPolicy = 'followed' | 'list' | 'none';

export interface List {
  id: string;
  title: string;
  replies_policy: RepliesPolicy;
  /** Members' posts show only in the list, not in home. */
  exclusive: boolean;
}

export interface ListInput {
  title: string;
  replies_policy: RepliesPolicy;
  exclusive: boolean;
}

export const lists = {
  all: () => api<List[]>('/api/v1/lists'),
  get: (id: string) => api<List>(`/api/v1/lists/${id}`),
  create: (input: ListInput) => api<List>('/api/v1/lists', { method: 'POST', body: input }),
  update: (id: string, input: Partial<ListInput>) => api<List>(`/api/v1/lists/${id}`, { method: 'PUT', body: input }),
  remove: (id: string) => api<unknown>(`/api/v1/lists/${id}`, { method: 'DELETE' }),
  /** limit=0: every member (Mastodon's way of asking for the whole list). */
  members: (id: string) => api<Account[]>(`/api/v1/lists/${id}/accounts?limit=0`),
  addMember: (id: string, accountId: string) => api<unknown>(`/api/v1/lists/${id}/accounts`, { method: 'POST', body: { account_ids: [accountId] } }),
  removeMember: (id: string, accountId: string) => api<unknown>(`/api/v1/lists/${id}/accounts`, { method: 'DELETE', body: { account_ids: [accountId] } }),
  /** The reader's lists that hold this account. */
  holding: (accountId: string) => api<List[]>(`/api/v1/accounts/${accountId}/lists`),
};

/** Accounts the reader follows whose name or handle matches (to add to a list). */
export function searchFollowed(q: string): Promise<Account[]> {
  return api<Account[]>(`/api/v1/accounts/search?q=${encodeURIComponent(q)}&following=true&resolve=false&limit=10`);
}

export type FollowedTag = Tag & { following?: boolean };

export const tags = {
  get: (name: string) => api<FollowedTag>(`/api/v1/tags/${encodeURIComponent(name)}`),
  follow: (name: string) => api<FollowedTag>(`/api/v1/tags/${encodeURIComponent(name)}/follow`, { method: 'POST' }),
  unfollow: (name: string) => api<FollowedTag>(`/api/v1/tags/${encodeURIComponent(name)}/unfollow`, { method: 'POST' }),
};

export function pin(status: Status, on: boolean): Promise<Status> {
  return api<Status>(`/api/v1/statuses/${status.id}/${on ? 'pin' : 'unpin'}`, { method: 'POST' });
}
