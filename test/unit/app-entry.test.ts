import { describe, expect, it } from 'vitest';
import { appEntryPoint } from '../../src/synth/app-entry.js';

describe('which cdktf.json app commands opstack loads in process', () => {
  it.each([
    ['npx tsx stacks/main.ts', { file: 'stacks/main.ts', loader: 'tsx' }],
    ['tsx main.ts', { file: 'main.ts', loader: 'tsx' }],
    ['npx ts-node main.ts', { file: 'main.ts', loader: 'tsx' }],
    ['ts-node src/app.mts', { file: 'src/app.mts', loader: 'tsx' }],
    ['  npx tsx   stacks/main.ts  ', { file: 'stacks/main.ts', loader: 'tsx' }],
    ['node dist/main.js', { file: 'dist/main.js', loader: 'node' }],
    ['node main.mjs', { file: 'main.mjs', loader: 'node' }],
    ['npx tsx main.js', { file: 'main.js', loader: 'tsx' }],
  ])('`%s` → %o', (command, entry) => {
    expect(appEntryPoint(command)).toEqual(entry);
  });

  it.each([
    'node main.ts', // node 20 cannot run TypeScript: spawned, and its own error shown
    'npx tsx --tsconfig x.json main.ts',
    'node --enable-source-maps main.js',
    'npx tsx main.ts extra',
    'node main.js && echo done',
    'FOO=1 node main.js',
    'python main.py',
    'go run main.go',
    'npx cdktf synth',
    'node "main.js"',
    'node $APP',
  ])('`%s` is spawned as written', (command) => {
    expect(appEntryPoint(command)).toBeUndefined();
  });
});
