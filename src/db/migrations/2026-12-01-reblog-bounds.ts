import type { Kysely } from 'kysely';

// Reblogs written before a reblog's visibility was bounded by its original's (issue 10, finding
// 5): a public reblog of a followers-only post, say. Every read checks the original for the
// viewer anyway; this narrows the rows themselves to what rules.ts reblogVisibility gives now,
// so nothing that reads a reblog's own visibility (feeds, counts, exports) is misled.
const NARROWER: [original: string, wider: string[]][] = [
  ['unlisted', ['public']],
  ['private', ['public', 'unlisted']],
  ['direct', ['public', 'unlisted', 'private']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [original, wider] of NARROWER) {
    await db
      .updateTable('statuses')
      .set({ visibility: original })
      .where('reblog_of_id', 'in', db.selectFrom('statuses as original').select('original.id').where('original.visibility', '=', original))
      .where('visibility', 'in', wider)
      .execute();
  }
}

export async function down(): Promise<void> {
  // What the rows said before is not kept: they were wrong.
}
