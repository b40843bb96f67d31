import { describeConnection } from '../../api/connection.js';
import { ApiError, OpstackError } from '../../model/errors.js';
import { type AcquireResult, RecordedLock } from './cluster-lock.js';
import { describeHolder, LOCK_DELAY, LOCK_PATH, LOCK_TTL, parseJson } from './lock-record.js';

const KV_PATH = `/v1/kv/${LOCK_PATH}`;

/**
 * Consul's lock: a TTL session (`PUT /v1/session/create`, Behavior `delete`, so a dead run's
 * record goes with its session) holding `opstack/lock` (`PUT /v1/kv/opstack/lock?acquire=`),
 * renewed with `PUT /v1/session/renew/<id>`, given back with `?release=` and then the session
 * destroyed — in that order, since destroying a session that still holds the key would start its
 * lock-delay (Consul's session and KV API docs). Every request carries `?dc=` and the token.
 */
export class ConsulLock extends RecordedLock {
  readonly breakHint =
    `If that run is gone, its session expires within 30s (twice its ${LOCK_TTL} TTL) and takes the lock with it. ` +
    `To break it now: \`consul kv delete ${LOCK_PATH}\` (the ` +
    `session ID is in \`consul kv get -detailed ${LOCK_PATH}\`; ` +
    'destroy it with `curl -X PUT $CONSUL_HTTP_ADDR/v1/session/destroy/<ID>`).';
  private session: string | undefined;

  async tryAcquire(): Promise<AcquireResult> {
    // A run waiting for the lock renews its session before each try, as a holder does: unrenewed it
    // expires after twice its TTL, and an acquire with it fails (500 `invalid session`). One that
    // expired anyway (404 on renew) is replaced.
    if (this.session !== undefined && !(await this.renewed(this.session))) this.session = undefined;
    this.session ??= await this.createSession();
    const answer = await this.client.write('PUT', KV_PATH, { acquire: this.session }, this.record);
    // Consul answers a bare `true` or `false` (its KV API docs, "Create/Update Key").
    if (answer.trim() === 'true') return { kind: 'acquired' };
    if (answer.trim() !== 'false') throw this.unusableAnswer(`PUT ${KV_PATH}?acquire=`, answer);
    return { kind: 'held', holder: await this.holder() };
  }

  async renew(): Promise<void> {
    if (this.session) await this.client.write('PUT', `/v1/session/renew/${this.session}`, {}, undefined);
  }

  async release(): Promise<void> {
    const session = this.session;
    if (session === undefined) return;
    this.session = undefined;
    try {
      await this.client.write('PUT', KV_PATH, { release: session }, this.record);
    } finally {
      await this.client.write('PUT', `/v1/session/destroy/${session}`, {}, undefined);
    }
  }

  /** Renews a session; false when Consul no longer knows it (404 `Session id '…' not found`). */
  private async renewed(session: string): Promise<boolean> {
    try {
      await this.client.write('PUT', `/v1/session/renew/${session}`, {}, undefined);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.answer.status === 404) return false;
      throw error;
    }
  }

  private async createSession(): Promise<string> {
    const body = { Name: 'opstack apply', TTL: LOCK_TTL, LockDelay: LOCK_DELAY, Behavior: 'delete' };
    const created = parseJson(await this.client.write('PUT', '/v1/session/create', {}, body)) as
      { ID?: unknown } | undefined;
    if (typeof created?.ID !== 'string' || !/^[0-9a-f-]{36}$/i.test(created.ID)) {
      throw new OpstackError(
        'ServerError',
        `${describeConnection(this.client.connection)} answered PUT /v1/session/create without a session ID.`,
        'Check that the address is a Consul agent; run again.',
      );
    }
    return created.ID;
  }

  /** The record of whoever holds the key; none (404): its holder just let go, and its lock-delay runs. */
  private async holder(): Promise<string> {
    const entries = await this.client.read<{ Value?: unknown }[]>(KV_PATH).then(
      ({ value }) => value,
      () => undefined,
    );
    const encoded = Array.isArray(entries) ? (entries[0] as { Value?: unknown } | undefined)?.Value : undefined;
    if (typeof encoded !== 'string') return 'another opstack run that just let go (the lock is in its lock-delay)';
    return describeHolder(parseJson(Buffer.from(encoded, 'base64').toString('utf8')), this.now());
  }
}
