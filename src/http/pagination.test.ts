import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setLinkHeader } from './pagination.js';

function linkFor(url: string, ids: number[]): string | undefined {
  let link: string | undefined;
  const reply = { header: (name: string, value: string) => (name === 'Link' ? (link = value) : undefined) };
  setLinkHeader({ url } as FastifyRequest, reply as unknown as FastifyReply, 'https://sirb.example', ids);
  return link;
}

test('next points below the oldest id, prev above the newest', () => {
  assert.equal(
    linkFor('/api/v1/timelines/home', [30, 20, 10]),
    '<https://sirb.example/api/v1/timelines/home?max_id=10>; rel="next", <https://sirb.example/api/v1/timelines/home?min_id=30>; rel="prev"',
  );
});

test('other parameters are kept, old cursors replaced', () => {
  assert.equal(
    linkFor('/api/v1/timelines/public?limit=5&max_id=99&local=true&since_id=1', [8, 7]),
    '<https://sirb.example/api/v1/timelines/public?limit=5&local=true&max_id=7>; rel="next", <https://sirb.example/api/v1/timelines/public?limit=5&local=true&min_id=8>; rel="prev"',
  );
});

test('an encoded Arabic tag stays as it is; raw text and dot segments are normalised', () => {
  assert.match(linkFor('/api/v1/timelines/tag/%D8%B3%D8%B1%D8%A8', [2])!, /^<https:\/\/sirb\.example\/api\/v1\/timelines\/tag\/%D8%B3%D8%B1%D8%A8\?max_id=2>/);
  assert.match(linkFor('/api/v1/timelines/tag/سرب', [2])!, /\/tag\/%D8%B3%D8%B1%D8%A8\?max_id=2>/);
  assert.match(linkFor('/api/v1/x/../timelines/home', [2])!, /^<https:\/\/sirb\.example\/api\/v1\/timelines\/home\?max_id=2>/);
});

test('an empty page has no Link header', () => {
  assert.equal(linkFor('/api/v1/timelines/home', []), undefined);
});
