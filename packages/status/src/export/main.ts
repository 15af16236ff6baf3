// `npm run status:export -- --out DIR [--every 60] [--from URL] [--live-url URL] [--base-url URL]`:
// writes the status page, its Statuspage JSON and Atom/RSS feeds as static files (see site.ts); with
// --every, again every that many seconds until stopped, keeping the last good export when the
// service does not answer. --base-url (STATUS_EXPORT_BASE_URL): where the directory is published,
// so the export's links and feed self links point at it; unset, they are root-relative.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportSite } from './site.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { out: { type: 'string' }, every: { type: 'string' }, from: { type: 'string' }, 'live-url': { type: 'string' }, 'base-url': { type: 'string' } },
  });
  if (!values.out) throw new Error('status:export: --out DIR is required');
  // npm runs this inside packages/status; a relative --out is relative to where it was started.
  const out = path.resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
  const from = values.from ?? process.env.STATUS_URL ?? `http://127.0.0.1:${process.env.STATUS_PORT ?? 3001}`;
  const liveUrl = values['live-url'] ?? process.env.STATUS_PUBLIC_URL ?? from;
  const baseUrl = values['base-url'] ?? process.env.STATUS_EXPORT_BASE_URL;
  if (baseUrl !== undefined && baseUrl !== '' && !/^https?:\/\/[^/]/.test(baseUrl)) throw new Error(`status:export: --base-url must be an http(s) URL, got "${baseUrl}"`);
  const every = values.every === undefined ? undefined : Number(values.every);
  if (every !== undefined && !(Number.isFinite(every) && every >= 1)) throw new Error(`status:export: --every must be a number of seconds ≥ 1, got "${values.every}"`);

  const once = async () => {
    const started = Date.now();
    const { files } = await exportSite({ from, out, liveUrl, ...(baseUrl ? { baseUrl } : {}) });
    console.log(`exported ${files.length} files from ${from} to ${out} in ${Date.now() - started} ms`);
  };
  if (every === undefined) return once();

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const loop = async () => {
    const started = Date.now();
    try {
      await once();
    } catch (error) {
      console.error(`export failed, the last export stays in place: ${(error as Error).message}`);
    }
    if (!stopped) timer = setTimeout(() => void loop(), Math.max(0, every * 1000 - (Date.now() - started)));
  };
  await loop();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
