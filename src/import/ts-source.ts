/**
 * Pieces of TypeScript source for generated stacks, formatted as Prettier formats them with the
 * project's settings (single quotes, trailing commas, 120 columns). Every value passes through
 * `tsLiteral`, so text from a server can never end a string or a comment early.
 */

export const PRINT_WIDTH = 120;

/** A single-quoted string literal; quotes, backslashes and every character outside printable ASCII escaped. */
export function tsString(text: string): string {
  const escaped = [...text]
    .map((ch) => {
      if (ch === '\\' || ch === "'") return `\\${ch}`;
      const code = ch.codePointAt(0)!;
      if (code >= 0x20 && code < 0x7f) return ch;
      return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
    })
    .join('');
  return `'${escaped}'`;
}

export type TsValue = string | number | boolean | readonly string[];

export function tsLiteral(value: TsValue): string {
  if (typeof value === 'string') return tsString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `[${value.map(tsString).join(', ')}]`;
}

/**
 * `head{ a: 1, b: 2 }tail` on one line when it fits, else one property per line (a call's last
 * object argument stays on the call's line, as Prettier hugs it).
 */
export function objectCall(head: string, properties: readonly (readonly [string, TsValue])[], tail: string): string[] {
  const entries = properties.map(([name, value]) => `${name}: ${tsLiteral(value)}`);
  const line = `${head}{ ${entries.join(', ')} }${tail}`;
  if (line.length <= PRINT_WIDTH) return [line];
  return [`${head}{`, ...entries.map((entry) => `  ${entry},`), `}${tail}`];
}

/** `import { A, B } from 'm';`, one name per line when it does not fit. */
export function importLine(names: readonly string[], from: string): string[] {
  const line = `import { ${names.join(', ')} } from ${tsString(from)};`;
  if (line.length <= PRINT_WIDTH) return [line];
  return ['import {', ...names.map((name) => `  ${name},`), `} from ${tsString(from)};`];
}

/** `snake_case` → `camelCase`: Terraform attribute names as construct props. */
export function camelCase(name: string): string {
  return name.replace(/[_-]+([a-zA-Z0-9])/g, (_, ch: string) => ch.toUpperCase());
}

/** A comment of one or more lines, each starting `// `, wrapped at the print width. */
export function comment(text: string, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + 3 + line.length + 1 + word.length > PRINT_WIDTH) {
      lines.push(`${indent}// ${line}`);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, `${indent}// ${line}`];
}
