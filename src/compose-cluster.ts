import { ClusterCallLauncher } from './cluster/cluster-call-launcher.ts';
import { type ControlBus, LocalControlBus } from './cluster/control-bus.ts';
import type { NodeIdentity } from './cluster/node-identity.ts';
import { PgControlBus } from './cluster/pg-control-bus.ts';
import { RedisControlBus } from './cluster/redis-control-bus.ts';
import { Watchdog } from './cluster/watchdog.ts';
import { leaseMs } from './compose-post-call.ts';
import type { Config } from './config/config.ts';
import type { CallLauncher } from './domain/call/call-launcher.ts';
import type { CallLifecycleService } from './domain/call/call-lifecycle-service.ts';
import type { CallEventPublisher } from './domain/webhook/call-event-publisher.ts';
import type { WebhookOutbox } from './domain/webhook/webhook-outbox.ts';
import { postCallJobs } from './jobs/handlers/finalize-call.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import type { PgCallSlots } from './store/call-slots-repo.ts';
import { PgCallRepo } from './store/calls-repo.ts';
import type { Store } from './store/db.ts';
import type { PgOutboxRepo } from './store/outbox-repo.ts';
import { PgWatchdogRepo } from './store/watchdog-repo.ts';

export interface ClusterInput {
  config: Config;
  store: Store;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  node: NodeIdentity;
  slots: PgCallSlots;
  lifecycle: CallLifecycleService;
  events: CallEventPublisher;
  outbox: WebhookOutbox;
  outboxRepo: PgOutboxRepo;
}

/** The call-control channel: Redis pub/sub with REDIS_URL, else PostgreSQL LISTEN/NOTIFY, else in-process (PGlite). */
function controlBus(input: ClusterInput): ControlBus {
  const { config, store, logger } = input;
  const channel = `parley_control_${store.schema}`;
  if (config.redis) return new RedisControlBus(config.redis.url, channel, logger);
  if (store.kind === 'postgres' && store.url)
    return new PgControlBus({
      url: store.url,
      channel,
      notify: async (ch, payload) => {
        await store.query('SELECT pg_notify($1, $2)', [ch, payload]);
      },
      logger,
    });
  return new LocalControlBus();
}

/** Scale-out and recovery (issue 5): the control bus, the watchdog, and the cluster-aware launcher. */
export function composeCluster(input: ClusterInput) {
  const { clock, logger, node, store } = input;
  const bus = controlBus(input);
  const watchdog = new Watchdog({
    repo: new PgWatchdogRepo(store.db),
    calls: new PgCallRepo(store.db),
    slots: input.slots,
    lifecycle: input.lifecycle,
    events: input.events,
    jobs: postCallJobs(input.queue),
    outbox: input.outbox,
    expireEarlierClaims: (all) =>
      input.outboxRepo.expireEarlierClaims(node.holder, node.nodeId, all, new Date(clock.now())),
    clock,
    logger,
    leaseMs,
  });
  let started = false;
  return {
    bus,
    watchdog,
    /** Wrap this process's engine so `stop` reaches whichever process runs the call. */
    launcher: (local: CallLauncher) =>
      new ClusterCallLauncher({
        local,
        slots: input.slots,
        bus,
        node,
        failOrphan: async (orgId, callId) => {
          await watchdog.failCall(orgId, callId);
        },
        clock,
        logger,
      }),
    /** Listen for call control, recover what a dead process left, then keep watching. */
    async start(): Promise<void> {
      if (started) return;
      started = true;
      await bus.start();
      const report = await watchdog.recover({
        allOtherHoldersDead: store.kind === 'pglite',
        stableNodeId: node.stable,
      });
      logger.info({ node: node.holder, ...report }, 'recovery pass done');
      watchdog.start();
    },
    async stop(): Promise<void> {
      if (!started) return;
      started = false;
      watchdog.stop();
      await bus.close();
    },
  };
}
