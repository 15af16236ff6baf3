// Whether the database answers right now, for /readyz: a trivial query, bounded in time so that
// a hung server makes the probe say "not ready" rather than hang the orchestrator's check.
import { sql } from 'kysely';
import type { Db } from './database.js';
import { unavailabilityOf } from './availability.js';

export const READINESS_TIMEOUT_MS = 1500;

/** true, or why not (a reason from db/availability.ts, or the error's message). */
export async function databaseAnswers(ctx: { db: Db }, timeoutMs: number): Promise<true | string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('no answer in time'), timeoutMs);
  });
  const query = sql`select 1 as one`
    .execute(ctx.db.kysely)
    .then(() => true as const)
    .catch((error: unknown) => unavailabilityOf(error) ?? (error instanceof Error ? error.message : String(error)));
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
