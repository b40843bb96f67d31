/**
 * Notes a plan attaches to a change for reviewers, computed from the live state just read.
 * Apply never reads them. Codes are stable (documented in docs/risk-notes.md): scripts and CI
 * policies may match on them; messages may be reworded.
 */
export type NoteSeverity = 'info' | 'warning' | 'danger';

export type NoteCode =
  /** Facts: how far each keyring pool is, which area a change touches, why a deletion is implied. */
  | 'keyring-coverage'
  | 'area-id'
  | 'implied-deletion'
  | 'peer-already-absent'
  /** Raft removals: failure tolerance before and after each one. */
  | 'raft-failure-tolerance'
  /** Autopilot settings that put the cluster at risk. */
  | 'min-quorum-above-voters'
  | 'min-quorum-above-remaining'
  | 'cleanup-off-with-failed-server'
  | 'last-contact-threshold-low'
  | 'stabilization-time-short'
  | 'max-trailing-logs-below-lag'
  /** Gossip key rotations. */
  | 'rotation-with-unhealthy-nodes'
  | 'key-removal-strands-failed-node'
  | 'failed-servers-unknown'
  | 'primary-unreported'
  /** Network area deletions. */
  | 'area-deletion-cuts-members';

export interface Note {
  readonly code: NoteCode;
  readonly severity: NoteSeverity;
  /** One sentence, naming the nodes and numbers involved; never a key or token. */
  readonly message: string;
}
