// `npm run admin -- announce create|edit|delete|list ...`: staff announcements from a shell, on
// the server's own store and event bus (through Redis when REDIS_URL is set, so apps streaming
// from running servers see them at once). Audited under the given staff account, else the owner.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createContext } from '../context.js';
import { findAccountByUsername } from '../accounts/store.js';
import { findOwner } from '../accounts/owner.js';
import { ApiError } from '../http/errors.js';
import { announcementService } from './routes.js';
import type { AnnouncementInput } from './service.js';

export const ANNOUNCE_USAGE = `usage: npm run admin -- announce create --text TEXT [--starts-at ISO] [--ends-at ISO] [--all-day] [--draft] [--actor USERNAME]
   or: npm run admin -- announce edit --id ID [--text TEXT] [--starts-at ISO] [--ends-at ISO] [--all-day|--not-all-day] [--publish|--draft]
   or: npm run admin -- announce delete --id ID [--actor USERNAME]
   or: npm run admin -- announce list`;

const OPTIONS = {
  id: { type: 'string' },
  text: { type: 'string' },
  'starts-at': { type: 'string' },
  'ends-at': { type: 'string' },
  'all-day': { type: 'boolean' },
  'not-all-day': { type: 'boolean' },
  draft: { type: 'boolean' },
  publish: { type: 'boolean' },
  actor: { type: 'string' },
} as const;

export async function announceCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
  try {
    if (!['create', 'edit', 'delete', 'list'].includes(action ?? '')) throw new Error('announce: which action?');
    ({ values } = parseArgs({ args: rest, options: OPTIONS, strict: true }));
    if (action !== 'create' && action !== 'list' && !/^[0-9]{1,16}$/.test(values.id ?? '')) throw new Error('--id is required');
  } catch (error) {
    console.error(`${(error as Error).message}\n${ANNOUNCE_USAGE}`);
    return 2;
  }
  const input: AnnouncementInput = {
    text: values.text,
    starts_at: values['starts-at'],
    ends_at: values['ends-at'],
    all_day: values['all-day'] ? true : values['not-all-day'] ? false : undefined,
    published: values.publish ? true : values.draft ? false : undefined,
  };
  const ctx = await createContext(loadConfig(process.env));
  try {
    const db = ctx.db.kysely;
    const announcements = announcementService(ctx);
    if (action === 'list') {
      const rows = await db.selectFrom('announcements').select(['id', 'published', 'text']).orderBy('id', 'desc').execute();
      for (const r of rows) console.log(`${r.id}\t${r.published ? 'published' : 'draft'}\t${r.text.replace(/\s+/g, ' ').slice(0, 60)}`);
      return 0;
    }
    const actor = values.actor ? await findAccountByUsername(db, values.actor) : await findOwner(db);
    if (!actor) {
      console.error(values.actor ? `announce: no account @${values.actor}` : 'announce: this server has no owner yet; give --actor USERNAME');
      return 1;
    }
    const actorId = Number(actor.id);
    if (action === 'create') console.log(`Announcement ${(await announcements.create(actorId, input)).id} created.`);
    else if (action === 'edit') console.log(`Announcement ${(await announcements.update(actorId, Number(values.id), input)).id} updated.`);
    else {
      await announcements.remove(actorId, Number(values.id));
      console.log(`Announcement ${values.id} deleted.`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    console.error(`announce ${action}: ${error.message}`);
    return 1;
  } finally {
    await ctx.close();
  }
}
