import { describe, expect, it } from 'vitest';
import { patternFromSelection } from '@/lib/features/quick-rule';
import { isEditable as isTypingTarget } from '@/lib/keyboard/key-of';

describe('quick rules from a selection', () => {
  it.each([
    ['diffusion', 'diffusion'],
    ['  Diffusion   Transformer, ', 'Diffusion Transformer'],
    ['(RLHF).', 'RLHF'],
    ['C++', 'C++'],
    ['“modèle”', 'modèle'],
    ['line\nbreak', 'line break'],
  ])('%j becomes the pattern %j', (selected, pattern) => {
    expect(patternFromSelection(selected)).toBe(pattern);
  });
  it('nothing to make a rule of, or far too much', () => {
    expect(patternFromSelection(' … ')).toBeNull();
    expect(patternFromSelection('word '.repeat(40))).toBeNull();
  });
  it('typing targets: fields and editable content, not the page itself', () => {
    document.body.replaceChildren();
    const input = document.createElement('input');
    const area = document.createElement('textarea');
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    const inner = document.createElement('span');
    editable.append(inner);
    const plain = document.createElement('p');
    document.body.append(input, area, editable, plain);
    expect([input, area, editable, inner].map(isTypingTarget)).toEqual([true, true, true, true]);
    expect(isTypingTarget(plain)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
