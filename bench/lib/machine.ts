import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';

/** How fast this host ran four fixed probes when the bench started (hosts differ from session to session). */
export interface HostSpeed {
  /** ns per iteration of a fixed integer loop on one core: plain JS speed. */
  js_ns_per_iter: number;
  /** µs per 1-byte write(2) to /dev/null: what every socket write also pays to enter the kernel. */
  syscall_us: number;
  /** ns per dependent random read over 64 MB: memory latency, which the JS loop (in L1) does not see. */
  memory_ns_per_read?: number;
  /** µs per 1-byte ping-pong over loopback TCP: what every database query and media message pays in the kernel. */
  loopback_rtt_us?: number;
}

let measured: HostSpeed | undefined;

const medianOf3 = (f: () => number) => [f(), f(), f()].sort((a, b) => a - b)[1]!;

/** Time the probes once, on an idle machine (at the start of `npm run bench`); later results carry them. */
export async function calibrateHost(): Promise<HostSpeed> {
  const iters = 20_000_000;
  const js = medianOf3(() => {
    const t = performance.now();
    let x = 0;
    for (let i = 0; i < iters; i++) x = (x * 31 + i) | 0;
    const ms = performance.now() - t;
    return x === 0.5 ? 0 : (ms * 1e6) / iters; // x is used, so the loop is not optimised away
  });
  const fd = fs.openSync('/dev/null', 'w');
  const one = Buffer.alloc(1);
  const writes = 30_000;
  const sys = medianOf3(() => {
    const t = performance.now();
    for (let i = 0; i < writes; i++) fs.writeSync(fd, one);
    return ((performance.now() - t) * 1000) / writes;
  });
  fs.closeSync(fd);
  const mem = medianOf3(memoryProbe());
  const r2 = (v: number) => Math.round(v * 100) / 100;
  const rtts = [await loopbackRtt(), await loopbackRtt(), await loopbackRtt()].sort((a, b) => a - b);
  measured = {
    js_ns_per_iter: r2(js),
    syscall_us: r2(sys),
    memory_ns_per_read: r2(mem),
    loopback_rtt_us: r2(rtts[1]!),
  };
  return measured;
}

/** A pointer chase through one random cycle over 64 MB (Sattolo's shuffle), so every read waits for the last. */
function memoryProbe(): () => number {
  const slots = 1 << 24;
  const next = new Int32Array(slots);
  for (let i = 0; i < slots; i++) next[i] = i;
  for (let i = slots - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * i);
    const t = next[i]!;
    next[i] = next[j]!;
    next[j] = t;
  }
  const reads = 2_000_000;
  return () => {
    const t = performance.now();
    let p = 0;
    for (let i = 0; i < reads; i++) p = next[p]!;
    const ms = performance.now() - t;
    return p === -1 ? 0 : (ms * 1e6) / reads; // p is used, so the chase is not optimised away
  };
}

/** The machine a result was measured on (every results file carries it). */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    load_average_at_start: os.loadavg().map((v) => Math.round(v * 100) / 100),
    ...(measured ? { host_speed: measured } : {}),
  };
}

/** Mean µs per round trip of 1 byte between two TCP sockets on 127.0.0.1 (Nagle off, both ends in this process). */
async function loopbackRtt(trips = 3000): Promise<number> {
  const server = net.createServer((s) => {
    s.setNoDelay(true);
    s.on('data', (d) => s.write(d));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect({ port, host: '127.0.0.1', noDelay: true });
  await new Promise<void>((r) => client.once('connect', r));
  const one = Buffer.from([1]);
  const t = performance.now();
  await new Promise<void>((done) => {
    let left = trips;
    client.on('data', (d) => {
      left -= d.length;
      if (left <= 0) done();
      else client.write(one);
    });
    client.write(one);
  });
  const us = ((performance.now() - t) * 1000) / trips;
  client.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  return us;
}
