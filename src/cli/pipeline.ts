import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiClients } from '../api/api-clients.js';
import { endpointOf } from '../api/endpoint.js';
import type { Environment } from '../api/connection.js';
import { type EndpointOf, loadDesired } from '../desired/load-desired.js';
import { readKeyReference } from '../secrets/key-references.js';
import { InvalidStacksError, OpstackError } from '../model/errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Plan } from '../model/plan.js';
import type { PlanReport, StackFailure } from '../model/report.js';
import type { DesiredStack } from '../model/stack.js';
import { assemblePlan, planStack } from '../plan/plan.js';
import { readClusterIdentity } from '../read/cluster-identity.js';
import { readLive } from '../read/read-live.js';
import { renderDiagnostics } from '../render/text.js';
import { readSynthOutput, type SynthesizedStack } from '../synth/synth-output.js';
import type { CliIo } from './io.js';
import { synthApp } from './synth-app.js';
import { clientOptionsFor, type GlobalOptions, paletteFor, type StackSelection } from './options.js';

/** Runs the cdktf app into a temporary directory (or reads --synth-dir) and returns the stacks. */
async function synthesize(options: GlobalOptions, io: CliIo): Promise<SynthesizedStack[]> {
  if (options.synthDir) return readSynthOutput(resolve(io.cwd, options.synthDir));
  const dir = await synthApp(options.app, io);
  try {
    return await readSynthOutput(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The selected stacks, and the loader's warnings about them (which reports carry too). */
export interface LoadedStacks {
  readonly stacks: readonly DesiredStack[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Synthesises and loads the desired state of the selected stacks (`--stack`, and the command's
 * positionals where it has them). Diagnostics go to stderr; any error stops here, before a single
 * HTTP request.
 */
export async function loadStacks(options: GlobalOptions & StackSelection, io: CliIo, positionals: readonly string[] = []): Promise<LoadedStacks> {
  const selection = [...positionals, ...(options.stack ?? [])];
  const { stacks, diagnostics } = loadDesired(await synthesize(options, io), (reference) => readKeyReference(reference, io.env), endpointFor(io.env));
  if (diagnostics.length > 0) io.stderr(renderDiagnostics(diagnostics, paletteFor(options, io)));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) {
    throw new InvalidStacksError(`The stacks have ${errors} error${errors === 1 ? '' : 's'} (above); nothing was sent to any cluster.`, 'Fix them and run the command again.', diagnostics);
  }
  const unknown = selection.filter((name) => !stacks.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new OpstackError('InvalidStacks', `No stack named ${unknown.map((n) => `"${n}"`).join(', ')}.`, `Stacks in this app: ${stacks.map((s) => s.name).join(', ') || '(none)'}.`);
  }
  const selected = (name: string | undefined) => name === undefined || selection.length === 0 || selection.includes(name);
  return { stacks: stacks.filter((s) => selected(s.name)), diagnostics: diagnostics.filter((d) => selected(d.stack)) };
}

/** Reads every stack's clusters and plans; stacks that cannot be read or planned are reported as failures. */
export async function buildReport(mode: PlanReport['mode'], { stacks, diagnostics }: LoadedStacks, clients: ApiClients): Promise<PlanReport> {
  const reads = await readLive(stacks, clients);
  const failures: StackFailure[] = [];
  for (const read of reads) {
    if (read.ok) continue;
    if (!(read.error instanceof OpstackError)) throw read.error;
    failures.push(failureOf(read.stack.name, read.error));
  }
  // A stack whose plan is refused (a guard, an ambiguous peer) fails alone, like one that cannot be read.
  const planned = reads.flatMap((read) => {
    if (!read.ok) return [];
    const result = planStack(read);
    if (result.ok) return [result.plan];
    failures.push(...result.refusals.map(({ code, message, hint }) => ({ stack: result.stack, code, message, hint })));
    return [];
  });
  return { mode, plan: assemblePlan(planned), failures, diagnostics };
}

/** Runs `work` with clients for the command's lifetime, closing their connection pools after. */
export async function withClients<T>(options: GlobalOptions, io: CliIo, work: (clients: ApiClients) => Promise<T>): Promise<T> {
  const clients = new ApiClients(io.env, clientOptionsFor(options, io));
  try {
    return await work(clients);
  } finally {
    await clients.close();
  }
}

/** A stack that failed, as reports show it. */
export function failureOf(stack: string, error: OpstackError): StackFailure {
  return { stack, code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
}

/**
 * Records, per stack, the cluster it reached (normalised address, datacenter or region, raft
 * server IDs from autopilot health), for a plan that is saved: `apply <file>` refuses another.
 */
export async function bindToClusters(plan: Plan, clients: ApiClients): Promise<Plan> {
  const stacks = await Promise.all(
    plan.stacks.map(async (stack) => {
      try {
        return { ...stack, cluster: await readClusterIdentity(clients.for(stack.target)) };
      } catch (error) {
        if (!(error instanceof OpstackError)) throw error;
        throw new OpstackError(error.code, `Stack ${stack.name}: the plan cannot be saved, because the autopilot health that binds it to its cluster could not be read: ${error.message}`, error.hint);
      }
    }),
  );
  return { ...plan, stacks };
}

/** Each target's endpoint as the clients will resolve it; an address the client would refuse is compared as written. */
export function endpointFor(env: Environment): EndpointOf {
  return (target) => {
    try {
      return endpointOf(target, env);
    } catch {
      return target.address ?? '';
    }
  };
}
