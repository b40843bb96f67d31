import type { Diagnostic } from './diagnostic.js';

/**
 * Stable codes for failures that stop a command. Messages say what is wrong and what to do;
 * they never hold a token or key.
 */
export type ErrorCode =
  | 'InvalidStacks'
  | 'SynthFailed'
  | 'AclDenied'
  | 'AclNotFound'
  | 'NoLeader'
  | 'NoPathToDatacenter'
  | 'UnknownEndpoint'
  | 'ConnectionFailed'
  | 'TlsFailed'
  | 'Timeout'
  | 'BadRequest'
  | 'ServerError'
  /** A redirect or a 401: a proxy or load balancer answered, not the agent (neither sends them). */
  | 'NotTheAgent'
  /** A server answer opstack cannot use: not JSON, or not the shape the endpoint documents. */
  | 'UnexpectedAnswer'
  | 'CasConflict'
  | 'PlanStale'
  | 'PlanFileInvalid'
  | 'VerifyFailed'
  | 'ApprovalRequired'
  | 'Aborted'
  | 'InvalidConfig'
  | 'EncryptionDisabled'
  | 'KeyringNotConverged'
  | 'KeyringNodeFailure'
  /** A keyring query was not answered by every member: a node died or stopped answering. */
  | 'KeyringNodeUnreachable'
  | 'KeyChanged'
  | 'EnterpriseRequired'
  | 'GuardRefused'
  /** Two stacks declare one live object (a datacenter's singleton, a federation's keyring) at different addresses. */
  | 'DuplicateDeclaration'
  | 'PlanMismatch'
  | 'WrongCluster'
  | 'UnsupportedByServer'
  | 'WouldOverwrite'
  /** `--rehearse`: the plan did not converge on the simulator's copy of the clusters. */
  | 'RehearsalFailed'
  | 'LockHeld'
  | 'LockLost'
  | 'Interrupted';

export class OpstackError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What to check or do next. */
    readonly hint?: string,
    /** The lower-level error this one explains (a socket error, a JSON parse error), for debugging. */
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OpstackError';
  }
}

/** A server's error answer, as it came: so callers decide on fields, never on message text. */
export interface ServerAnswer {
  readonly status: number;
  /** `<METHOD> <path>`, without the query (which may name a datacenter, never a token). */
  readonly endpoint: string;
  /** The answer's body, trimmed; any token it might quote is redacted. */
  readonly body: string;
}

/** An HTTP error answer from Consul or Nomad, typed by its code, with the answer itself. */
export class ApiError extends OpstackError {
  constructor(
    code: ErrorCode,
    message: string,
    hint: string,
    readonly answer: ServerAnswer,
  ) {
    super(code, message, hint);
    this.name = 'ApiError';
  }
}

/** The stacks have errors; carries every diagnostic so a JSON caller can print them as a document. */
export class InvalidStacksError extends OpstackError {
  constructor(
    message: string,
    hint: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super('InvalidStacks', message, hint);
  }
}

/** A gossip pool in which not every member answered a keyring query. */
export interface UnansweredPool {
  readonly pool: string;
  readonly answered: number;
  readonly total: number;
}

/**
 * The keyring list failed because some member did not answer (observed-real-servers.md §3: for
 * 25–45 s after a Consul server dies, `WAN error: 2/3 nodes reported success`). Waits keep polling
 * through it; a plan stops with it.
 */
export class KeyringUnansweredError extends OpstackError {
  constructor(
    message: string,
    hint: string,
    readonly pools: readonly UnansweredPool[],
  ) {
    super('KeyringNodeUnreachable', message, hint);
  }
}

/** The signals opstack stops for: Ctrl-C, and what CI runners and `kill` send. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Apply was stopped by a signal between steps (the step in flight finished, a wait was abandoned). */
export class InterruptedError extends OpstackError {
  constructor(readonly signal: StopSignal) {
    super('Interrupted', `Interrupted by ${signal}: no step was started after it.`);
  }
}
