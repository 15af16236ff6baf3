// In-process measure of what the home timeline's speed rests on: a warm page of 20 statuses
// (posts with mentions and tags, and reblogs) presented for a signed-in viewer from the render
// cache alone. Prints the median of several rounds in µs of CPU per page. On a shared machine compare
// two versions of the code by alternating runs of this script within minutes of each other.
//   npx tsx bench/warm-page.ts [rounds=9] [pages per round=20000]
import { startTestServer } from '../test/helpers/server.js';
import { Api, createApp, createUser, createPost } from '../test/helpers/client.js';

const rounds = Number(process.argv[2] ?? 9);
const perRound = Number(process.argv[3] ?? 20_000);

const server = await startTestServer();
try {
  const api = new Api(server.url);
  const app = await createApp(api);
  const reader = await createUser(api, 'wp_reader', app);
  const authors = [];
  for (let i = 0; i < 5; i++) authors.push(await createUser(api, `wp_author${i}`, app));
  const ids: number[] = [];
  const sentence = 'هذا منشور تجريبي طويل بعض الشيء عن السرب والطيور والسماء الزرقاء فوق المدينة القديمة';
  for (let i = 0; i < 20; i++) {
    const author = authors[i % authors.length];
    const post = await createPost(author, `${sentence} ${i} @${reader.username} #سرب #تجربة${i % 3}`);
    if (i % 4 === 3) {
      const reblog = await authors[(i + 1) % authors.length].api.post(`/api/v1/statuses/${post.id}/reblog`);
      ids.push(Number(reblog.body.id));
    } else ids.push(Number(post.id));
    if (i % 3 === 0) await reader.api.post(`/api/v1/statuses/${post.id}/favourite`);
  }
  ids.reverse();
  const presenter = server.ctx.timelines['presenter' as keyof typeof server.ctx.timelines] as unknown as { presentIdsAsJson(ids: number[], viewer?: number): Promise<Buffer> };
  const viewer = Number(reader.id);
  const bytes = (await presenter.presentIdsAsJson(ids, viewer)).length;
  const missesBefore = server.ctx.renderCache.lookups.status.misses;
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // CPU time, not wall time: on a shared machine the process waits for a core a good part of the time.
    const started = process.cpuUsage();
    for (let i = 0; i < perRound; i++) await presenter.presentIdsAsJson(ids, viewer);
    const used = process.cpuUsage(started);
    times.push((used.user + used.system) / perRound);
  }
  // Every page measured must have been the warm one, copied from the cache alone.
  const misses = server.ctx.renderCache.lookups.status.misses - missesBefore;
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ bytes, misses, median_us: +times[times.length >> 1].toFixed(2), min_us: +times[0].toFixed(2), rounds: times.map((t) => +t.toFixed(2)) }));
} finally {
  await server.close();
}
