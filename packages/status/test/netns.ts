// A small network lab for tests, from Debian's iproute2: one namespace per host, each wired by a
// veth pair to a bridge in a "switch" namespace, plus one veth into the test's own namespace so
// the test can read the hosts. Links can be cut (set down) and routes blackholed. Everything is
// named after this process's pid and removed by `destroy()`, and at the next run if a crash left it.
import { execFileSync, spawnSync } from 'node:child_process';

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Why namespaces cannot be used here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  const probe = `sqq${process.pid}-probe`;
  const made = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (made.status !== 0) return `ip netns add failed: ${(made.stderr || made.error?.message || '').trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

/** Removes namespaces left by earlier runs whose process is gone. */
function sweepLeftovers(): void {
  for (const line of ip('netns', 'list').split('\n')) {
    const m = /^(sqq(\d+)-\S+)/.exec(line.trim());
    if (!m) continue;
    let alive = true;
    try {
      process.kill(Number(m[2]), 0);
    } catch {
      alive = false;
    }
    if (!alive || Number(m[2]) === process.pid) spawnSync('ip', ['netns', 'del', m[1]!]);
  }
}

export class NetLab {
  private readonly prefix = `sqq${process.pid}`;
  private readonly hosts = new Map<string, { ns: string; address: string; port: string }>();
  /** A /24 for this run (10.231.x.0): the test's own veth lives in the host's namespace. */
  readonly subnet = `10.231.${process.pid % 250}`;
  private readonly hostLink = `sqq${process.pid % 100000}h`;
  private readonly sw: string;

  constructor() {
    sweepLeftovers();
    this.sw = `${this.prefix}-sw`;
    ip('netns', 'add', this.sw);
    ip('-n', this.sw, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', this.sw, 'link', 'set', 'br0', 'up');
    // The test's way in: a veth from this namespace to the bridge, address .1.
    spawnSync('ip', ['link', 'del', this.hostLink]);
    ip('link', 'add', this.hostLink, 'type', 'veth', 'peer', 'name', 'p-test', 'netns', this.sw);
    ip('addr', 'add', `${this.subnet}.1/24`, 'dev', this.hostLink);
    ip('link', 'set', this.hostLink, 'up');
    ip('-n', this.sw, 'link', 'set', 'p-test', 'master', 'br0');
    ip('-n', this.sw, 'link', 'set', 'p-test', 'up');
  }

  /** A new host namespace on the bridge; returns its address. */
  addHost(name: string): string {
    const ns = `${this.prefix}-${name}`;
    const address = `${this.subnet}.${this.hosts.size + 2}`;
    const port = `p-${name}`.slice(0, 15);
    ip('netns', 'add', ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('link', 'add', 'eth0', 'netns', ns, 'type', 'veth', 'peer', 'name', port, 'netns', this.sw);
    ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
    ip('-n', ns, 'link', 'set', 'eth0', 'up');
    ip('-n', this.sw, 'link', 'set', port, 'master', 'br0');
    ip('-n', this.sw, 'link', 'set', port, 'up');
    this.hosts.set(name, { ns, address, port });
    return address;
  }

  /** The command prefix that runs a process inside a host's namespace. */
  exec(name: string): string[] {
    return ['ip', 'netns', 'exec', this.host(name).ns];
  }

  /** Cuts (or restores) a host's only link: it reaches nothing and nothing reaches it. */
  setLink(name: string, up: boolean): void {
    ip('-n', this.sw, 'link', 'set', this.host(name).port, up ? 'up' : 'down');
  }

  /** Makes `name` unable (or able again) to reach `target`, every other path left alone. */
  blackhole(name: string, target: string, on: boolean): void {
    ip('-n', this.host(name).ns, 'route', on ? 'add' : 'del', 'blackhole', `${this.host(target).address}/32`);
  }

  private host(name: string) {
    const h = this.hosts.get(name);
    if (!h) throw new Error(`no host ${name}`);
    return h;
  }

  destroy(): void {
    for (const { ns } of this.hosts.values()) spawnSync('ip', ['netns', 'del', ns]);
    spawnSync('ip', ['link', 'del', this.hostLink]);
    spawnSync('ip', ['netns', 'del', this.sw]);
  }
}
