// The layer map of docs/architecture.md, enforced on every `npm test` (`npm run lint`).
// Dependencies point down the flow; the simulator is walled off in both directions, so the client
// and its test double cannot agree on a mistake by sharing code. Never weaken a rule to land a
// change: move the code instead.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'plan-is-pure',
      comment: 'The planner is a pure function of desired and live state: no HTTP, no CLI, no rendering, no simulator.',
      severity: 'error',
      from: { path: '^src/plan/' },
      to: { path: '^src/(api|cli|render|sim)/' },
    },
    {
      name: 'render-reads-only-the-plan',
      comment:
        'Renderers are views of a Plan (model types): they decide nothing, so they import no planner, client or CLI.',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^src/(plan|api|cli)/' },
    },
    {
      name: 'only-the-cli-renders',
      comment:
        'Text, JSON and Markdown views are chosen at the edge. Apply reports events and never renders; ' +
        'the plan document lives in src/document; wording both need lives in src/util.',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: ['^src/(render|cli|bench|demo)/'],
      },
      to: { path: '^src/render/' },
    },
    {
      name: 'model-is-a-leaf',
      comment:
        'src/model holds the types every layer shares; it depends on nothing but the field tables in ' +
        "src/schema, the one list of each kind's fields that its types are derived from.",
      severity: 'error',
      from: { path: '^src/model/' },
      to: { pathNot: '^src/(model|schema)/' },
    },
    {
      name: 'model-takes-only-types-from-schema',
      comment: 'Model types may be derived from the schema tables (`import type`), never run code from them.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/schema/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cdktf-stays-at-the-front',
      comment: 'Only the constructs users write stacks with, and synth, know cdktf: the engine reads Terraform JSON.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(constructs|synth)/' },
      to: { path: '(^|/)node_modules/(cdktf|constructs|@cdktf/[^/]+)/' },
    },
    {
      name: 'only-programs-start-the-simulator',
      comment:
        'The simulator is a test double and a demo: only the CLI (`opstack sim`), the demo, the bench and rehearsals run it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(sim|cli|demo|bench|rehearse)/' },
      to: { path: '^src/sim/' },
    },
    {
      name: 'sim-stands-alone',
      comment:
        'The simulator is an independent double written from shared/reference: it shares no code or types ' +
        'with the client, so a wrong belief in the client is caught by the double instead of agreed with.',
      severity: 'error',
      from: { path: '^src/sim/' },
      to: { path: '^src/', pathNot: '^src/sim/' },
    },
    {
      name: 'no-process-module-outside-cli',
      comment: 'Only src/cli touches the process (env, cwd, stdio, exit code); everything else is passed them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?process$' },
    },
    {
      name: 'no-unresolvable-imports',
      comment: 'An import the cruiser cannot resolve would escape every rule above.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: a model type the simulator borrows is shared code.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
