// Input schemas every domain shares, and the typed app the routes are declared on. A route's
// schemas are the single source of its validation, its handler's types (Fastify's TypeBox type
// provider) and its OpenAPI description.
//
// Mastodon clients send one thing many ways: JSON, urlencoded and multipart bodies (folded into
// one object by body-parsing.ts), `ids[]=1`, numbers as strings, booleans as "true", "1" or
// "on". Ajv (configured in app.ts: coerceTypes "array") turns strings into the numbers and
// booleans JSON Schema can, and single values into one-item arrays; FLAG_KEYWORD does what ajv
// cannot, so handlers receive plain typed values.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ErrorEntity } from './entities/common.js';

/** The app as routes see it: request and reply types come from the route's TypeBox schemas. */
export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/**
 * Ids travel as strings of digits, as on Mastodon. A path id that does not match cannot exist,
 * so the error handler answers it 404 like an unknown one.
 */
export const Id = Type.String({ pattern: '^[0-9]{1,16}$', description: 'an id: decimal digits' });
export const IdParams = Type.Object({ id: Id });

/** A list of ids (`id[]=1&id[]=2` or `id=1`); ajv makes a single value a one-item list. */
export const IdList = (maxItems: number) => Type.Array(Type.String({ maxLength: 32 }), { maxItems });

export const FLAG_KEYWORD = 'x-sirb-flag';
const TRUE_WORDS = ['true', 'True', 'TRUE', '1', 'on', 'yes'];
const FALSE_WORDS = ['false', 'False', 'FALSE', '0', 'off', 'no', ''];

/**
 * A boolean as JSON sends it (true), as forms send it ("true", "1", "on") or as Rails reads it
 * ("0", "off", "" are false). Ajv coerces "true"/"false" by itself; the flag keyword, run after
 * the other keywords have accepted the value, turns the remaining words into booleans.
 */
export const Flag = Type.Unsafe<boolean>({
  anyOf: [{ type: 'boolean' }, { type: 'string', enum: [...TRUE_WORDS, ...FALSE_WORDS] }],
  [FLAG_KEYWORD]: true,
  description: 'a boolean; forms may send true/false, 1/0, on/off, yes/no',
});

/** The ajv keyword behind Flag (registered in app.ts). */
export const flagKeyword = {
  keyword: FLAG_KEYWORD,
  schemaType: 'boolean',
  modifying: true,
  post: true,
  errors: false,
  validate(_enabled: boolean, data: unknown, _schema?: unknown, where?: { parentData: Record<string | number, unknown>; parentDataProperty: string | number }) {
    if (typeof data === 'string' && where) where.parentData[where.parentDataProperty] = TRUE_WORDS.includes(data);
    return true;
  },
} as const;

/** Mastodon's keyset pagination parameters (see pagination.ts); an empty cursor is none. */
export const PageQuery = Type.Object({
  max_id: Type.Optional(Type.String({ pattern: '^[0-9]{0,16}$' })),
  since_id: Type.Optional(Type.String({ pattern: '^[0-9]{0,16}$' })),
  min_id: Type.Optional(Type.String({ pattern: '^[0-9]{0,16}$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type PageQuery = Static<typeof PageQuery>;

const ErrorRef = Type.Ref(ErrorEntity);

/**
 * A route's responses: what it answers on success, and Mastodon's `{"error": …}` for every
 * failure (http/error-handler.ts), so the OpenAPI document says both.
 */
export function responses<Ok extends Record<number, TSchema>>(ok: Ok) {
  return { ...ok, '4xx': ErrorRef, '5xx': ErrorRef };
}
