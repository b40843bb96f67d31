import type { ApiClient } from '../api/api-client.js';
import type { Environment } from '../api/connection.js';
import { multierrorItems } from '../api/multierror.js';
import { ApiError, KeyringUnansweredError, OpstackError } from '../model/errors.js';
import { type KeyReference } from '../model/keyring.js';
import { describeReference } from '../secrets/describe-reference.js';
import type { HttpStep, KeyringCondition, KeySource, WaitStep } from '../model/plan.js';
import { readGossipKeyring } from '../read/gossip-keyring.js';
import { isObject } from '../read/answer-shape.js';
import type { KeyringRead } from '../read/keyring-read.js';
import { readKeyReference } from '../secrets/key-references.js';
import { fingerprint } from '../util/fingerprint.js';
import { describeStepCall } from '../util/step-call.js';
import { pause } from './pause.js';
import { checkPeerRemovable } from './raft-gates.js';
import { coverageOf, describeCoverage, isCovered, measure, type PoolCoverage } from './keyring-gates.js';
import { notConvergedError, unansweredError } from './wait-timeout.js';

export interface StepContext {
  readonly client: ApiClient;
  readonly env: Environment;
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
  /** Coverage while a wait polls, for progress display. */
  readonly onProgress: (coverage: readonly PoolCoverage[]) => void;
  /** When aborted, a wait stops polling at once (it only reads, so abandoning it is safe). */
  readonly signal?: AbortSignal;
}

/** What running a step did: `skipped` when a re-check found nothing left to do. */
export type StepResult = 'done' | 'skipped';

/** Sends one planned write, after checking its precondition, and checks the answer. */
export async function runHttpStep(step: HttpStep, context: StepContext): Promise<StepResult> {
  const checked = await checkPrecondition(step, context);
  if (checked === 'nothing-to-do') return 'skipped';
  let key: string | undefined;
  if (step.key) {
    key = await resolveKey(step, step.key, checked.keyring, context);
    // A key to remove that no pool holds any more is already gone: nothing to do.
    if (key === undefined) return 'skipped';
  }
  const body = key === undefined ? step.body : { ...(step.body as object), Key: key };
  let answer: string;
  try {
    answer = await context.client.write(step.method, step.path, { ...step.query }, body);
  } catch (error) {
    throw step.key ? keyringWriteError(step, error) : error;
  }
  if (step.expect === 'status-200') return 'done';
  const outcome = casOutcome(step.expect, answer);
  if (outcome === 'refused') throw casConflict(step);
  if (outcome === 'unusable') throw casUnusable(step);
  return 'done';
}

/**
 * What a check-and-set write's 200 says: consul-operator-api.md §4.5, `true` or `false`;
 * nomad-operator-api.md §3.6, `{"Updated":true|false,"Index":N}`. Anything else (a proxy's page,
 * `null`, another shape) says neither, and is not taken for either.
 */
function casOutcome(expect: 'cas-true' | 'updated-true', answer: string): 'applied' | 'refused' | 'unusable' {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return 'unusable';
  }
  const result = expect === 'cas-true' ? parsed : isObject(parsed) ? parsed.Updated : undefined;
  return result === true ? 'applied' : result === false ? 'refused' : 'unusable';
}

function casUnusable(step: HttpStep): OpstackError {
  return new OpstackError(
    'UnexpectedAnswer',
    `${step.address}: ${describeStepCall(step)} answered 200 with something that is not the check-and-set ` +
      'result, so opstack cannot tell whether it was written; it stopped before any further step.',
    "Check that the address is the agent's HTTP API itself (not a proxy or another service). Then run " +
      '`opstack plan`: it shows whether the change is live, and apply continues from there.',
  );
}

function casConflict(step: HttpStep): OpstackError {
  return new OpstackError(
    'CasConflict',
    `${step.address}: the object changed after opstack read it ` +
      `(${describeStepCall(step)} was refused by check-and-set; nothing was written).`,
    'Someone or something else changed it in the meantime. ' +
      'Run `opstack plan` again to see the current state, then apply.',
  );
}

/** Polls the keyring until the wait's condition holds in every pool, or the timeout passes. */
export async function runWaitStep(step: WaitStep, context: StepContext): Promise<StepResult> {
  const deadline = Date.now() + context.waitTimeoutMs;
  for (;;) {
    let coverage: PoolCoverage[];
    try {
      coverage = await measure(context.client, step.until);
    } catch (error) {
      // A node that stopped answering (observed-real-servers.md §3) usually comes back or is marked failed: keep
      // polling.
      if (!(error instanceof KeyringUnansweredError)) throw error;
      if (Date.now() >= deadline) throw await unansweredError(step, error, context.client, context.waitTimeoutMs);
      context.onProgress(
        error.pools.map((p) => ({
          pool: `${p.pool} (a node is not answering)`,
          have: p.answered,
          total: p.total,
          messages: {},
        })),
      );
      await pause(context.pollIntervalMs, context.signal);
      continue;
    }
    context.onProgress(coverage);
    if (isCovered(coverage)) return 'done';
    if (Date.now() >= deadline) throw await notConvergedError(step, coverage, context.client, context.waitTimeoutMs);
    await pause(context.pollIntervalMs, context.signal);
  }
}

