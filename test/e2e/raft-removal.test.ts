import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { permutations } from '../support/permutations.js';
import { startNomadSimulator, startSimulator } from '../support/simulators.js';
import { writeSynthDir } from '../support/synth-fixture.js';

/** One simulated cluster of either product, as these tests drive it. */
interface Cluster {
  readonly requests: readonly RecordedRequest[];
  servers(): { id: string; name: string }[];
  /** The server process dies (observed-real-servers.md §7, §8). */
  kill(name: string): void;
  lag(name: string): void;
  /** A synth dir whose one stack declares these peers absent (by node name; `live` entries set allowLive). */
  stack(peers: readonly { name: string; allowLive?: boolean }[], minFailureTolerance?: number): string;
  /** The query the removal of `name` carries. */
  deleteOf(id: string): string;
}

const peerEntry = (cluster: Cluster, peer: { name: string; allowLive?: boolean }) => ({
  id: cluster.servers().find((s) => s.name === peer.name)?.id ?? `no server ${peer.name}`,
  ...(peer.allowLive ? { allow_live: true } : {}),
});

/**
 * Consul keeps listing a removed peer in autopilot health (429) until autopilot prunes it
 * (observed §5); pruning is off here, so every step after the first sees that.
 */
async function consulCluster(servers: number, minQuorum = 0): Promise<Cluster> {
  const sim = await startSimulator({
    datacenters: [{ name: 'dc1', servers, autopilot: { MinQuorum: minQuorum } }],
    removedPeerPruneMs: Infinity,
  });
  const dc = sim.consul('dc1');
  const cluster: Cluster = {
    get requests() {
      return sim.requests;
    },
    servers: () => dc.servers(),
    kill: (name) => dc.killServer(`dc1-server-${name.split('-').at(-1)}`),
    lag: (name) => dc.setServerHealth(`dc1-server-${name.split('-').at(-1)}`, { healthy: false }),
    stack: (peers, floor) =>
      writeSynthDir(
        [
          {
            name: 'dc1',
            resources: {
              opstack_raft_peers_absent: {
                dead: {
                  peers: peers.map((p) => peerEntry(cluster, { ...p, name: `dc1-${p.name}` })),
                  ...(floor === undefined ? {} : { min_failure_tolerance: floor }),
                },
              },
            },
          },
        ],
        sim.address,
      ),
    deleteOf: (id) => `DELETE /v1/operator/raft/peer?dc=dc1&id=${id}`,
  };
  return cluster;
}

async function nomadCluster(servers: number, minQuorum = 0): Promise<Cluster> {
  const sim = await startNomadSimulator({ regions: [{ name: 'eu', servers, autopilot: { MinQuorum: minQuorum } }] });
  const region = sim.region('eu');
  const cluster: Cluster = {
    get requests() {
      return sim.requests;
    },
    servers: () => region.servers(),
    kill: (name) => region.killServer(name),
    lag: (name) => region.setServerHealth(name, { healthy: false }),
    stack: (peers, floor) => {
      const block = {
        peers: peers.map((p) => peerEntry(cluster, p)),
        ...(floor === undefined ? {} : { min_failure_tolerance: floor }),
      };
      return writeSynthDir(
        [
          {
            name: 'eu',
            product: 'nomad',
            provider: { address: sim.url, region: 'eu' },
            resources: { opstack_raft_peers_absent: { dead: block } },
          },
        ],
        '',
      );
    },
    deleteOf: (id) => `DELETE /v1/operator/raft/peer?region=eu&id=${id}`,
  };
  return cluster;
}

const PRODUCTS = [
  ['Consul', consulCluster],
  ['Nomad', nomadCluster],
] as const;

