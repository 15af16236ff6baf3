// Seeds a Sirb server with a reader who follows a few writers, and N posts by those writers, so
// the reader's home timeline is N posts deep. Accounts and follows go through the HTTP API; the
// posts go through the posts service in-process (the same write path as POST /api/v1/statuses,
// including fan-out, without 10,000 HTTP round trips).
import type { RunningServer } from '../src/server.js';
import { Api, createApp, createUser, type TestUser } from '../test/helpers/client.js';

const LINES = [
  'صباح الخير من الرياض، الجو جميل اليوم #سرب',
  'Reading about migratory birds over the Red Sea #birds',
  'قرأتُ اليوم مقالاً عن تاريخ الخط العربي وأساليبه #الخط_العربي',
  'Coffee first, then code. قهوة أولاً ثم البرمجة ☕',
  'أفضل وقت للمشي هو بعد المغرب مباشرة #رياضة',
  'Shipping a small fix today; the timeline is faster now #dev',
  'هل جرّبتم مطعم الفلافل الجديد في الحي؟ #طعام',
  'The sandstorm is coming, stay safe everyone العاصفة الرملية قادمة',
];

export interface Seeded {
  reader: TestUser;
  writers: TestUser[];
}

export async function seedHomeTimeline(server: RunningServer, baseUrl: string, posts: number, writerCount = 5): Promise<Seeded> {
  const api = new Api(baseUrl);
  const app = await createApp(api);
  const tag = Date.now().toString(36).slice(-4);
  const reader = await createUser(api, `reader_${tag}`, app);
  const writers: TestUser[] = [];
  for (let i = 0; i < writerCount; i++) {
    const writer = await createUser(api, `writer${i}_${tag}`, app);
    await reader.api.post(`/api/v1/accounts/${writer.id}/follow`);
    writers.push(writer);
  }
  const started = Date.now();
  for (let i = 0; i < posts; i++) {
    const writer = writers[i % writers.length];
    await server.ctx.posts.create(Number(writer.id), null, { status: `${LINES[i % LINES.length]} (${i + 1})` });
    if ((i + 1) % 1000 === 0 || i + 1 === posts) {
      const rate = Math.round(((i + 1) / (Date.now() - started)) * 1000);
      process.stdout.write(`\rseeded ${i + 1}/${posts} posts (${rate}/s)   `);
    }
  }
  process.stdout.write('\n');
  return { reader, writers };
}

// CLI: a server with a seeded home timeline to click around in, left running.
//   PORT=3999 npx tsx bench/web-seed.ts --posts 10000
// Prints the reader's token; paste the printed line into the browser console on the app's page.
if (process.argv[1]?.endsWith('web-seed.ts')) {
  const { Sirb, appOrigin } = await import('../test/e2e-web/harness.js');
  const i = process.argv.indexOf('--posts');
  const posts = i > 0 ? Number(process.argv[i + 1]) : 10_000;
  const sirb = new Sirb();
  sirb.port = Number(process.env.PORT ?? 0);
  await sirb.start();
  const front = await appOrigin(sirb);
  const { reader } = await seedHomeTimeline(sirb.server!, sirb.url, posts);
  console.log(`Sirb with ${posts} posts at ${front.origin} (API ${sirb.url}, data in ${sirb.dataDir}); Ctrl-C to stop.`);
  console.log(`Sign in as ${reader.username} / ${reader.password}, or in the console:`);
  console.log(`localStorage.setItem('sirb.session', '${JSON.stringify({ token: reader.token, accountId: reader.id, acct: reader.username })}'); location.reload()`);
  process.on('SIGINT', () => void sirb.dispose().then(() => process.exit(0)));
}
