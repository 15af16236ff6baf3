// Kysely builds and compiles every query afresh. For a hot query with long IN lists that costs
// several times what SQLite takes to run it (a home page's marks query: ~60 parameters). A
// template is built and compiled once per shape (the length of each list) with placeholder
// values, and then run with the real values put in their places.
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

type Args = Record<string, number | number[]>;

interface Compiled {
  sql: string;
  /** For each parameter of the compiled query: which argument, and which element of a list. */
  slots: [string, number][];
}

const PLACEHOLDER = /^\u0000([^:]+):(-?\d+)$/;

/** `build` must give the same query for any values of the same shape: it may not branch on them. */
export function queryTemplate<A extends Args, R>(build: (db: Kysely<any>, args: A) => Compilable<R>) {
  // Per database: the SQL differs between dialects (? or $1).
  const byDb = new WeakMap<Kysely<any>, Map<string, Compiled>>();

  function compile(db: Kysely<any>, args: A): Compiled {
    const placeholders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(args)) {
      placeholders[name] = Array.isArray(value) ? value.map((_, i) => `\u0000${name}:${i}`) : `\u0000${name}:-1`;
    }
    const query = build(db, placeholders as unknown as A).compile();
    const slots = query.parameters.map((parameter): [string, number] => {
      const match = typeof parameter === 'string' ? PLACEHOLDER.exec(parameter) : null;
      if (!match) throw new Error(`queryTemplate: parameter ${String(parameter)} is not one of the arguments`);
      return [match[1], Number(match[2])];
    });
    if (query.sql.includes('\u0000')) throw new Error('queryTemplate: an argument was inlined into the SQL');
    return { sql: query.sql, slots };
  }

  return async (db: Kysely<any>, args: A): Promise<R[]> => {
    const shape = Object.entries(args)
      .map(([name, value]) => (Array.isArray(value) ? `${name}:${value.length}` : name))
      .join(',');
    let shapes = byDb.get(db);
    if (!shapes) {
      shapes = new Map();
      byDb.set(db, shapes);
    }
    let compiled = shapes.get(shape);
    if (!compiled) {
      compiled = compile(db, args);
      shapes.set(shape, compiled);
    }
    const parameters = compiled.slots.map(([name, index]) => (index < 0 ? args[name] : (args[name] as number[])[index]));
    return (await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters))).rows;
  };
}
