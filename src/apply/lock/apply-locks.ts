import type { ApiClient } from '../../api/api-client.js';
import type { ApiClients } from '../../api/api-clients.js';
import { OpstackError } from '../../model/errors.js';
import type { Plan } from '../../model/plan.js';
import { pause } from '../pause.js';
import type { ClusterLock } from './cluster-lock.js';
import { ConsulLock } from './consul-lock.js';
import { LOCK_PATH, LOCK_TTL_MS, type LockHolder, lockRecord } from './lock-record.js';
import { NomadLock } from './nomad-lock.js';

export interface LockOptions {
  readonly holder: LockHolder;
  /** How long to wait for a lock another run holds; 0 fails at once (Terraform's -lock-timeout). */
  readonly timeoutMs: number;
  /** How often a waiting apply tries again. */
  readonly retryIntervalMs: number;
  readonly version: string;
}

/** The locks one apply holds, renewed until released. */
export interface HeldLocks {
  /** Aborted with an OpstackError when a lock is lost (a renewal failed): no new step may start. */
  readonly lost: AbortSignal;
  /** True when some lock was held by another run at first, so the clusters may have moved since the plan. */
  readonly waited: boolean;
  /** Gives every lock back; returns one line per lock that could not be released (it expires with its TTL). */
  release(): Promise<string[]>;
}

/** A renewal every third of the TTL leaves two chances before the lock expires. */
const RENEW_EVERY_MS = LOCK_TTL_MS / 3;

/**
 * Takes the lock of every cluster the plan writes to (one per Consul datacenter or Nomad
 * region, however many stacks target it), in a fixed order so two applies cannot deadlock.
 * A lock another run holds is tried again until `timeoutMs`; then everything taken so far is
 * released and the error names the holder, since when, and how to break a stale lock.
 */
export async function acquireLocks(
  plan: Plan,
  clients: ApiClients,
  options: LockOptions,
  signal?: AbortSignal,
): Promise<HeldLocks> {
  const record = lockRecord(options.holder, new Date(), options.version);
  const locks = clustersWrittenBy(plan, clients).map((client) =>
    client.connection.product === 'consul'
      ? new ConsulLock(client, record, () => new Date())
      : new NomadLock(client, record, () => new Date()),
  );
  const taken: ClusterLock[] = [];
  let waited = false;
  try {
    for (const lock of locks) {
      const held = [...taken];
      taken.push(lock); // a Consul session exists from the first try on: release ends it
      waited = (await acquireOne(lock, held, options, signal)) || waited;
    }
  } catch (error) {
    await releaseAll(taken);
    throw error instanceof OpstackError && error.code === 'AclDenied' ? lockDenied(error) : error;
  }
  return renewing(taken, waited);
}

/**
 * Tries until acquired, the timeout passes or `signal` aborts (then throws its reason); true when it
 * had to wait. The locks already `held` are renewed before each new try: waiting longer than their
 * TTL would otherwise let them expire, and another run take them, before this one even starts.
 */
async function acquireOne(
  lock: ClusterLock,
  held: readonly ClusterLock[],
  options: LockOptions,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await Promise.all(held.map((taken) => taken.renew()));
    const result = await lock.tryAcquire();
    if (result.kind === 'acquired') return attempt > 0;
    if (Date.now() >= deadline) {
      const waited = options.timeoutMs > 0 ? ` (waited ${Math.round(options.timeoutMs / 1000)}s)` : '';
      throw new OpstackError(
        'LockHeld',
        `Another apply holds the lock ${lock.where}: ${result.holder}${waited}. Nothing was changed.`,
        `Wait for it to finish, or let this apply wait with --lock-timeout (e.g. 5m). ${lock.breakHint}`,
      );
    }
    await pause(Math.min(options.retryIntervalMs, Math.max(1, deadline - Date.now())), signal);
  }
}

/** The distinct clusters of the stacks that have steps, in a fixed order. */
function clustersWrittenBy(plan: Plan, clients: ApiClients): ApiClient[] {
  const byCluster = new Map<string, ApiClient>();
  for (const stack of plan.stacks) {
    if (stack.steps.length === 0) continue;
    const client = clients.for(stack.target);
    const { product, baseUrl, scope } = client.connection;
    byCluster.set(JSON.stringify([product, baseUrl, scope?.value ?? '']), client);
  }
  return [...byCluster.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, client]) => client);
}

function renewing(locks: readonly ClusterLock[], waited: boolean): HeldLocks {
  const controller = new AbortController();
  const timer = setInterval(() => {
    for (const lock of locks) {
      lock.renew().catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const why = error instanceof Error ? error.message : String(error);
        controller.abort(
          new OpstackError(
            'LockLost',
            `Lost the lock ${lock.where}: renewing it failed (${why}).`,
            'Another run may have broken it. Nothing more was started; run `opstack plan` to see where things stand.',
          ),
        );
      });
    }
  }, RENEW_EVERY_MS);
  timer.unref();
  return {
    lost: controller.signal,
    waited,
    async release() {
      clearInterval(timer);
      return releaseAll(locks);
    },
  };
}

async function releaseAll(locks: readonly ClusterLock[]): Promise<string[]> {
  const problems: string[] = [];
  for (const lock of locks) {
    try {
      await lock.release();
    } catch (error) {
      problems.push(
        `Could not release the lock ${lock.where} ` +
          `(${error instanceof Error ? error.message : String(error)}); it expires on its own.`,
      );
    }
  }
  return problems;
}

function lockDenied(error: OpstackError): OpstackError {
  return new OpstackError(
    'AclDenied',
    `${error.message} opstack takes a lock (${LOCK_PATH}) before it writes.`,
    'On Consul the token needs `key "opstack/lock" { policy = ' +
      '"write" }` and `session_prefix "" { policy = "write" }`; ' +
      'on Nomad `variables { path "opstack/lock" { capabilities = ["write", "read"] } }` in the default namespace. ' +
      'Or skip the lock with --lock=false (only when nothing else can apply at the same time).',
  );
}
