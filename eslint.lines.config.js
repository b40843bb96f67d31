// `npm run lines:check` (part of `npm test`): no line of code longer than 120 characters, strings
// and comments included (Prettier wraps code at 120 but never splits a string: split it yourself).
import tsParser from '@typescript-eslint/parser';

export default [
  {
    files: ['**/*.ts', '**/*.js', '**/*.cjs'],
    ignores: ['dist/**', 'node_modules/**'],
    languageOptions: { parser: tsParser, sourceType: 'module' },
    rules: { 'max-len': ['error', { code: 120, ignoreUrls: false }] },
  },
];