/**
 * Checks what apply itself must check before the write, by who checks it: the server checks a
 * CAS; apply re-judges a raft guard and measures a keyring condition on fresh reads. Returns the
 * keyring it read, if any, so a removal can find its live key without another request.
 */
async function checkPrecondition(
  step: HttpStep,
  context: StepContext,
): Promise<'nothing-to-do' | { keyring?: KeyringRead }> {
  const precondition = step.precondition;
  if (precondition === undefined) return {};
  switch (precondition.kind) {
    case 'cas':
      return {}; // sent as ?cas=; the answer says whether it held
    case 'peer-removable':
      return (await checkPeerRemovable(step, precondition, context.client)) === 'gone' ? 'nothing-to-do' : {};
    case 'keys-installed':
    case 'only-keys':
    case 'key-primary':
    case 'safe-to-remove': {
      const keyring = await readGossipKeyring(context.client);
      const coverage = coverageOf(keyring.pools, precondition);
      if (!isCovered(coverage)) {
        throw new OpstackError(
          'KeyringNotConverged',
          `${step.address}: refusing to ${step.description}: ${whyNotYet(precondition)} ` +
            `(${describeCoverage(coverage)}).`,
          'Nothing was written by this step. Run `opstack plan` to see where the keyring stands; ' +
            'apply again once every node agrees.',
        );
      }
      return { keyring };
    }
    default: {
      const unreachable: never = precondition;
      return unreachable;
    }
  }
}

/** What is still missing while a keyring condition does not hold, in the words of a refusal. */
function whyNotYet(condition: KeyringCondition): string {
  switch (condition.kind) {
    case 'keys-installed':
      return 'not every node has the keys it needs';
    case 'only-keys':
      return 'some node still has a key that is being removed';
    case 'key-primary':
      return 'the key is not yet primary on every node';
    case 'safe-to-remove':
      return 'the key is still primary on some nodes, or some node lacks a declared key';
    default: {
      const unreachable: never = condition;
      return unreachable;
    }
  }
}

/** The key a write sends: found in the live keyring by fingerprint, or read again from its reference. */
async function resolveKey(
  step: HttpStep,
  source: KeySource,
  keyring: KeyringRead | undefined,
  context: StepContext,
): Promise<string | undefined> {
  switch (source.kind) {
    case 'live':
      return (keyring ?? (await readGossipKeyring(context.client))).keysByFingerprint.get(source.fingerprint);
    case 'reference':
      return resolveReference(step, source.reference, source.fingerprint, context);
    default: {
      const unreachable: never = source;
      return unreachable;
    }
  }
}

/** A declared key, read again now and checked against the fingerprint the plan was made for. */
function resolveReference(step: HttpStep, reference: KeyReference, planned: string, context: StepContext): string {
  const read = readKeyReference(reference, context.env);
  if (!read.ok)
    throw new OpstackError(
      'KeyChanged',
      `${step.address}: ${read.problem}`,
      'Provide the key where the stack says it is, then run apply again.',
    );
  context.client.secrets.addKey(read.key);
  if (fingerprint(read.key) !== planned) {
    throw new OpstackError(
      'KeyChanged',
      `${step.address}: the key behind ${describeReference(reference)} is now ${fingerprint(read.key)}, ` +
        `but the plan was made for ${planned}. Nothing was written by this step.`,
      'Run `opstack plan` again with the key you mean to install.',
    );
  }
  return read.key;
}

/**
 * Consul answers a keyring write that failed on some nodes with a multierror text naming each
 * pool and node (consul-operator-api.md §4.4); reshape the answer's body into one line per node.
 */
function keyringWriteError(step: HttpStep, error: unknown): unknown {
  if (!(error instanceof ApiError) || error.code !== 'ServerError') return error;
  // Nomad: `<n>/<m> nodes reported failure` (some failed), or `… reported success` (some did not answer),
  // without saying which (nomad-operator-api.md §3.8, SF:serf/keymanager.go:136-142).
  const nomad = /^(\d+\/\d+) nodes reported (failure|success)/.exec(error.answer.body);
  if (nomad) {
    const [, count, outcome] = nomad;
    return new OpstackError(
      'KeyringNodeFailure',
      `${step.address}: ${step.description} ` +
        (outcome === 'failure'
          ? `failed on ${count} Nomad servers; Nomad does not say which.`
          : `reached only ${count} Nomad servers: the others did not answer, and Nomad does not say which.`),
      'Nomad does not roll back: the servers that succeeded keep the change. Check the server logs ' +
        '(`nomad server members` for ones that are down), then ' +
        'run apply again; it continues from where the keyring is.',
    );
  }
  const items = multierrorItems(error.answer.body);
  const nodeLines = items.filter((line) => !/\berror: /.test(line));
  const poolLines = items.filter((line) => /\berror: /.test(line));
  return new OpstackError(
    'KeyringNodeFailure',
    `${step.address}: ${step.description} failed on some nodes: ${[...poolLines, ...nodeLines].join('; ')}.`,
    'Consul does not roll back: the nodes that succeeded keep the change. ' +
      'Fix the nodes named above, then run apply again; it continues from where the keyring is.',
    { cause: error },
  );
}