const deletes = (cluster: Cluster) =>
  cluster.requests
    .filter((r) => r.method === 'DELETE')
    .map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query)}`);
const namesLeft = (cluster: Cluster) => cluster.servers().map((s) => s.name.replace(/^dc1-/, ''));
const idOf = (cluster: Cluster, name: string) => cluster.servers().find((s) => s.name.endsWith(name))?.id ?? '';
const apply = (dir: string) => runCli(['apply', '--synth-dir', dir, '--auto-approve']);
const label = (order: readonly { name: string }[]) => order.map((p) => p.name).join(', ');

describe.each(PRODUCTS)('RaftPeersAbsent on %s removes only servers that are gone', (_product, make) => {
  it('a single healthy follower is refused by default with the reason; nothing is removed', async () => {
    const cluster = await make(3);
    const result = await apply(cluster.stack([{ name: 'server-2' }]));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refusing to remove \S*server-2\S* \(\S+\): \S*server-2\S* \(\S+\) is not gone: /);
    expect(result.stderr).toContain(
      'is not gone: autopilot reports it healthy, serf status alive. RaftPeersAbsent removes only servers that are ' +
        'gone; stop the server first, or, if it must leave while it runs, set allowLive: true on its peer entry.',
    );
    expect(deletes(cluster)).toEqual([]);
    expect(namesLeft(cluster)).toEqual(['server-1', 'server-2', 'server-3']);
  });

  it('a lagging follower that serf still sees alive is not gone either', async () => {
    const cluster = await make(5);
    cluster.lag('server-4');
    const result = await apply(cluster.stack([{ name: 'server-4' }]));
    expect([result.code, deletes(cluster)]).toEqual([1, []]);
    expect(result.stderr).toContain('is not gone: autopilot reports it unhealthy, serf status alive');
  });

  it(
    'both healthy followers of 3 (the one-voter cluster ' + 'seen on real Consul) are refused; nothing is removed',
    async () => {
      const cluster = await make(3);
      const result = await apply(cluster.stack([{ name: 'server-2' }, { name: 'server-3' }]));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('(removal 1 of 2): ');
      expect(deletes(cluster)).toEqual([]);
      expect(namesLeft(cluster)).toHaveLength(3);
    },
  );

  it('a dead follower is removed with one DELETE, the plan shows the numbers, and a re-plan is empty', async () => {
    const cluster = await make(5);
    cluster.kill('server-5');
    const dead = idOf(cluster, 'server-5');
    const dir = cluster.stack([{ name: 'server-5' }]);
    const plan = await runCli(['plan', '--synth-dir', dir]);
    expect(plan.stdout).toContain('voters 5 → 4, healthy voters 4 → 4, failure tolerance 1 → 1');
    const result = await apply(dir);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(deletes(cluster)).toEqual([cluster.deleteOf(dead)]);
    expect(namesLeft(cluster)).toEqual(['server-1', 'server-2', 'server-3', 'server-4']);
    expect((await runCli(['plan', '--synth-dir', dir, '--detailed-exitcode'])).code).toBe(0);
  });

  it(
    'a live follower with allowLive is removed when the ' + 'failure tolerance holds (5 → 4 → 3 voters, floor 1)',
    async () => {
      const cluster = await make(5);
      const ids = ['server-4', 'server-5'].map((name) => idOf(cluster, name));
      const result = await apply(
        cluster.stack(
          [
            { name: 'server-5', allowLive: true },
            { name: 'server-4', allowLive: true },
          ],
          1,
        ),
      );
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(deletes(cluster)).toEqual(ids.map((id) => cluster.deleteOf(id)));
      expect(namesLeft(cluster)).toEqual(['server-1', 'server-2', 'server-3']);
    },
  );

  it(
    'allowLive without a tolerance floor: removing a ' + 'healthy follower of 5 would lower it 2 → 1, refused',
    async () => {
      const cluster = await make(5);
      const result = await apply(cluster.stack([{ name: 'server-3', allowLive: true }]));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'failure tolerance: this removal would lower it from 2 to 1 (voters 5 → 4, ' +
          'healthy voters 5 → 4, failure tolerance 2 → 1); the stack allows no reduction',
      );
      expect(deletes(cluster)).toEqual([]);
    },
  );

  it('the leader is refused even with allowLive', async () => {
    const cluster = await make(3);
    const result = await apply(cluster.stack([{ name: 'server-1', allowLive: true }], 0));
    expect(result.stderr).toContain('never the leader');
    expect([result.code, deletes(cluster)]).toEqual([1, []]);
  });

  it('MinQuorum: a dead server of 3 is kept when 2 voters would be below MinQuorum 3', async () => {
    const cluster = await make(3, 3);
    cluster.kill('server-3');
    const result = await apply(cluster.stack([{ name: 'server-3' }]));
    expect(result.stderr).toContain(
      'MinQuorum: after this removal 2 voters would remain, below the autopilot MinQuorum of 3.',
    );
    expect([result.code, deletes(cluster)]).toEqual([1, []]);
  });

  const fiveWithServer5Dead = [{ name: 'server-3' }, { name: 'server-4' }, { name: 'server-5' }];
  it.each(permutations(fiveWithServer5Dead).map((order) => [label(order), order]))(
    '5 servers, server-5 dead, [%s] without allowLive: refused at plan time in every order; nothing is removed',
    async (_order, order) => {
      const cluster = await make(5);
      cluster.kill('server-5');
      const result = await apply(cluster.stack(order));
      expect(result.code).toBe(1);
      const server = (n: number) => String.raw`\S*server-${n}\S* \(\S+\)`;
      const refusal =
        `refusing to remove ${server(3)} \\(removal 2 of ` + `3, after ${server(5)}\\): ${server(3)} is not gone`;
      expect(result.stderr).toMatch(new RegExp(refusal));
      expect(deletes(cluster)).toEqual([]);
      expect(namesLeft(cluster)).toHaveLength(5);
    },
  );

  it.each(
    permutations(fiveWithServer5Dead.map((p) => (p.name === 'server-5' ? p : { ...p, allowLive: true }))).map(
      (order) => [label(order), order],
    ),
  )(
    '5 servers, server-5 dead, [%s] with allowLive on the live ones and minFailureTolerance ' +
      '0: the dead one first, then raft order, every step passes its apply-time check',
    async (_order, order) => {
      const cluster = await make(5);
      cluster.kill('server-5');
      const ids = ['server-5', 'server-3', 'server-4'].map((name) => idOf(cluster, name));
      const result = await apply(cluster.stack(order, 0));
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(deletes(cluster)).toEqual(ids.map((id) => cluster.deleteOf(id)));
      expect(namesLeft(cluster)).toEqual(['server-1', 'server-2']);
    },
  );

  it.each(permutations([{ name: 'server-4' }, { name: 'server-5' }]).map((order) => [label(order), order]))(
    'two dead servers of 5, [%s]: both removed in raft order',
    async (_order, order) => {
      const cluster = await make(5);
      cluster.kill('server-4');
      cluster.kill('server-5');
      const ids = ['server-4', 'server-5'].map((name) => idOf(cluster, name));
      const result = await apply(cluster.stack(order));
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(deletes(cluster)).toEqual(ids.map((id) => cluster.deleteOf(id)));
      expect(namesLeft(cluster)).toEqual(['server-1', 'server-2', 'server-3']);
    },
  );

  it(
    'one dead server while another dead one is not declared: ' + 'refused, the cluster is unwell for another reason',
    async () => {
      const cluster = await make(5);
      cluster.kill('server-4');
      cluster.kill('server-5');
      const result = await apply(cluster.stack([{ name: 'server-5' }]));
      expect(result.stderr).toMatch(
        /never while the cluster is unhealthy for another reason: \S*server-4\S* \(\S+\) is unhealthy/,
      );
      expect(result.stderr).toContain('is unhealthy and not being removed');
      expect([result.code, deletes(cluster)]).toEqual([1, []]);
    },
  );
});

describe('the guards are judged again just before each DELETE', () => {
  it('a server that fails while the operator reads the plan stops the removal', async () => {
    const cluster = await consulCluster(5);
    cluster.kill('server-5');
    const result = await runCli(['apply', '--synth-dir', cluster.stack([{ name: 'server-5' }])], {
      answer: () => {
        cluster.kill('server-4');
        return 'yes';
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refusing, just before the DELETE, to remove raft peer dc1-server-5');
    expect(result.stderr).toContain('dc1-server-4');
    expect(deletes(cluster)).toEqual([]);
  });

  it('a server that comes back to life before its DELETE is not removed', async () => {
    const sim = await startNomadSimulator({ regions: [{ name: 'eu', servers: 5 }] });
    sim.region('eu').killServer('server-5');
    const id = sim.region('eu').servers()[4]!.id;
    const dir = writeSynthDir(
      [
        {
          name: 'eu',
          product: 'nomad',
          provider: { address: sim.url, region: 'eu' },
          resources: { opstack_raft_peers_absent: { dead: { peers: [{ id }] } } },
        },
      ],
      '',
    );
    const result = await runCli(['apply', '--synth-dir', dir], {
      answer: () => {
        sim.region('eu').setServerHealth('server-5', { status: 'alive' });
        return 'yes';
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refusing, just before the DELETE, to remove raft peer server-5.eu');
    expect(result.stderr).toContain('is not gone: autopilot reports it healthy, serf status alive');
    expect(sim.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });
});
