// What the machine allows for a response the size of a home page, before Sirb does anything:
// a bare Fastify process answering a tiny JSON route and a route that sends a fixed buffer of
// the page's size, both loaded the same way as the benchmark loads Sirb. Their ratio is the
// most a home_timeline_ratio can be here, since the bare route it is divided by is tiny too.
import { fork } from 'node:child_process';
import Fastify from 'fastify';
import { freePort } from '../../test/helpers/server.js';
import { load, median } from './load.js';

export interface PayloadCeiling {
  bytes: number;
  tiny_rps: number;
  page_rps: number;
  ratio: number;
  /** What the page's bytes add to each request, in microseconds of the one core serving it. */
  page_cost_us: number;
}

/** A page-sized JSON document of Arabic posts (as incompressible to the socket as a real one). */
function pageOf(bytes: number): Buffer {
  const post = { id: '0', content: '<p>تويتر يتوقف عن العمل مرتين خلال 24 ساعة، والمستخدمون لا يعرفون السبب</p>', n: 0 };
  const posts: (typeof post)[] = [];
  while (Buffer.byteLength(JSON.stringify(posts)) < bytes) posts.push({ ...post, id: String(posts.length), n: posts.length });
  return Buffer.from(JSON.stringify(posts));
}

async function serve(port: number, bytes: number): Promise<void> {
  const app = Fastify();
  const page = pageOf(bytes);
  app.get('/tiny', async () => [{ id: '1', text: 'Be kind' }]);
  app.get('/page', async (_request, reply) => reply.type('application/json; charset=utf-8').send(page));
  await app.listen({ port, host: '127.0.0.1' });
}

export async function payloadCeiling(bytes: number, seconds: number): Promise<PayloadCeiling> {
  const port = await freePort();
  const child = fork(import.meta.filename, ['--serve', String(port), String(bytes)], { execArgv: ['--import', 'tsx'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`payload server exited (${code})`)));
    });
    const url = `http://127.0.0.1:${port}`;
    // Alternating rounds, medians: the machine's speed drifts over seconds.
    const rounds: { tiny: number; page: number; bytes: number }[] = [];
    for (let round = 0; round < 3; round++) {
      const tiny = await load({ url, path: '/tiny', tokens: ['-'], connections: 20, seconds });
      const page = await load({ url, path: '/page', tokens: ['-'], connections: 20, seconds });
      rounds.push({ tiny: tiny.rps, page: page.rps, bytes: page.bytesPerResponse });
    }
    return {
      bytes: rounds[0].bytes,
      tiny_rps: Math.round(median(rounds.map((r) => r.tiny))),
      page_rps: Math.round(median(rounds.map((r) => r.page))),
      ratio: Number(median(rounds.map((r) => r.page / r.tiny)).toFixed(3)),
      page_cost_us: Number(median(rounds.map((r) => 1e6 / r.page - 1e6 / r.tiny)).toFixed(1)),
    };
  } finally {
    child.kill();
  }
}

if (process.argv[2] === '--serve') {
  await serve(Number(process.argv[3]), Number(process.argv[4]));
  process.send?.('listening');
}
