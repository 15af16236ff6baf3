// A TCP proxy a test controls, in front of a server: passes bytes both ways until told to hang,
// then behaves as a hung server does — connections are accepted and never answered, and those
// already open (keep-alive, WebSockets) go silent without closing. resume() drops every held
// connection (as a restarted server would) and passes new ones through again.
import net from 'node:net';

export interface HangingProxy {
  port: number;
  hang(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startHangingProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<HangingProxy> {
  let hanging = false;
  /** Every socket of every connection, both sides, to stop or drop them on cue. */
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket | null }>();

  const server = net.createServer((client) => {
    const pair: { client: net.Socket; upstream: net.Socket | null } = { client, upstream: null };
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      pair.upstream?.destroy();
      client.destroy();
    };
    client.on('error', forget);
    client.on('close', forget);
    // Accepted, read from (so the client's writes complete) and never answered.
    if (hanging) {
      client.resume();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    pair.upstream = upstream;
    upstream.on('error', forget);
    upstream.on('close', forget);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as net.AddressInfo).port,
    hang() {
      hanging = true;
      for (const { client, upstream } of pairs) {
        // Open connections stay open; nothing passes any more, in either direction.
        if (!upstream) continue;
        client.unpipe(upstream);
        upstream.unpipe(client);
        upstream.pause();
        client.resume();
      }
    },
    resume() {
      hanging = false;
      for (const { client, upstream } of [...pairs]) {
        upstream?.destroy();
        client.destroy();
      }
      pairs.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { client, upstream } of pairs) {
          upstream?.destroy();
          client.destroy();
        }
        pairs.clear();
        server.close(() => resolve());
      }),
  };
}
