// A TCP proxy in front of a server that a test controls — the app's PostgreSQL, or the app
// itself as a browser reaches it — to make it fail the ways real ones do without touching a
// shared server:
//   cut()     unreachable: the port refuses connections and every open one is reset;
//   hang()    accepts and never answers: new connections are read from and get nothing, open
//             ones (keep-alive, WebSockets) go silent without closing;
//   delay(ms) answers, slowly: every chunk each way waits `ms`;
//   degrade({ delayMs, lossRate, retransmitMs }) a bad network, as tc netem would make one (this
//             kernel has no sch_netem): every chunk waits `delayMs`, and a `lossRate` share of
//             them is "lost" and arrives only after a retransmission timeout, holding back the
//             chunks behind it, since TCP delivers in order;
//   restore() back to normal (hung connections are reset, as a recovering network would; the
//             others go on);
//   restart() back to normal as a restarted server is: every open connection is dropped.
import net from 'node:net';

export type ProxyMode = 'pass' | 'cut' | 'hang' | 'delay' | 'degrade';

export interface Degradation {
  delayMs: number;
  lossRate: number;
  retransmitMs: number;
}

export class TcpProxy {
  private server: net.Server;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket | undefined; hung: boolean }>();
  mode: ProxyMode = 'pass';
  private delayMs = 0;
  private degradation: Degradation = { delayMs: 0, lossRate: 0, retransmitMs: 0 };
  /** Chunks and the retransmissions "lost" in degrade mode (a test can say how bad it was). */
  readonly degraded = { chunks: 0, lost: 0 };
  /** Connections accepted since start (a test can see the app reconnect). */
  accepted = 0;

  private constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
  ) {
    this.server = this.newServer();
  }

  /** A proxy listening on a free 127.0.0.1 port, forwarding to `target`. */
  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const proxy = new TcpProxy(target, port);
    await proxy.listen();
    return proxy;
  }

  /** `postgres://…@host:port/db` rewritten to go through this proxy. */
  rewrite(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  private newServer(): net.Server {
    return net.createServer((client) => this.accept(client));
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  private accept(client: net.Socket): void {
    this.accepted += 1;
    const pair = { client, upstream: undefined as net.Socket | undefined, hung: this.mode === 'hang' };
    this.pairs.add(pair);
    const drop = () => {
      client.destroy();
      pair.upstream?.destroy();
      this.pairs.delete(pair);
    };
    client.on('error', drop);
    client.on('close', drop);
    // A hung server: the connection is open, what the client sends is taken (so its writes
    // complete), nothing ever comes back.
    if (pair.hung) {
      client.resume();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    pair.upstream = upstream;
    upstream.on('error', drop);
    upstream.on('close', drop);
    this.forward(pair, client, upstream);
    this.forward(pair, upstream, client);
  }

  private forward(pair: { hung: boolean }, from: net.Socket, to: net.Socket): void {
    // When this direction's previous chunk is delivered: a later one never overtakes it.
    let releasedAt = 0;
    from.on('data', (chunk) => {
      if (pair.hung || this.mode === 'hang') {
        pair.hung = true;
        return;
      }
      let waitMs = 0;
      if (this.mode === 'degrade') {
        const { delayMs, lossRate, retransmitMs } = this.degradation;
        const lost = Math.random() < lossRate;
        this.degraded.chunks += 1;
        if (lost) this.degraded.lost += 1;
        waitMs = delayMs + (lost ? retransmitMs : 0);
      } else if (this.mode === 'delay') {
        waitMs = this.delayMs;
      }
      const now = performance.now();
      releasedAt = Math.max(releasedAt, now + waitMs);
      if (releasedAt > now) setTimeout(() => to.writable && to.write(chunk), releasedAt - now);
      else if (to.writable) to.write(chunk);
    });
  }

  private resetAll(onlyHung = false): void {
    for (const pair of [...this.pairs]) {
      if (onlyHung && !pair.hung) continue;
      pair.client.resetAndDestroy();
      pair.upstream?.destroy();
      this.pairs.delete(pair);
    }
  }

  /** Unreachable: connections refused, open ones reset. */
  async cut(): Promise<void> {
    this.mode = 'cut';
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.resetAll();
    });
  }

  /** Accepts, never answers. */
  hang(): void {
    this.mode = 'hang';
  }

  delay(ms: number): void {
    this.mode = 'delay';
    this.delayMs = ms;
  }

  /** A slow, lossy network: see the list at the top. */
  degrade(degradation: Degradation): void {
    this.mode = 'degrade';
    this.degradation = degradation;
  }

  async restore(): Promise<void> {
    const wasCut = this.mode === 'cut';
    this.mode = 'pass';
    this.delayMs = 0;
    this.resetAll(true);
    if (wasCut) {
      this.server = this.newServer();
      await this.listen();
    }
  }

  /** Back to normal as a restarted server is: every connection open now is closed, hung or not. */
  async restart(): Promise<void> {
    for (const pair of [...this.pairs]) {
      pair.upstream?.destroy();
      pair.client.destroy();
      this.pairs.delete(pair);
    }
    await this.restore();
  }

  async close(): Promise<void> {
    this.mode = 'cut';
    this.resetAll();
    await new Promise<void>((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
  }
}
