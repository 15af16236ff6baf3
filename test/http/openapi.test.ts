// The OpenAPI document is generated from the routes' schemas: it must be a valid document, and
// every operation in it must say what it answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Api } from '../helpers/client.js';

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };

describe('OpenAPI document', () => {
  let server: TestServer;
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

  before(async () => {
    server = await startTestServer();
    const res = await new Api(server.url).get('/api/openapi.json');
    assert.equal(res.status, 200);
    doc = res.body;
  });
  after(() => server.close());

  test('validates against the official OpenAPI schema', async () => {
    const result = await new Validator().validate(doc);
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
    assert.equal(doc.openapi, '3.1.0');
  });

  test('every schema in it is valid JSON Schema 2020-12 and every $ref resolves', () => {
    // OpenAPI 3.1's document schema leaves Schema Objects to their dialect: check them here.
    const ajv = new Ajv2020({ strict: false });
    const problems: string[] = [];
    const visit = (node: unknown, where: string, isSchema: boolean) => {
      if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${where}/${i}`, false));
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (isSchema && !ajv.validateSchema(record)) problems.push(`${where}: ${ajv.errorsText(ajv.errors)}`);
      if (typeof record.$ref === 'string' && !doc.components.schemas[record.$ref.replace('#/components/schemas/', '')]) problems.push(`${where}: dangling ${record.$ref}`);
      for (const [key, value] of Object.entries(record)) visit(value, `${where}/${key}`, key === 'schema');
    };
    visit(doc.paths, '#/paths', false);
    for (const [name, schema] of Object.entries(doc.components.schemas)) visit(schema, `#/components/schemas/${name}`, true);
    assert.deepEqual(problems, []);
  });

  test('every operation declares a success response with a schema, and the error shape', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })));
    assert.ok(operations.length >= 60, `only ${operations.length} operations`);
    const missing: string[] = [];
    for (const { where, op } of operations) {
      const responses = op.responses ?? {};
      // 101 (WebSocket upgrade) and 302 (redirect) carry no body; every other success does.
      const bodies = Object.entries(responses).filter(([code]) => /^2\d\d$/.test(code));
      const upgrades = Object.keys(responses).filter((code) => code === '101');
      if (bodies.length + upgrades.length === 0) missing.push(`${where}: no success response`);
      for (const [code, response] of bodies) {
        const schemas = Object.values(response.content ?? {}).map((media) => media.schema);
        if (schemas.length === 0 || schemas.some((schema) => schema === undefined)) missing.push(`${where}: ${code} has no schema`);
      }
      if (!responses['4XX']?.content?.['application/json']?.schema) missing.push(`${where}: no 4XX error schema`);
    }
    assert.deepEqual(missing, []);
  });

  test('the Mastodon entities are named components', () => {
    for (const name of ['Status', 'Account', 'CredentialAccount', 'Relationship', 'Notification', 'Tag', 'InstanceV1', 'InstanceV2', 'Context', 'SearchResults', 'Markers', 'MediaAttachment', 'Application', 'Token', 'Error']) {
      assert.ok(doc.components.schemas[name], name);
    }
    const home = doc.paths['/api/v1/timelines/home'].get.responses!['200'].content!['application/json'].schema;
    assert.deepEqual(home, { type: 'array', items: { $ref: '#/components/schemas/Status' } });
  });
});
