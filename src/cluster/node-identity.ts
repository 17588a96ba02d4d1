import { randomBytes } from 'node:crypto';
import os from 'node:os';

/** This Parley process among the nodes sharing one store. */
export interface NodeIdentity {
  /** PARLEY_NODE_ID, or host + pid when unset. */
  nodeId: string;
  /** Node id + a random boot id: what leases and claims record, so a restarted process is a new holder. */
  holder: string;
  /** The node id was configured: it is stable across restarts, so on start the leases of earlier runs are known dead. */
  stable: boolean;
}

export function nodeIdentity(configured: string | undefined): NodeIdentity {
  const nodeId = configured ?? `${os.hostname()}-${process.pid}`;
  return { nodeId, holder: `${nodeId}/${randomBytes(4).toString('hex')}`, stable: configured !== undefined };
}
