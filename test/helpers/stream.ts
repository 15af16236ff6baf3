// A Mastodon streaming WebSocket client for tests: collects messages and waits for the ones asked for.
import WebSocket from 'ws';
import { waitFor } from './wait.js';

export interface StreamMessage { stream: string[]; event: string; payload: string }

export function openStream(server: { url: string }, query: string, protocol?: string) {
  const url = `${server.url.replace('http', 'ws')}/api/v1/streaming?${query}`;
  const ws = protocol ? new WebSocket(url, protocol) : new WebSocket(url);
  const messages: StreamMessage[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const next = (predicate: (m: StreamMessage) => boolean, timeoutMs = 3000): Promise<StreamMessage> =>
    waitFor(() => messages.find(predicate), { timeout: timeoutMs, what: () => `a matching message; got ${JSON.stringify(messages)}` });
  /**
   * Resolves once the server has registered this socket and every subscription sent before: it
   * handles a socket's messages in order and only after registering it, so its answer to one more
   * message (an unknown type, answered with an error that is then dropped) proves both.
   */
  const settled = async () => {
    await opened;
    ws.send(JSON.stringify({ type: 'settle' }));
    const answer = await next((m) => (m as unknown as { error?: string }).error === 'Unknown message type');
    messages.splice(messages.indexOf(answer), 1);
  };
  return { ws, opened, messages, next, settled };
}
