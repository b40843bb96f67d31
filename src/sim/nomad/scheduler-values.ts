/**
 * Nomad's scheduler configuration (nomad-operator-api.md §3.6) as the simulator stores,
 * decodes and encodes it:
 *  - stored: `structs.SchedulerConfiguration` (uint as bigint) plus its raft indexes;
 *  - PUT body: `json.NewDecoder(body).Decode(&api.SchedulerConfiguration{})` — plain
 *    encoding/json: keys match exactly, else case-insensitively; unknown keys are ignored;
 *    every field not sent is zero (a full replacement, like autopilot); a type error is
 *    saved (the first wins) and reported after the whole object; `null` leaves a field zero;
 *  - GET body: the struct's fields (N:api/operator.go:169-198; encode.ts writes them sorted), a field the
 *    simulated server version lacks (`NodeLimitForFeasibilityChecks` before v2.0.1, §5)
 *    left out of both decoding and encoding.
 * The encoding/json type-error wording follows Go ≥ 1.24 (full field path); UNCONFIRMED.
 */
import { decodeFirstJsonValue, type GoJsonNode } from '../go-json-decode.js';
import type { GoJsonValue } from '../go-json-encode.js';
import { decodeGoScalar, findGoField, type GoScalarKind } from '../go-json-fields.js';

export interface PreemptionValues {
  SystemSchedulerEnabled: boolean;
  SysBatchSchedulerEnabled: boolean;
  BatchSchedulerEnabled: boolean;
  ServiceSchedulerEnabled: boolean;
}

export interface SchedulerValues {
  SchedulerAlgorithm: string;
  PreemptionConfig: PreemptionValues;
  MemoryOversubscriptionEnabled: boolean;
  RejectJobRegistration: boolean;
  PauseEvalBroker: boolean;
  NodeLimitForFeasibilityChecks: bigint;
}

export interface StoredSchedulerConfig extends SchedulerValues {
  CreateIndex: number;
  ModifyIndex: number;
}

/** The public control API's shape: GET's `SchedulerConfig` as a client parses it. */
export interface NomadSchedulerOutput {
  SchedulerAlgorithm: string;
  PreemptionConfig: PreemptionValues;
  MemoryOversubscriptionEnabled: boolean;
  RejectJobRegistration: boolean;
  PauseEvalBroker: boolean;
  /** Absent when the simulated version lacks it. */
  NodeLimitForFeasibilityChecks?: number;
  CreateIndex: number;
  ModifyIndex: number;
}

/** An out-of-band change (another operator, the agent's `default_scheduler_config`): merged. */
type SchedulerFlatFields = Omit<NomadSchedulerOutput, 'PreemptionConfig' | 'CreateIndex' | 'ModifyIndex'>;
export type NomadSchedulerPatch = Partial<SchedulerFlatFields> & {
  PreemptionConfig?: Partial<PreemptionValues>;
};

const PREEMPTION_FIELDS: ReadonlyArray<readonly [keyof PreemptionValues, GoScalarKind]> = [
  ['SystemSchedulerEnabled', 'bool'],
  ['SysBatchSchedulerEnabled', 'bool'],
  ['BatchSchedulerEnabled', 'bool'],
  ['ServiceSchedulerEnabled', 'bool'],
];

/** `api.SchedulerConfiguration` in declaration order; PreemptionConfig is the one nested struct. */
const TOP_FIELDS: ReadonlyArray<readonly [string, GoScalarKind | 'struct', string]> = [
  ['SchedulerAlgorithm', 'string', 'api.SchedulerAlgorithm'],
  ['PreemptionConfig', 'struct', 'api.PreemptionConfig'],
  ['MemoryOversubscriptionEnabled', 'bool', 'bool'],
  ['RejectJobRegistration', 'bool', 'bool'],
  ['PauseEvalBroker', 'bool', 'bool'],
  ['NodeLimitForFeasibilityChecks', 'uint', 'uint'],
  ['CreateIndex', 'uint64', 'uint64'],
  ['ModifyIndex', 'uint64', 'uint64'],
];

/** Defaults the first leader writes (§3.6, N:nomad/config.go:707-715). */
export function schedulerDefaults(): SchedulerValues {
  return {
    ...schedulerZero(),
    SchedulerAlgorithm: 'binpack',
    PreemptionConfig: { ...schedulerZero().PreemptionConfig, SystemSchedulerEnabled: true },
  };
}

function schedulerZero(): SchedulerValues {
  return {
    SchedulerAlgorithm: '',
    PreemptionConfig: {
      SystemSchedulerEnabled: false,
      SysBatchSchedulerEnabled: false,
      BatchSchedulerEnabled: false,
      ServiceSchedulerEnabled: false,
    },
    MemoryOversubscriptionEnabled: false,
    RejectJobRegistration: false,
    PauseEvalBroker: false,
    NodeLimitForFeasibilityChecks: 0n,
  };
}

/** Thrown for a request whose body Go's server sees as http.NoBody. */
const EMPTY_BODY = 'Request body is empty';

/**
 * Returns the values a PUT writes, or throws an Error whose message follows
 * `Error parsing scheduler config: ` in the 400 body. `absent` fields do not exist in the
 * simulated version, so their keys are unknown keys (ignored).
 */
