import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../test/support/harness.ts';
import { silentLogger } from '../lib/logger.ts';
import { type ControlBus, type ControlMessage, LocalControlBus, parseControlMessage } from './control-bus.ts';
import { PgControlBus } from './pg-control-bus.ts';
import { RedisControlBus } from './redis-control-bus.ts';

// The machine's Redis (CI and dev boxes run one on loopback); the test is skipped without it.
const redisUrl = 'redis://127.0.0.1:6379';
const redisUp = await new Promise<boolean>((resolve) => {
  const u = new URL(redisUrl);
  const s = net.connect(Number(u.port || 6379), u.hostname, () => {
    s.destroy();
    resolve(true);
  });
  s.on('error', () => resolve(false));
});

const stop: ControlMessage = {
  type: 'stop',
  callId: 'call_x',
  reason: 'api_stop',
  to: 'node-b/1',
  from: 'node-a/1',
};
const open: ControlBus[] = [];
afterEach(async () => {
  for (const b of open.splice(0)) await b.close();
});

/** Two processes' buses on one channel: what one publishes, both receive once. */
async function roundTrip(make: () => ControlBus) {
  const [one, two] = [make(), make()];
  open.push(one, two);
  await one.start();
  await two.start();
  const got: ControlMessage[][] = [[], []];
  const arrived = new Promise<void>((resolve) => {
    one.subscribe((m) => got[0]!.push(m));
    two.subscribe((m) => {
      got[1]!.push(m);
      resolve();
    });
  });
  await one.publish(stop);
  await arrived;
  await new Promise((r) => setTimeout(r, 50));
  expect(got).toEqual([[stop], [stop]]);
}

describe('parseControlMessage', () => {
  it('accepts the two message types and drops anything else', () => {
    expect(parseControlMessage(JSON.stringify(stop))).toEqual(stop);
    expect(parseControlMessage('{"type":"stopped","callId":"c","to":"x"}')).toEqual({
      type: 'stopped',
      callId: 'c',
      to: 'x',
    });
    for (const bad of [
      'nope',
      '{"type":"stop","callId":"c"}',
      '{"type":"stop","callId":"c","reason":"bogus","to":"a","from":"b"}',
    ])
      expect(parseControlMessage(bad)).toBeUndefined();
  });
});

describe('LocalControlBus', () => {
  it('delivers to every subscriber in the process until it unsubscribes', async () => {
    const bus = new LocalControlBus();
    const got: ControlMessage[] = [];
    const off = bus.subscribe((m) => got.push(m));
    await bus.publish(stop);
    off();
    await bus.publish(stop);
    expect(got).toEqual([stop]);
  });
});

describe.skipIf(!testDatabaseUrl)('PgControlBus (LISTEN/NOTIFY; needs TEST_DATABASE_URL)', () => {
  it('carries a message from one process to every process on the channel', async () => {
    const channel = `parley_control_t_${randomBytes(4).toString('hex')}`;
    const pg = await import('pg');
    const pool = new pg.default.Pool({ connectionString: testDatabaseUrl, max: 2 });
    try {
      await roundTrip(
        () =>
          new PgControlBus({
            url: testDatabaseUrl!,
            channel,
            notify: async (ch, payload) => {
              await pool.query('SELECT pg_notify($1, $2)', [ch, payload]);
            },
            logger: silentLogger(),
          }),
      );
    } finally {
      await pool.end();
    }
  });
});

describe.skipIf(!redisUp)(`RedisControlBus (pub/sub; needs Redis at ${redisUrl})`, () => {
  it('carries a message from one process to every process on the channel', async () => {
    const channel = `parley:test:${randomBytes(4).toString('hex')}`;
    await roundTrip(() => new RedisControlBus(redisUrl, channel, silentLogger()));
  });
});
