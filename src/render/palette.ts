import pc from 'picocolors';

/** Colours a renderer may use. Chosen by the CLI and passed in: renderers never decide. */
export interface Palette {
  readonly update: (s: string) => string;
  readonly create: (s: string) => string;
  readonly remove: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly error: (s: string) => string;
}

export function createPalette(enabled: boolean): Palette {
  const c = pc.createColors(enabled);
  return { update: c.yellow, create: c.green, remove: c.red, bold: c.bold, dim: c.dim, error: c.red };
}

export const NO_COLOR: Palette = createPalette(false);