export function decodeSchedulerBody(body: Buffer, noBody: boolean, absent: ReadonlySet<string>): SchedulerValues {
  if (noBody) throw new Error(EMPTY_BODY);
  const root = decodeFirstJsonValue(body);
  const values = schedulerZero();
  if (root.kind === 'null') return values;
  if (root.kind !== 'object') {
    throw new Error(`json: cannot unmarshal ${root.kind} into Go value of type api.SchedulerConfiguration`);
  }
  let saved: Error | undefined;
  const typeError: TypeErrorSink = (path, wrong, goType) => {
    const field = `Go struct field SchedulerConfiguration.${path}`;
    saved ??= new Error(`json: cannot unmarshal ${wrong} into ${field} of type ${goType}`);
  };
  const top = values as unknown as Record<string, unknown>;
  for (const [key, node] of root.entries) {
    const field = findGoField(
      TOP_FIELDS.filter(([name]) => !absent.has(name)),
      key,
    );
    if (field === undefined) continue;
    const [name, kind, goType] = field;
    if (kind === 'struct') {
      decodePreemption(node, values.PreemptionConfig, typeError);
      continue;
    }
    const scalar = decodeGoScalar(kind, node);
    if (scalar === undefined) continue;
    if (!('value' in scalar)) typeError(name, scalar.wrong, goType);
    else if (name !== 'CreateIndex' && name !== 'ModifyIndex') top[name] = scalar.value; // decoded, then ignored
  }
  if (saved !== undefined) throw saved;
  return values;
}

/** Records an UnmarshalTypeError; the first one wins. */
type TypeErrorSink = (path: string, wrong: string, goType: string) => void;

function decodePreemption(node: GoJsonNode, into: PreemptionValues, typeError: TypeErrorSink): void {
  if (node.kind === 'null') return;
  if (node.kind !== 'object') {
    typeError('PreemptionConfig', node.kind, 'api.PreemptionConfig');
    return;
  }
  for (const [key, inner] of node.entries) {
    const field = findGoField(PREEMPTION_FIELDS, key);
    if (field === undefined) continue;
    const scalar = decodeGoScalar('bool', inner);
    if (scalar === undefined) continue;
    if ('value' in scalar) into[field[0]] = scalar.value as boolean;
    else typeError(`PreemptionConfig.${field[0]}`, scalar.wrong, 'bool');
  }
}

/** `SchedulerConfig` as GET encodes it, without the fields the version lacks. */
export function schedulerBody(c: StoredSchedulerConfig, absent: ReadonlySet<string>): Record<string, GoJsonValue> {
  const all: Record<string, GoJsonValue> = {
    SchedulerAlgorithm: c.SchedulerAlgorithm,
    PreemptionConfig: { ...c.PreemptionConfig },
    MemoryOversubscriptionEnabled: c.MemoryOversubscriptionEnabled,
    RejectJobRegistration: c.RejectJobRegistration,
    PauseEvalBroker: c.PauseEvalBroker,
    NodeLimitForFeasibilityChecks: c.NodeLimitForFeasibilityChecks,
    CreateIndex: c.CreateIndex,
    ModifyIndex: c.ModifyIndex,
  };
  return Object.fromEntries(Object.entries(all).filter(([name]) => !absent.has(name)));
}

/** The control API's view: GET's object with uints as JS numbers. */
export function schedulerOutput(c: StoredSchedulerConfig, absent: ReadonlySet<string>): NomadSchedulerOutput {
  const body: Record<string, unknown> = schedulerBody(c, absent);
  const limit = body.NodeLimitForFeasibilityChecks;
  if (typeof limit === 'bigint') body.NodeLimitForFeasibilityChecks = Number(limit);
  return body as unknown as NomadSchedulerOutput;
}

/** Overlays a control-API patch; a bad value is a test bug, so it throws. */
export function applySchedulerPatch(base: SchedulerValues, patch: NomadSchedulerPatch): SchedulerValues {
  const { PreemptionConfig: preemption, NodeLimitForFeasibilityChecks: limit, ...flat } = patch;
  if (flat.SchedulerAlgorithm !== undefined) checkAlgorithm(flat.SchedulerAlgorithm);
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new Error(`simulator: NodeLimitForFeasibilityChecks must be a non-negative integer, got ${limit}`);
  }
  return {
    ...base,
    ...flat,
    PreemptionConfig: { ...base.PreemptionConfig, ...preemption },
    ...(limit === undefined ? {} : { NodeLimitForFeasibilityChecks: BigInt(limit) }),
  };
}

/** `SchedulerConfiguration.Validate` (N:nomad/structs/operator.go:302-314): the 400 text. */
export function checkAlgorithm(algorithm: string): void {
  if (algorithm !== '' && algorithm !== 'binpack' && algorithm !== 'spread') {
    throw new Error(`invalid scheduler algorithm: ${algorithm}`);
  }
}

/** The FSM stores `""` as binpack (N:nomad/fsm.go:1404, N:nomad/structs/operator.go:296-300). */
export function canonicalScheduler(values: SchedulerValues): SchedulerValues {
  return values.SchedulerAlgorithm === '' ? { ...values, SchedulerAlgorithm: 'binpack' } : values;
}
