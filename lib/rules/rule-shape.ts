/**
 * What a regex's source says about every match, read without running it: the word all matches
 * start with, and the text all of them contain. The matcher uses both to try a regex only where
 * it can match.
 */

/**
 * The word every match of a regex starts with, when it starts with `\b` and then plain letters or
 * digits (`\bdiffusion(s|al)?`), else ''. Such a rule can only match at the start of a word that
 * begins so, and is tried there only, like a prefix rule.
 */
export function leadingWord(source: string): string {
  if (!source.startsWith('\\b')) return '';
  // Any top-level alternative could start differently.
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    } else if (ch === '|' && depth === 0) {
      return '';
    }
  }
  let word = '';
  for (let i = 2; i < source.length && /[\p{L}\p{N}_]/u.test(source[i]!); i++) {
    const next = source[i + 1];
    if (next === '?' || next === '*' || (next === '{' && source[i + 2] === '0')) break;
    word += source[i];
  }
  return word;
}

/**
 * The longest run of plain letters and digits every match of `source` must contain, or ''. Only
 * top-level text counts: nothing inside groups or classes, nothing in a pattern with a top-level
 * alternative, and a character followed by `?`, `*` or `{0` is optional.
 */
export function requiredText(source: string): string {
  let depth = 0;
  let run = '';
  let best = '';
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      end();
      i++;
      continue;
    }
    if (ch === '[') {
      end();
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === '|' && depth === 0) return '';
    if (depth === 0 && /[\p{L}\p{N}]/u.test(ch)) {
      const next = source[i + 1];
      if (next === '?' || next === '*' || (next === '{' && source[i + 2] === '0')) end();
      else {
        run += ch;
        continue;
      }
    }
    end();
  }
  end();
  return best;
}
