// The layer rules an import graph cannot see (imports are checked by .dependency-cruiser.cjs);
// see docs/architecture.md. Never silence a rule to land a change: move the code instead.
import tsParser from '@typescript-eslint/parser';

const PROCESS_ONLY_IN_CLI = {
  name: 'process',
  message: 'Only src/cli touches the process: take env, cwd, output and the exit code as parameters.',
};

export default [
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tsParser, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error', noInlineConfig: true },
    rules: {
      'no-restricted-globals': ['error', PROCESS_ONLY_IN_CLI],
      'no-restricted-properties': [
        'error',
        { object: 'globalThis', property: 'process', message: PROCESS_ONLY_IN_CLI.message },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-globals': 'off', 'no-restricted-properties': 'off' },
  },
  {
    // Types shared by every layer, and the error classes that carry them: no behaviour to test.
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: ":function:not(MethodDefinition[kind='constructor'] > FunctionExpression)",
          message: 'src/model holds types only: put this function in the layer that uses it (or src/util).',
        },
        {
          selector: 'VariableDeclaration',
          message: 'src/model holds types only: put values next to the code that uses them.',
        },
      ],
    },
  },
];
