import { rm } from 'node:fs/promises';
import { appEntryPoint } from '../synth/app-entry.js';
import { appCommandFromConfig, cdktfAppEnvironment, runApp, synthOutDir } from '../synth/run-app.js';
import { loadAppInProcess } from './in-process-app.js';
import { type CliIo, killProcessGroup } from './io.js';

/**
 * Runs the cdktf app into `outDir` (or a temporary directory) and returns the directory. The app
 * named by cdktf.json is loaded in this process when it is one TypeScript or JavaScript file;
 * any other command, and every `--app`, is spawned as written, and stopped after `timeoutMs`.
 * A temporary directory is removed when the app fails: it holds whatever the app wrote.
 */
export async function synthApp(app: string | undefined, io: CliIo, timeoutMs: number, outDir?: string): Promise<string> {
  const command = app ?? (await appCommandFromConfig(io.cwd));
  const entry = app === undefined ? appEntryPoint(command) : undefined;
  const dir = await synthOutDir(outDir);
  const env = cdktfAppEnvironment(io.env, dir);
  try {
    if (entry) await loadAppInProcess(entry, io.cwd, env);
    else await runApp(command, io.cwd, env, { timeoutMs, killGroup: killProcessGroup });
  } catch (error) {
    if (!outDir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return dir;
}
