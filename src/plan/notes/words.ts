/** `a, b and c`, for notes that name nodes. */
export function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `is` or `are`, agreeing with how many things are named. */
export const isAre = (count: number): string => (count === 1 ? 'is' : 'are');
