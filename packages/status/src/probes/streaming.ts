// Streaming probe: a stream that accepts the token but never delivers is as broken as one that
// refuses it, so the probe proves delivery. It opens its own user stream, posts a followers-only
// status (the probe account has no followers: nobody else sees it), and waits for that post's
// `update` event on the stream; then deletes the post. Mastodon answers a bad subscription with
// an {"error": ...} message rather than a close.
import WebSocket from 'ws';
import { type AppClient, ProbeError } from './http.js';

export async function probeStreamDelivery(client: AppClient, token: string, timeoutMs: number): Promise<void> {
  const url = new URL('/api/v1/streaming', client.baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('access_token', token);
  url.searchParams.set('stream', 'user');
  const socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
  // Ids seen on the stream: the event may come before the POST's own answer does.
  const delivered = new Set<string>();
  let posted: string | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (error) reject(error);
        else resolve();
      };
      const deadline = setTimeout(
        () => finish(new ProbeError(posted ? `streaming connected but did not deliver the probe's post within ${timeoutMs} ms` : `streaming timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.on('unexpected-response', (_req, res) => finish(new ProbeError(`streaming answered ${res.statusCode}`, res.statusCode)));
      socket.on('error', (error) => finish(new ProbeError(`streaming unreachable (${(error as NodeJS.ErrnoException).code ?? error.message})`)));
      socket.on('close', (code) => finish(new ProbeError(`streaming closed (${code})`)));
      socket.on('message', (data) => {
        try {
          const message = JSON.parse(String(data)) as { error?: string; event?: string; payload?: string };
          if (message.error) return finish(new ProbeError(`streaming refused: ${message.error}`));
          if (message.event !== 'update' || typeof message.payload !== 'string') return;
          const id = (JSON.parse(message.payload) as { id?: string }).id;
          if (id) delivered.add(id);
          if (id && id === posted) finish();
        } catch {
          // Anything else on the stream is another event: fine.
        }
      });
      socket.on('open', () => {
        client
          .json<{ id?: string }>('/api/v1/statuses', { token, json: { status: `Stream probe ${new Date().toISOString()}`, visibility: 'private' } })
          .then((status) => {
            if (!status.id) return finish(new ProbeError('posting for the stream probe answered without an id'));
            posted = status.id;
            if (delivered.has(posted)) finish();
          }, (error: unknown) => finish(error instanceof Error ? error : new ProbeError(String(error))));
      });
    });
  } finally {
    socket.removeAllListeners();
    socket.on('error', () => {});
    socket.terminate();
    if (posted) await client.json(`/api/v1/statuses/${encodeURIComponent(posted)}`, { method: 'DELETE', token }).catch(() => undefined);
  }
}
