import fs from 'node:fs';
import os from 'node:os';

/** How fast this host ran two fixed probes when the bench started (hosts differ from session to session). */
export interface HostSpeed {
  /** ns per iteration of a fixed integer loop on one core: plain JS speed. */
  js_ns_per_iter: number;
  /** µs per 1-byte write(2) to /dev/null: what every socket write also pays to enter the kernel. */
  syscall_us: number;
}

let measured: HostSpeed | undefined;

const medianOf3 = (f: () => number) => [f(), f(), f()].sort((a, b) => a - b)[1]!;

/** Time the probes once, on an idle machine (at the start of `npm run bench`); later results carry them. */
export function calibrateHost(): HostSpeed {
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
  measured = { js_ns_per_iter: Math.round(js * 100) / 100, syscall_us: Math.round(sys * 100) / 100 };
  return measured;
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
