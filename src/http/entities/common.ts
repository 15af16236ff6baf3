// Building blocks of the response entities. Each entity has an $id: app.ts adds them all as
// shared schemas, routes point at them with Type.Ref, and the OpenAPI document lists them once
// under components.schemas.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * `T` or null, as one JSON Schema type list (["string", "null"]) rather than anyOf: the
 * response serializer then writes it without trying each branch in turn.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const plain = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
  if (typeof plain.type !== 'string') throw new Error('Nullable needs a schema with one type');
  return Type.Unsafe<Static<T> | null>({ ...plain, type: [plain.type, 'null'] });
}

/** Mastodon's error body (http/error-handler.ts): OAuth errors add a description, validation details. */
export const ErrorEntity = Type.Object(
  {
    error: Type.String(),
    error_description: Type.Optional(Type.String()),
    details: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { $id: 'Error', additionalProperties: false },
);

/** An empty object: what Mastodon answers to clear, dismiss and revoke. */
export const EmptyObject = Type.Object({}, { additionalProperties: false });

/** A list that is always empty here (Sirb has no filters, lists, custom emojis…). */
export const EmptyList = Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 0 });

export const CustomEmoji = Type.Object(
  { shortcode: Type.String(), url: Type.String(), static_url: Type.String(), visible_in_picker: Type.Boolean() },
  { additionalProperties: false },
);

/** An ISO 8601 date-time, as Mastodon writes them. */
export const DateTime = Type.String({ format: 'date-time' });

/**
 * One of these words. Typed as a plain string: the presenters say `string`, and the document
 * still lists the words.
 */
export const OneOf = (words: string[]) => Type.Unsafe<string>({ type: 'string', enum: words });
