import { resolve } from 'node:path';
import { ApiClients, resolveConnection } from '../api/api-clients.js';
import { endpointOf } from '../api/endpoint.js';
import type { Environment } from '../api/connection.js';
import { type EndpointOf, loadDesired } from '../desired/load-desired.js';
import { type KeyRead, readKeyReference } from '../secrets/key-references.js';
import { InvalidStacksError, OpstackError } from '../model/errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Plan } from '../model/plan.js';
import type { PlanReport, StackFailure } from '../model/report.js';
import type { DesiredStack } from '../model/stack.js';
import { assemblePlan, planStack } from '../plan/plan.js';
import { readClusterIdentity } from '../read/cluster-identity.js';
import { readLive } from '../read/read-live.js';
import { findSharedObjects } from '../read/shared-objects.js';
import { renderDiagnostics } from '../render/text.js';
import { VALIDATE_HINT } from '../synth/run-app.js';
import { readSynthOutput, type SynthesizedStack } from '../synth/synth-output.js';
import type { RunIo } from './io.js';
import { synthApp } from './synth-app.js';
import {
  clientOptionsFor,
  type ConnectionOptions,
  durationOption,
  type GlobalOptions,
  paletteFor,
  type StackSelection,
} from './options.js';

/**
 * Runs the cdktf app into a temporary directory (or reads --synth-dir) and returns the stacks.
 * The temporary directory is removed on every way out: it holds whatever the app wrote.
 */
async function synthesize(options: GlobalOptions, io: RunIo): Promise<SynthesizedStack[]> {
  // Checked with --synth-dir too: a value given is input, refused when wrong even where unused.
  const timeoutMs = durationOption('synth-timeout', options.synthTimeout, '30s or 10m');
  if (options.synthDir)
    return requireStacks(await readSynthOutput(resolve(io.cwd, options.synthDir)), `--synth-dir ${options.synthDir}`);
  const run = await synthApp(options.app, io, timeoutMs);
  try {
    return requireStacks(await readSynthOutput(run.dir), 'The cdktf app');
  } finally {
    await run.dispose();
  }
}

/** An app (or a directory) without stacks is a mistake, not "No changes". */
export function requireStacks(stacks: SynthesizedStack[], source: string): SynthesizedStack[] {
  if (stacks.length > 0) return stacks;
  throw new OpstackError(
    'SynthFailed',
    `${source} produced no stacks (its manifest.json lists none).`,
    'Check that the app creates its stacks and calls app.synth().',
  );
}

/** The selected stacks, and the loader's warnings about them (which reports carry too). */
export interface LoadedStacks {
  readonly stacks: readonly DesiredStack[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Synthesises and loads the desired state of the selected stacks (`--stack`, and the command's
 * positionals where it has them), and checks how each one's cluster would be reached (address,
 * TLS files, environment). Diagnostics go to stderr; any error stops here, before a single HTTP
 * request to any cluster.
 */
export async function loadStacks(
  options: GlobalOptions & StackSelection,
  io: RunIo,
  positionals: readonly string[] = [],
): Promise<LoadedStacks> {
  const selection = [...positionals, ...(options.stack ?? [])];
  clientOptionsFor(options, io); // flags are checked before the app runs
  const synthesized = await synthesize(options, io);
  const loaded = loadDesired(
    synthesized,
    (reference) => rememberKey(readKeyReference(reference, io.env), io),
    endpointFor(io.env),
  );
  const unknown = selection.filter((name) => !loaded.stacks.some((s) => s.name === name));
  if (unknown.length > 0 && loaded.stacks.length > 0) {
    throw new OpstackError(
      'InvalidStacks',
      `No stack named ${unknown.map((n) => `"${n}"`).join(', ')}.`,
      `Stacks in this app: ${loaded.stacks.map((s) => s.name).join(', ')}.`,
    );
  }
  const selected = (name: string | undefined) =>
    name === undefined || selection.length === 0 || selection.includes(name);
  const stacks = loaded.stacks.filter((s) => selected(s.name));
  // Connection problems come with the stacks' other errors, not only once those are fixed.
  const reachable = loaded.decoded.filter((s) => selected(s.name));
  const diagnostics = [...loaded.diagnostics, ...reachable.flatMap((stack) => connectionProblems(stack, io))];
  if (diagnostics.length > 0) io.stderr(renderDiagnostics(diagnostics, paletteFor(options, io)));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) {
    const message =
      `The stacks have ${errors} error${errors === 1 ? '' : 's'} (above); nothing was sent to ` +
      `any cluster.${secretNotice(diagnostics, synthesized, options.synthDir !== undefined)}`;
    throw new InvalidStacksError(message, `Fix them and run the command again. ${VALIDATE_HINT}`, diagnostics);
  }
  return { stacks, diagnostics: diagnostics.filter((d) => selected(d.stack)) };
}

