import { describe, expect, it } from 'vitest';
import { redrawKeeping } from '@/lib/features/filter-bar';

const button = (text: string, hook = 'b') => {
  const el = document.createElement('button');
  el.setAttribute('data-paperlight', hook);
  el.textContent = text;
  return el;
};

describe('the filter bar’s redraw', () => {
  it('keeps the elements drawn the same, so a click about to land on one is not lost', () => {
    const bar = document.createElement('div');
    const show = button('1 hidden · Show', 'show-hidden');
    bar.append(button('12 new · 1 seen', 'seen'), show);
    redrawKeeping(bar, [button('11 new · 2 seen', 'seen'), button('1 hidden · Show', 'show-hidden')]);
    expect(bar.childNodes[1]).toBe(show);
    expect([...bar.children].map((el) => el.textContent)).toEqual(['11 new · 2 seen', '1 hidden · Show']);
  });

  it('puts new, moved and changed parts in order and drops what is gone', () => {
    const bar = document.createElement('div');
    const a = button('a');
    const b = button('b');
    bar.append(a, b, button('gone'));
    redrawKeeping(bar, [button('b'), document.createTextNode(' · '), button('c'), button('a')]);
    expect([...bar.childNodes].map((node) => node.textContent)).toEqual(['b', ' · ', 'c', 'a']);
    expect(bar.childNodes[0]).toBe(b);
    expect(bar.childNodes[3]).toBe(a);
  });
});
