// The page's streaming sockets, passed through Playwright so a test can wait until the server has
// taken in what the page subscribed to, instead of sleeping and hoping. The server handles a
// socket's messages in order, and only once it has registered the socket, so its answer to one
// more message (an unknown type, answered with an error the page never sees) proves both.
import type { Page, WebSocketRoute } from 'playwright-core';
import { waitFor } from '../helpers/wait.js';

type Sent = { type?: string; stream?: string; tag?: string };

export interface PageStream {
  /** What the page has sent on this socket so far. */
  sent: Sent[];
  /** Waits until the page has sent a message matching `pageSent` (if given), then until the server has handled it. */
  settle(pageSent?: (message: Sent) => boolean): Promise<void>;
}

function parse(message: string | Buffer): Sent {
  try {
    return JSON.parse(String(message));
  } catch {
    return {};
  }
}

export async function watchStreams(page: Page) {
  const sockets: PageStream[] = [];
  await page.routeWebSocket(/\/api\/v1\/streaming/, (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    let asked = 0;
    let answered = 0;
    const socket: PageStream = {
      sent: [],
      async settle(pageSent) {
        if (pageSent) await waitFor(() => socket.sent.some(pageSent), { what: 'the page to subscribe' });
        const ask = ++asked;
        server.send(JSON.stringify({ type: 'settle' }));
        await waitFor(() => answered >= ask, { what: 'the server to answer on the streaming socket' });
      },
    };
    ws.onMessage((message) => {
      socket.sent.push(parse(message));
      server.send(message);
    });
    server.onMessage((message) => {
      if (answered < asked && (parse(message) as { error?: string }).error === 'Unknown message type') answered++;
      else ws.send(message);
    });
    sockets.push(socket);
  });
  return {
    /** How many sockets the page has opened so far. */
    get count() {
      return sockets.length;
    },
    /** The `n`th socket the page opened (1 is the first), once it is open. */
    opened: (n: number) => waitFor(() => sockets[n - 1], { timeout: 10_000, what: `streaming socket ${n}` }),
  };
}