/** Why a stack's cluster cannot be reached as configured (address, scheme, TLS files, variables), as diagnostics. */
function connectionProblems(stack: DesiredStack, io: RunIo): Diagnostic[] {
  try {
    resolveConnection(stack.target, io.env);
    return [];
  } catch (error) {
    if (!(error instanceof OpstackError)) throw error;
    return [
      {
        severity: 'error',
        summary: error.message,
        ...(error.hint ? { detail: error.hint } : {}),
        stack: stack.name,
        constructPath: `${stack.name}/provider.${stack.target.product}`,
      },
    ];
  }
}

/**
 * Where the app wrote a secret that a stack was refused for: a kept directory still holds it
 * (the user must delete it); opstack's own temporary directory has already been removed.
 */
export function secretNotice(
  diagnostics: readonly Diagnostic[],
  synthesized: readonly SynthesizedStack[],
  kept: boolean,
): string {
  const stacks = new Set(diagnostics.filter((d) => d.holdsSecret).map((d) => d.stack));
  const files = synthesized.filter((s) => stacks.has(s.name)).map((s) => s.file ?? s.name);
  if (files.length === 0) return '';
  return kept
    ? ` The app wrote that secret in clear to ${files.join(', ')}: ` +
        `delete ${files.length === 1 ? 'it' : 'them'}, and rotate the secret if the file was shared.`
    : ' The app wrote that secret in clear into its synth output; opstack has ' +
        'deleted its temporary copy, but check where else the app writes (cdktf.out).';
}

/** Reads every stack's clusters and plans; stacks that cannot be read or planned are reported as failures. */
export async function buildReport(
  mode: PlanReport['mode'],
  { stacks, diagnostics }: LoadedStacks,
  clients: ApiClients,
): Promise<PlanReport> {
  const reads = await readLive(stacks, clients);
  const failures: StackFailure[] = [];
  for (const read of reads) {
    if (read.ok) continue;
    if (!(read.error instanceof OpstackError)) throw read.error;
    failures.push(failureOf(read.stack.name, read.error));
  }
  // Two stacks that reach one object under different addresses both fail: either plan would undo the other.
  const shared = await findSharedObjects(reads, clients);
  failures.push(...shared.map(({ stack, error }) => failureOf(stack, error)));
  // A stack whose plan is refused (a guard, an ambiguous peer) fails alone, like one that cannot be read.
  const planned = reads.flatMap((read) => {
    if (!read.ok || shared.some((refusal) => refusal.stack === read.stack.name)) return [];
    const result = planStack(read);
    if (result.ok) return [result.plan];
    failures.push(...result.refusals.map(({ code, message, hint }) => ({ stack: result.stack, code, message, hint })));
    return [];
  });
  return { mode, plan: assemblePlan(planned), failures, diagnostics };
}

/** Runs `work` with clients for the command's lifetime, closing their connection pools after. */
export async function withClients<T>(
  options: ConnectionOptions,
  io: RunIo,
  work: (clients: ApiClients) => Promise<T>,
): Promise<T> {
  const clients = new ApiClients(io.env, clientOptionsFor(options, io), io.redactor);
  try {
    return await work(clients);
  } finally {
    await clients.close();
  }
}

/** Reads a declared key for the loader, and registers it so that no output can carry it. */
export function rememberKey(read: KeyRead, io: RunIo): KeyRead {
  if (read.ok) io.redactor.addKey(read.key);
  return read;
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
        throw new OpstackError(
          error.code,
          `Stack ${stack.name}: the plan cannot be saved, because the autopilot ` +
            `health that binds it to its cluster could not be read: ${error.message}`,
          error.hint,
        );
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
