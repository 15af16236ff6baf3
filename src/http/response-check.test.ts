import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { Type } from '@sinclair/typebox';
import { installResponseCheck } from './response-check.js';
import { installErrorHandling } from './error-handler.js';

const Thing = Type.Object({ name: Type.String() }, { additionalProperties: false });

async function appWith(check: boolean, answer: () => unknown) {
  const app = Fastify({ logger: false });
  installErrorHandling(app);
  if (check) installResponseCheck(app);
  app.get('/thing', { schema: { response: { 200: Thing } } }, async (request, reply) => {
    const value = answer();
    if (Buffer.isBuffer(value)) reply.type('application/json; charset=utf-8');
    return value;
  });
  await app.ready();
  return app;
}

test('a response schema drops unknown fields from objects, but bytes are sent as they are', async () => {
  const object = await appWith(false, () => ({ name: 'a', extra: 1 }));
  assert.equal((await object.inject('/thing')).body, '{"name":"a"}');
  const bytes = await appWith(false, () => Buffer.from('{"name":"a","extra":1}'));
  const res = await bytes.inject('/thing');
  assert.equal(res.body, '{"name":"a","extra":1}');
  assert.match(String(res.headers['content-type']), /^application\/json/);
});

test('the check passes answers that match and fails those that do not, objects and bytes alike', async () => {
  for (const answer of [() => ({ name: 'a' }), () => Buffer.from('{"name":"a"}')]) {
    const res = await (await appWith(true, answer)).inject('/thing');
    assert.equal(res.statusCode, 200, res.body);
  }
  for (const answer of [() => ({ name: 'a', extra: 1 }), () => ({ name: 3 }), () => Buffer.from('{"name":"a","extra":1}'), () => Buffer.from('{}')]) {
    const res = await (await appWith(true, answer)).inject('/thing');
    assert.equal(res.statusCode, 500, res.body);
    assert.match(res.json().error, /^Response does not match its schema: GET \/thing \(200\)/);
  }
});
