import { describe, expect, it } from 'vitest';
import { compileRule, mayBacktrackCatastrophically } from '@/lib/rules/compile';
import { matchPaper, type CompiledRule } from '@/lib/rules/match';
import { Rule } from '@/lib/rules/rule';

const compile = (pattern: string, kind: Rule['kind'] = 'word', caseSensitive = false) => {
  const result = compileRule({ pattern, kind, caseSensitive });
  if (!result.ok) throw new Error(result.error);
  return result.regex;
};
const found = (regex: RegExp, text: string) => [...text.matchAll(regex)].map((m) => m[0]);

describe('rule schema', () => {
  it('fills the defaults: whole word, case-insensitive, title + abstract, highlight', () => {
    expect(Rule.parse({ id: 'r1', pattern: ' RL ', createdAt: 1 })).toMatchObject({
      pattern: 'RL',
      kind: 'word',
      caseSensitive: false,
      fields: ['title', 'abstract'],
      action: 'highlight',
      enabled: true,
    });
  });
  it('refuses an empty pattern and unknown fields', () => {
    expect(Rule.safeParse({ id: 'r1', pattern: '   ', createdAt: 1 }).success).toBe(false);
    expect(Rule.safeParse({ id: 'r1', pattern: 'x', fields: ['body'], createdAt: 1 }).success).toBe(false);
  });
});

describe('compileRule', () => {
  it('whole words: "RL" finds RL, not URL or RLHF', () => {
    const rl = compile('RL');
    expect(found(rl, 'RL and rl, not URL or RLHF; (RL).')).toEqual(['RL', 'rl', 'RL']);
  });
  it('case sensitivity is off by default and can be turned on', () => {
    expect(found(compile('LLM', 'word', true), 'LLM llm Llm')).toEqual(['LLM']);
    expect(found(compile('LLM'), 'LLM llm Llm')).toEqual(['LLM', 'llm', 'Llm']);
  });
  it('word boundaries know Unicode letters', () => {
    expect(found(compile('modèle'), 'Un modèle, des modèles, remodèle')).toEqual(['modèle']);
    expect(found(compile('naïve'), 'naïve naïveté')).toEqual(['naïve']);
    expect(found(compile('Ω'), 'Ω ΩΩ')).toEqual(['Ω']);
  });
  it('phrases allow any spacing; prefixes match word starts', () => {
    expect(found(compile('mixture of experts', 'phrase'), 'a Mixture  of\nExperts model')).toEqual(['Mixture  of\nExperts']);
    expect(found(compile('transform', 'prefix'), 'Transformers transform; retransform')).toEqual(['Transform', 'transform']);
  });
  it('special characters in word rules are text, not regex', () => {
    expect(found(compile('C++'), 'C++ and C')).toEqual(['C++']);
    expect(found(compile('a.b'), 'a.b axb')).toEqual(['a.b']);
  });
  it('regex rules keep their groups and alternatives', () => {
    const regex = compile('(diffusion|flow)[- ]matching', 'regex');
    expect(found(regex, 'Flow matching and diffusion-matching')).toEqual(['Flow matching', 'diffusion-matching']);
    expect([...'flow matching'.matchAll(regex)][0]?.[1]).toBe('flow');
  });
  it('an invalid regex is refused with the engine’s message', () => {
    const result = compileRule({ pattern: '(unclosed', kind: 'regex', caseSensitive: false });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/Invalid regular expression/) });
  });
  it('a pattern matching empty text is refused', () => {
    expect(compileRule({ pattern: 'a*', kind: 'regex', caseSensitive: false })).toMatchObject({ ok: false, error: /matches empty text/ });
  });
  it.each(['(a+)+$', '(a*)*b', '(\\w+\\s?)+$', '(a|aa)+$', '(.*a){12}', '((ab)+)+', '([a-z]+)*x'])('refuses %s, which can backtrack catastrophically', (pattern) => {
    expect(mayBacktrackCatastrophically(pattern)).toBe(true);
    expect(compileRule({ pattern, kind: 'regex', caseSensitive: false })).toMatchObject({ ok: false, error: /could freeze the page/ });
  });
  it.each(['diffusion|flow', 'LLMs?', '[A-Z]{2,5}', '(foo|bar) baz', '(ab)?c+', '\\(a+\\)+', 'x(?:y)z'])('accepts %s', (pattern) => {
    expect(mayBacktrackCatastrophically(pattern)).toBe(false);
  });
});

describe('matchPaper', () => {
  const rule = (id: string, pattern: string, fields: CompiledRule['fields'] = ['title', 'abstract']): CompiledRule => ({ id, regex: compile(pattern), fields });

  it('reports every match with its field and offsets, in the rule’s fields only', () => {
    const result = matchPaper([rule('rl', 'RL'), rule('llm', 'LLM', ['title'])], {
      title: 'RL for LLM agents',
      abstract: 'We use RL. LLM-free.',
      authors: 'RL Person',
    });
    expect(result.matches).toEqual([
      { ruleId: 'rl', field: 'title', start: 0, end: 2 },
      { ruleId: 'rl', field: 'abstract', start: 7, end: 9 },
      { ruleId: 'llm', field: 'title', start: 7, end: 10 },
    ]);
    expect(result.slow).toEqual([]);
  });

  it('names the rules that went over their time budget', () => {
    let clock = 0;
    const ticking = () => (clock += 1.5);
    const result = matchPaper([rule('a', 'a'), rule('b', 'b')], { title: 'a b' }, 1, ticking);
    expect(result.slow).toEqual(['a', 'b']);
  });

  it('matches a long abstract against many rules without trouble', () => {
    const abstract = 'Reinforcement learning (RL) with large language models. '.repeat(300);
    const rules = Array.from({ length: 100 }, (_, i) => rule(`r${i}`, i % 2 ? 'RL' : `word${i}`));
    const result = matchPaper(rules, { abstract }, 1_000);
    expect(result.matches.filter((m) => m.ruleId === 'r1')).toHaveLength(300);
  });
});
