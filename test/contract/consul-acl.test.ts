// The ACL rules the README names for Consul, checked where they matter: against the simulator and,
// when OPSTACK_CONSUL_BIN names one, a `consul agent -dev` with ACLs on (default deny), whose tokens
// come from those rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { expectConverged, planThenApply } from '../support/cli-contract.js';
import { consulAclBackends, type WithTokens } from '../support/acl-backends.js';
import type { ConsulBackend } from '../support/contract-backends.js';
import { writeSynthDir } from '../support/synth-fixture.js';

// What the change below needs (README "Point it at a cluster"), and the lock besides (README "ACLs the lock needs").
const CHANGES = 'operator = "write"\n';
const LOCK = 'key "opstack/lock" { policy = "write" }\nsession_prefix "" { policy = "write" }\n';

const backends = consulAclBackends([
  { name: 'changes-and-lock', simulator: ['operator:write', 'key:write', 'session:write'], rules: CHANGES + LOCK },
  { name: 'changes-only', simulator: ['operator:write'], rules: CHANGES },
]);

describe.each(backends)('Consul ACLs against the %s', (_name, start) => {
  let backend: ConsulBackend & WithTokens;
  let synthDir: string;
  const cli =
    (token: string) =>
    (command: string, ...flags: string[]) =>
      runCli([command, '--synth-dir', synthDir, ...flags], { env: { CONSUL_HTTP_TOKEN: backend.token(token) } });

  beforeAll(async () => {
    backend = await start();
    synthDir = writeSynthDir([{ name: 'dc1', autopilot: { max_trailing_logs: 300 } }], backend.address);
  });
  afterAll(() => backend?.stop());

  it('without the lock rules, apply is refused before any change, naming the rules it lacks', async () => {
    const apply = await cli('changes-only')('apply', '--auto-approve');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('denied PUT /v1/session/create (403: Permission denied');
    expect(apply.stderr).toContain(
      'On Consul the token needs `key "opstack/lock" { policy = "write" }` and ' +
        '`session_prefix "" { policy = "write" }`',
    );
    expect(apply.stdout + apply.stderr).toContain('No step ran.');
  });

  it('with both, plan and apply converge, and drift finds nothing', async () => {
    const runs = await planThenApply(cli('changes-and-lock'), ['~ max_trailing_logs = 250 -> 300'], 1);
    await expectConverged(cli('changes-and-lock'), runs, [backend.token('changes-and-lock')]);
  });
});
