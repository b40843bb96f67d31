import { isAbsolute, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { initRepo } from '../../scaffold/init-repo.js';
import type { CliIo } from '../io.js';

/** Scaffolds an infra repo: package.json, cdktf.json, tsconfig.json, stacks/main.ts, .gitignore, a CI workflow. */
export function initCommand(io: CliIo, _setExit: (code: number) => void) {
  return {
    builder: (yargs: Argv) =>
      yargs
        .positional('dir', { type: 'string', default: '.', describe: 'Directory to scaffold (created if missing)' })
        .example('$0', 'Scaffold the current directory (an existing package.json gains the dependencies it lacks)')
        .example('$0 infra', 'Scaffold ./infra'),
    handler: async (args: { dir: string }) => {
      const dir = resolve(io.cwd, args.dir);
      const { created, addedToPackageJson } = await initRepo(dir);
      // Said the way the user would type it: relative below the current directory, else absolute.
      const below = relative(io.cwd, dir);
      const where = below === '' ? '.' : below.startsWith('..') || isAbsolute(below) ? dir : below;
      io.stdout(`Created ${created.join(', ')}${where === '.' ? '' : ` in ${where}`}.\n`);
      if (addedToPackageJson) {
        io.stdout(
          addedToPackageJson.length > 0
            ? `Added to package.json: ${addedToPackageJson.join(', ')}.\n`
            : 'package.json already has every dependency.\n',
        );
      }
      const cd = where === '.' ? '' : `cd ${where} && `;
      io.stdout(
        `\nNext: ${cd}npm install, then declare your clusters in stacks/main.ts and run \`npx opstack plan\`.\n`,
      );
    },
  };
}
