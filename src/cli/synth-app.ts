import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { appEntryPoint } from '../synth/app-entry.js';
import { appCommandFromConfig, cdktfAppEnvironment, runApp, synthOutDir } from '../synth/run-app.js';
import { loadAppInProcess } from './in-process-app.js';
import { type CliIo, controlOf, killProcessGroup } from './io.js';

/** Where an app wrote its stacks, and what removes them when opstack made the directory. */
export interface SynthRun {
  readonly dir: string;
  /** Removes a temporary directory (it holds whatever the app wrote); a directory given as `outDir` stays. */
  dispose(): Promise<void>;
}

/**
 * Runs the cdktf app into `outDir` (or a temporary directory). The app named by cdktf.json is
 * loaded in this process when it is one TypeScript or JavaScript file; any other command, and
 * every `--app`, is spawned as written. Either is stopped after `timeoutMs`. A temporary
 * directory is removed when the app fails, and when a signal ends the run (as is the spawned
 * app's process group).
 */
export async function synthApp(
  app: string | undefined,
  io: CliIo,
  timeoutMs: number,
  outDir?: string,
): Promise<SynthRun> {
  const command = app ?? (await appCommandFromConfig(io.cwd));
  const entry = app === undefined ? appEntryPoint(command) : undefined;
  const dir = await synthOutDir(outDir);
  const control = controlOf(io);
  const forget = outDir ? () => undefined : control.onExit(() => rmSync(dir, { recursive: true, force: true }));
  const dispose = async () => {
    try {
      if (!outDir) await rm(dir, { recursive: true, force: true });
    } finally {
      forget();
    }
  };
  const env = cdktfAppEnvironment(io.env, dir);
  try {
    if (entry) await loadAppInProcess(entry, io.cwd, env, { timeoutMs, control });
    else
      await runApp(command, io.cwd, env, {
        timeoutMs,
        killGroup: killProcessGroup,
        track: (pid) => control.onExit(() => killProcessGroup(pid)),
      });
  } catch (error) {
    await dispose();
    throw error;
  }
  return { dir, dispose };
}
