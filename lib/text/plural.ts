/** `1 paper`, `3 papers`: a count with its word, plural in English unless it is one. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
