// Path ids: an id that is not even well-formed cannot exist, so it is a 404 like any unknown id.
import { Type } from '@sinclair/typebox';
import { parseId } from '../lib/ids.js';
import { notFound } from './errors.js';

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export function pathId(params: unknown): number {
  const id = parseId((params as { id?: string }).id);
  if (id === undefined) throw notFound();
  return id;
}

/** Form bodies send booleans as "true"/"1"/"on"; JSON sends them as booleans. */
export const Flag = Type.Union([Type.Boolean(), Type.String({ maxLength: 5 })]);

export function flag(value: boolean | string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  return ['true', '1', 'on', 'yes'].includes(value.toLowerCase());
}

/** `id[]=1&id[]=2`, `id=1` or nothing, as ids; malformed ones are dropped. */
export function idList(raw: unknown): number[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.map(parseId).filter((id): id is number => id !== undefined);
}
