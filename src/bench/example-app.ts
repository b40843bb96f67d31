// Target (b): `opstack plan` of the example app through cdktf.json, as a fresh process, ≤ 1.3× the
// floor: one node process that imports the same app in process with tsx's API and makes the same
// GETs opstack made.
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startSimulator } from '../sim/index.js';
import { startNomadSimulator } from '../sim/nomad/index.js';
import { type BenchHost, httpGetJson, median, runNodeModule } from './measure.js';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const bin = join(projectDir, 'bin', 'opstack.js');
const app = pathToFileURL(join(projectDir, 'stacks', 'main.ts')).href;

/** The floor as a module: synthesise the app with tsImport into a temporary CDKTF_OUTDIR, then GET `urls`. */
function floorModule(urls: readonly string[]): string {
  const source = `import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:http';
import { tsImport } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
${httpGetJson.toString()}
const out = mkdtempSync(join(tmpdir(), 'opstack-bench-floor-'));
process.env.CDKTF_OUTDIR = out;
await tsImport(${JSON.stringify(app)}, ${JSON.stringify(app)});
await httpGetJson(${JSON.stringify(urls)});
rmSync(out, { recursive: true, force: true });`;
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

export async function benchExampleApp(host: BenchHost): Promise<boolean> {
  const consul = await startSimulator({
    datacenters: [
      { name: 'dc1', gossip: { clients: 2 } },
      { name: 'dc2', gossip: { clients: 2 } },
    ],
  });
  const nomad = await startNomadSimulator({ regions: [{ name: 'eu', servers: 5 }] });
  nomad.region('eu').killServer('server-5'); // gone, as the app's RaftPeersAbsent declares
  const env = {
    ...host.env,
    NO_COLOR: '1',
    CONSUL_HTTP_ADDR: consul.address,
    NOMAD_ADDR: nomad.url,
    CONSUL_GOSSIP_KEY: randomBytes(32).toString('base64'),
    NOMAD_GOSSIP_KEY: randomBytes(32).toString('base64'),
  };
  try {
    const warm = await runNodeModule(host, bin, ['plan'], env, projectDir); // and fills tsx's cache
    const requests = [
      ...consul.requests.map((r) => ({ ...r, base: consul.url })),
      ...nomad.requests.map((r) => ({ ...r, base: nomad.url })),
    ];
    const urls = requests.map(
      (r) => `${r.base}${r.path}${Object.keys(r.query).length > 0 ? `?${new URLSearchParams(r.query)}` : ''}`,
    );
    const onlyGets = requests.every((r) => r.method === 'GET');
    const cliRuns: number[] = [];
    const floorRuns: number[] = [];
    for (let i = 0; i < 7; i++) {
      cliRuns.push((await runNodeModule(host, bin, ['plan'], env, projectDir)).wallMs);
      floorRuns.push((await runNodeModule(host, floorModule(urls), [], env, projectDir)).wallMs);
    }
    const [cli, floor] = [median(cliRuns), median(floorRuns)];
    const ok = warm.code === 0 && onlyGets && cli <= 1.3 * floor;
    console.log(
      '(b) `opstack plan` of the example app (stacks/main.ts through cdktf.json: ' +
        '2 Consul datacenters, 1 Nomad region) as a fresh process (median of 7)',
    );
    console.log(
      `    floor: node importing the app with tsx's tsImport and making the ` +
        `same ${urls.length} GETs   exit ${warm.code}, only GETs ${onlyGets ? '✓' : '✗'}`,
    );
    console.log(
      `    opstack ${cli.toFixed(1)} ms   floor ${floor.toFixed(1)} ms   ` +
        `ratio ${(cli / floor).toFixed(2)}× (target ≤ 1.30×) ${ok ? '✓' : '✗ TARGET MISSED'}`,
    );
    return ok;
  } finally {
    await consul.close();
    await nomad.close();
  }
}
