// Shared pieces of the filter tests: real Arabic sentences from the seed article, and a filter
// made through the API.
import { readFileSync } from 'node:fs';
import type { TestUser } from '../helpers/client.js';

const article = readFileSync(new URL('../fixtures/seed-article-ar.txt', import.meta.url), 'utf8');

/** A sentence of the article that contains `words` (so tests say which sentence they mean). */
export function sentenceWith(words: string): string {
  const sentence = article
    .split(/(?<=[.!؟?])\s+|\n+/)
    .map((s) => s.trim())
    .find((s) => s.includes(words));
  if (!sentence) throw new Error(`no sentence of the article contains ${words}`);
  return sentence;
}

export interface FilterSpec {
  title?: string;
  context?: string[];
  filter_action?: 'warn' | 'hide' | 'blur';
  expires_in?: number;
  keywords?: { keyword: string; whole_word?: boolean }[];
}

/** Creates a v2 filter for the user; fails the test if the server refuses. */
export async function createFilter(user: TestUser, spec: FilterSpec): Promise<any> {
  const res = await user.api.post('/api/v2/filters', {
    title: spec.title ?? 'مرشح',
    context: spec.context ?? ['home', 'notifications', 'public', 'thread', 'account'],
    filter_action: spec.filter_action ?? 'warn',
    expires_in: spec.expires_in,
    keywords_attributes: (spec.keywords ?? []).map((k) => ({ keyword: k.keyword, whole_word: k.whole_word ?? true })),
  });
  if (res.status !== 200) throw new Error(`filter creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The clause of the article (between commas or stops) that contains `words`: short enough to post. */
export function clauseWith(words: string): string {
  const clause = article
    .split(/[.!؟?،\n]+/)
    .map((s) => s.trim())
    .find((s) => s.includes(words));
  if (!clause) throw new Error(`no clause of the article contains ${words}`);
  return clause;
}
