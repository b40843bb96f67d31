import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { writeSynthDir } from '../support/synth-fixture.js';

let consul: Simulator;
beforeAll(async () => {
  consul = await startSimulator();
});
afterAll(async () => {
  await consul.close();
});

const port = () => consul.address.split(':')[1];

describe('a singleton is keyed by the cluster, not by how its address is spelled', () => {
  it.each([
    ['with a scheme', () => `http://127.0.0.1:${port()}`],
    ['as localhost', () => `localhost:${port()}`],
    ['with a trailing slash and an upper-case scheme', () => `HTTP://localhost:${port()}/`],
    ['as another loopback address', () => `127.0.0.2:${port()}`],
    ['left to CONSUL_HTTP_ADDR', () => undefined],
  ])('%s: two autopilot configurations of dc1 are refused, naming both, before any request', async (_name, spelling) => {
    consul.clearRequests();
    const other = spelling();
    const synthDir = writeSynthDir(
      [
        { name: 'a', provider: { address: consul.address, datacenter: 'dc1' }, autopilot: { min_quorum: 3 } },
        { name: 'b', provider: { ...(other === undefined ? {} : { address: other }), datacenter: 'dc1' }, autopilot: { min_quorum: 5 } },
      ],
      consul.address,
    );
    const result = await runCli(['plan', '--synth-dir', synthDir], { env: { CONSUL_HTTP_ADDR: consul.address } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Two autopilot configurations for datacenter "dc1": a/autopilot and b/autopilot ("${consul.address}" and ${other === undefined ? 'the CONSUL_HTTP_ADDR default' : `"${other}"`} both reach http://127.0.0.1:${port()}).`);
    expect(result.stderr).toContain('on b/autopilot');
    expect(consul.requests).toEqual([]);
  });

  it('another port is another agent: both plan', async () => {
    const synthDir = writeSynthDir(
      [
        { name: 'a', provider: { address: consul.address, datacenter: 'dc1' }, autopilot: { min_quorum: 3 } },
        { name: 'b', provider: { address: '127.0.0.1:1', datacenter: 'dc1' }, autopilot: { min_quorum: 5 } },
      ],
      consul.address,
    );
    const result = await runCli(['plan', '--synth-dir', synthDir, '--http-timeout', '2000']);
    expect(result.stderr).not.toContain('Two autopilot configurations');
  });

  it('Nomad: the default address and http://localhost:4646 are one endpoint', async () => {
    const synthDir = writeSynthDir(
      [
        { name: 'n1', product: 'nomad', provider: { address: 'http://localhost:4646' }, resources: { opstack_nomad_autopilot_config: { autopilot: { min_quorum: 1 } } } },
        { name: 'n2', product: 'nomad', provider: {}, resources: { opstack_nomad_autopilot_config: { autopilot: { min_quorum: 3 } } } },
      ],
      '',
    );
    const result = await runCli(['plan', '--synth-dir', synthDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Two Nomad autopilot configurations');
    expect(result.stderr).toContain('("http://localhost:4646" and the NOMAD_ADDR default both reach http://127.0.0.1:4646)');
  });
});
