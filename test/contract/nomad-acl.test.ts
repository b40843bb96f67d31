// The ACL policies the README names, checked where they matter: against the Nomad simulator and,
// when OPSTACK_NOMAD_BIN names one, a real agent with ACLs on, whose tokens come from those policies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { expectConverged, nomadSynthDir, planThenApply } from '../support/cli-contract.js';
import { nomadAclBackends, type WithTokens } from '../support/acl-backends.js';
import type { NomadBackend } from '../support/contract-backends.js';

// What the changes below need (the autopilot and scheduler configuration: README "Point it at a
// cluster"), and what the lock needs besides (README "ACLs the lock needs").
const CHANGES = 'operator { policy = "write" }\n';
const LOCK = 'namespace "default" { variables { path "opstack/lock" { capabilities = ["write", "read"] } } }\n';

const backends = nomadAclBackends([
  {
    name: 'changes-and-lock',
    simulator: ['operator:write', 'variables:write', 'variables:read'],
    rules: CHANGES + LOCK,
  },
  { name: 'changes-only', simulator: ['operator:write'], rules: CHANGES },
]);

describe.each(backends)('Nomad ACLs against the %s', (_name, start) => {
  let backend: NomadBackend & WithTokens;
  let synthDir: string;
  const cli =
    (token: string) =>
    (command: string, ...flags: string[]) =>
      runCli([command, '--synth-dir', synthDir, ...flags], { env: { NOMAD_TOKEN: backend.token(token) } });

  beforeAll(async () => {
    backend = await start();
    synthDir = nomadSynthDir(backend, {
      opstack_nomad_autopilot_config: { autopilot: { max_trailing_logs: 300 } },
      nomad_scheduler_config: { scheduler: { scheduler_algorithm: 'spread' } },
    });
  });
  afterAll(() => backend?.stop());

  it('without the lock policy, apply is refused before any change, naming the policy it lacks', async () => {
    const apply = await cli('changes-only')('apply', '--auto-approve');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('denied PUT /v1/var/opstack/lock (403: Permission denied)');
    expect(apply.stderr).toContain('on Nomad `variables { path "opstack/lock" { capabilities = ["write", "read"] } }`');
    expect(apply.stdout + apply.stderr).toContain('No step ran.');
  });

  it('with both policies, plan and apply converge, and drift finds nothing', async () => {
    const changes = ['~ max_trailing_logs = 250 -> 300', '~ scheduler_algorithm = "binpack" -> "spread"'];
    const runs = await planThenApply(cli('changes-and-lock'), changes, 2);
    await expectConverged(cli('changes-and-lock'), runs, [backend.token('changes-and-lock')]);
  });
});
