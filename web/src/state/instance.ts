// The instance's configuration (post length, media limits, status page), fetched once and kept
// in localStorage so the composer and the outage notice work while the API is down.
import { useEffect } from 'react';
import { api } from '../api/client';
import type { Instance } from '../api/types';
import { rememberStatusUrl } from './outage';
import { createStore, readJson, useStore, writeJson } from './store';

const KEY = 'sirb.instance';
export const instance = createStore<Instance | null>(readJson<Instance | null>(KEY, null));
// Kept on this device only: the server renders (and hydration starts) without it.
instance.serverGet = () => null;
let loading: Promise<void> | null = null;

export function loadInstance(): Promise<void> {
  loading ??= api<Instance>('/api/v2/instance', { token: null })
    .then((data) => {
      writeJson(KEY, data);
      instance.set(data);
      rememberStatusUrl(data.configuration?.urls?.status ?? data.status_page_url);
    })
    .catch(() => {
      loading = null;
    });
  return loading;
}

export function useInstance(): Instance | null {
  const value = useStore(instance);
  useEffect(() => {
    void loadInstance();
  }, []);
  return value;
}

export function maxCharacters(value: Instance | null): number {
  return value?.configuration?.statuses?.max_characters ?? 500;
}
