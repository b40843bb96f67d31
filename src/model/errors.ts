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
  | 'KeyChanged'
  | 'EnterpriseRequired'
  | 'GuardRefused'
  | 'UnsupportedByServer'
  | 'WouldOverwrite';


export class OpstackError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What to check or do next. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'OpstackError';
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
