// Streaming probe: the Mastodon user stream must accept our token and stay open. The app answers
// a bad subscription with an {"error": ...} message rather than a close, so listen briefly.
import WebSocket from 'ws';
import { ProbeError } from './http.js';

const SETTLE_MS = 300;

export function probeStreaming(baseUrl: string, token: string, timeoutMs: number): Promise<void> {
  const url = new URL('/api/v1/streaming', baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('access_token', token);
  url.searchParams.set('stream', 'user');
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      if (error) reject(error);
      else resolve();
    };
    const deadline = setTimeout(() => finish(new ProbeError(`streaming timed out after ${timeoutMs} ms`)), timeoutMs + SETTLE_MS);
    socket.on('unexpected-response', (_req, res) => finish(new ProbeError(`streaming answered ${res.statusCode}`, res.statusCode)));
    socket.on('error', (error) => finish(new ProbeError(`streaming unreachable (${(error as NodeJS.ErrnoException).code ?? error.message})`)));
    socket.on('close', (code) => finish(new ProbeError(`streaming closed (${code})`)));
    socket.on('message', (data) => {
      try {
        const message = JSON.parse(String(data)) as { error?: string };
        if (message.error) finish(new ProbeError(`streaming refused: ${message.error}`));
      } catch {
        // Anything else on the stream is an event: fine.
      }
    });
    socket.on('open', () => setTimeout(() => finish(), SETTLE_MS));
  });
}
