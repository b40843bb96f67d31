// The CLI's imports of the user's app, a module known only at run time: natively for JavaScript, through
// tsx's ES module API for TypeScript. They stay out of the bundle (src/build/bundle-cli.ts) because the
// bundle runs as a vm.Script, where import() would need --experimental-vm-modules (and tsx's CommonJS
// build of that API cannot register its loader); required from there, this module imports as any does.
export async function importApp(url: string, loader: 'tsx' | 'node'): Promise<void> {
  if (loader === 'tsx') {
    const { tsImport } = await import('tsx/esm/api');
    await tsImport(url, import.meta.url);
  } else {
    await import(url);
  }
}
