/**
 * The two things a raft group's autopilot answers take from time, both as real servers show them
 * (observed-real-servers.md "Smaller differences"): the wall clock that `StableSince` is taken from,
 * which has nanoseconds (`…31.742382203Z`), and a following server's `LastContact`, which is not a
 * fixed value but differs from one read to the next. The second is timing, so it can be fixed
 * (always 10ms) for tests and goldens that print it.
 */
import { wallClockNanos } from './go-time.js';

/** A following server's LastContact when fixed. */
export const FOLLOWER_CONTACT_NS = 10_000_000n;

/**
 * The range a varying LastContact is drawn from: 1ms up to 50ms. The real values depend on
 * heartbeats and load (one seen: `39.118484ms`); what matters is that they vary, have
 * nanoseconds, and stay below the default `LastContactThreshold` (200ms), so healthy followers
 * stay healthy unless a stack lowers the threshold.
 */
const VARYING_MIN_NS = 1_000_000;
const VARYING_SPAN_NS = 49_000_000;

export interface RaftTimingOptions {
  /** Unix time in nanoseconds, what `StableSince` is taken from. Default: the wall clock. */
  wallClockNs?: () => bigint;
  /**
   * Default 'varying': every health or state read shows each following server with a new
   * LastContact between 1ms and 50ms (a fixed pseudo-random sequence, so runs repeat).
   * 'fixed': always 10ms.
   */
  followerContact?: 'varying' | 'fixed';
}

export class RaftTiming {
  readonly now: () => bigint;
  private readonly varying: boolean;
  /** mulberry32's state: a deterministic sequence, not Math.random, so a failing run can be repeated. */
  private seed = 0x9e3779b9;

  constructor(options: RaftTimingOptions = {}) {
    this.now = options.wallClockNs ?? wallClockNanos;
    this.varying = (options.followerContact ?? 'varying') === 'varying';
  }

  /** A following server's LastContact for one read. */
  followerContact(): bigint {
    if (!this.varying) return FOLLOWER_CONTACT_NS;
    return BigInt(VARYING_MIN_NS + Math.floor(this.random() * VARYING_SPAN_NS));
  }

  /** mulberry32: a uniform number in [0, 1). */
  private random(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
