import { type AcquireResult, RecordedLock } from './cluster-lock.js';
import { describeHolder, LOCK_DELAY, LOCK_PATH, LOCK_TTL, parseJson } from './lock-record.js';

const VAR_PATH = `/v1/var/${LOCK_PATH}`;

/**
 * Nomad's lock: a variable lock on `opstack/lock` (paths under `nomad/` are reserved):
 * `PUT /v1/var/opstack/lock?lock-acquire` with the record as items and the TTL, answered 409
 * while another lock holds it; `?lock-renew` and `?lock-release` with the lock ID (Nomad's
 * variable lock API docs). The 409 names no holder, so the variable is read for the record.
 */
export class NomadLock extends RecordedLock {
  readonly breakHint =
    `If that run is gone, its lock expires after its ${LOCK_TTL} ` +
    `TTL and a ${LOCK_DELAY} lock-delay. To break it now, ` +
    `with a management token: read the lock ID with \`nomad var get -out=json ${LOCK_PATH}\`, then ` +
    `\`curl -X PUT -H "X-Nomad-Token: $NOMAD_TOKEN" -d ` +
    `'{"Lock":{"ID":"<ID>"}}' "$NOMAD_ADDR${VAR_PATH}?lock-release"\`.`;
  private lockId: string | undefined;

  async tryAcquire(): Promise<AcquireResult> {
    const body = { Items: this.record, Lock: { TTL: LOCK_TTL, LockDelay: LOCK_DELAY } };
    const answer = await this.client.writeAnswer('PUT', VAR_PATH, { 'lock-acquire': '' }, body, [200, 409]);
    const id = (parseJson(answer.body) as { Lock?: { ID?: unknown } } | undefined)?.Lock?.ID;
    if (answer.status === 409) return { kind: 'held', holder: await this.holder() };
    if (typeof id !== 'string' || id === '') throw this.unusableAnswer(`PUT ${VAR_PATH}?lock-acquire`, answer.body);
    this.lockId = id;
    return { kind: 'acquired' };
  }

  async renew(): Promise<void> {
    if (this.lockId) await this.client.write('PUT', VAR_PATH, { 'lock-renew': '' }, { Lock: { ID: this.lockId } });
  }

  async release(): Promise<void> {
    const id = this.lockId;
    this.lockId = undefined;
    if (id) await this.client.write('PUT', VAR_PATH, { 'lock-release': '' }, { Lock: { ID: id } });
  }

  /** The holder's record from the variable's items; a token that may only write cannot read it. */
  private async holder(): Promise<string> {
    try {
      const { value } = await this.client.read<{ Items?: unknown }>(VAR_PATH);
      return describeHolder(value.Items, this.now());
    } catch {
      return 'another opstack run (this token cannot read the lock variable to say which)';
    }
  }
}
