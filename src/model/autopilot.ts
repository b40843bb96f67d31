import type {
  AutopilotAttribute,
  CONSUL_AUTOPILOT_ATTRIBUTES,
  NOMAD_AUTOPILOT_ATTRIBUTES,
} from '../schema/autopilot.js';

/** How the HTTP APIs spell each kind of field once parsed: durations as Go duration strings. */
interface ApiTypes {
  bool: boolean;
  duration: string;
  uint: number;
  string: string;
}

/** An autopilot configuration as the API spells it, field by field from the schema's table. */
type SettingsOf<T extends readonly AutopilotAttribute[]> = { [A in T[number] as A['field']]: ApiTypes[A['kind']] };

/** Consul's autopilot configuration as its HTTP API spells it (consul-operator-api.md §4.5). */
export type ConsulAutopilotSettings = SettingsOf<typeof CONSUL_AUTOPILOT_ATTRIBUTES>;

/**
 * Nomad's autopilot configuration as its HTTP API spells it (nomad-operator-api.md §3.4):
 * durations as Go duration strings both ways; the Enterprise booleans are stored and echoed by CE.
 */
export type NomadAutopilotSettings = SettingsOf<typeof NOMAD_AUTOPILOT_ATTRIBUTES>;

/** Raft indexes that come with a configuration; `?cas=<ModifyIndex>` makes a write fail if anyone wrote since. */
export type RaftIndexes = { CreateIndex: number; ModifyIndex: number };

export type ConsulAutopilotLive = ConsulAutopilotSettings & RaftIndexes;
export type NomadAutopilotLive = NomadAutopilotSettings & RaftIndexes;
