import { describe, expect, it } from 'vitest';
import { omit } from 'zod/mini';
import { compileRule, mayBacktrackCatastrophically } from '@/lib/rules/compile';
import { MAX_MATCH_LENGTH, RuleMatcher, leadingWord, requiredText, type Hits, type MatchableRule } from '@/lib/rules/matcher';
import { probeRegex } from '@/lib/rules/probe';
import { Rule, RulePatch } from '@/lib/model/rule';
import { readPageData } from '@/lib/site/data-blob';
import { fixtureEntry, loadFixture } from './fixtures';

const compile = (pattern: string, kind: Rule['kind'] = 'word', caseSensitive = false) => {
  const result = compileRule({ pattern, kind, caseSensitive });
  if (!result.ok) throw new Error(result.error);
  return result.regex;
};
const found = (regex: RegExp, text: string) => [...text.matchAll(regex)].map((m) => m[0]);

/** A matcher's flat matches (rule, start, end, …) as one object each. */
const hitsOf = (flat: Hits) => Array.from({ length: flat.length / 3 }, (_, i) => ({ rule: flat[3 * i]!, start: flat[3 * i + 1]!, end: flat[3 * i + 2]! }));

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
  it('a patch names the same settings a rule has, with no defaults of its own', () => {
    expect(Object.keys(RulePatch.shape).sort()).toEqual(Object.keys(omit(Rule, { id: true, createdAt: true }).shape).sort());
    expect(RulePatch.parse({})).toEqual({});
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
  it('phrases allow any spacing; prefixes match words that start so, whole', () => {
    expect(found(compile('mixture of experts', 'phrase'), 'a Mixture  of\nExperts model')).toEqual(['Mixture  of\nExperts']);
    expect(found(compile('transform', 'prefix'), 'Transformers transform; retransform')).toEqual(['Transformers', 'transform']);
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

describe('RuleMatcher', () => {
  const rule = (pattern: string, kind: Rule['kind'] = 'word', fields: Rule['fields'] = ['title', 'abstract'], caseSensitive = false): MatchableRule => ({
    pattern,
    kind,
    fields,
    caseSensitive,
  });
  const texts = (matcher: RuleMatcher, text: string, field: Rule['fields'][number] = 'title') =>
    hitsOf(matcher.match(text, field))
      .sort((a, b) => a.start - b.start || a.rule - b.rule)
      .map((hit) => `${hit.rule}:${text.slice(hit.start, hit.end)}`);

  /** What each rule's own RegExp (compile.ts) finds in `text`, for the rules looking at `field`, as `texts` lists it. */
  const regexFinds = (rules: MatchableRule[], text: string, field: Rule['fields'][number] = 'title') =>
    rules
      .flatMap((r, index) => {
        const compiled = compileRule(r);
        if (!compiled.ok) throw new Error(compiled.error);
        return r.fields.includes(field) ? [...text.matchAll(compiled.regex)].map((m) => ({ index, at: m.index, text: m[0] })) : [];
      })
      .sort((a, b) => a.at - b.at || a.index - b.index)
      .map((m) => `${m.index}:${m.text}`);

  it('finds exactly what each rule’s own RegExp finds, for every kind', () => {
    const rules = [
      rule('RL'),
      rule('diffusion model', 'phrase'),
      rule('diffus', 'prefix'),
      rule('GPT-4'),
      rule('C++'),
      rule('#hashtag'),
      rule('LLM', 'word', ['title'], true),
      rule('lang\\w+ (model)s?', 'regex'),
      rule('modèle'),
      rule('强化学习'),
      rule('token ization', 'prefix'),
    ];
    const text =
      'RL, URL, RLHF and rl. Diffusion  models and diffusion model; diffusive DIFFUSION. GPT-4 and GPT-4o, C++ and C#. ' +
      '#hashtag LLM llm. Language models, language model. Un modèle, des modèles. 强化学习 (强化学习). token izations.';
    const matcher = new RuleMatcher(rules);
    const expected = regexFinds(rules, text);
    expect(texts(matcher, text)).toEqual(expected);
    // Few leading words: the text is searched for them; many: it is split into words and hashed.
    expect(texts(new RuleMatcher(rules, 'scan'), text)).toEqual(expected);
    expect(texts(new RuleMatcher(rules, 'words'), text)).toEqual(expected);
    expect(expected).toContain('0:RL');
    expect(expected).not.toContain('0:URL');
    expect(expected).toContain('7:Language models');
  });

  it('prefixes and word-led regexes of every length, sharing their first letters, find what their RegExps find', () => {
    // Indexed by their first few letters only: the rest of each must still be compared.
    const rules = [
      rule('dif', 'prefix'),
      rule('diffu', 'prefix'),
      rule('diffus', 'prefix'),
      rule('diffusion', 'prefix'),
      rule('\\bdiffusions?\\b', 'regex'),
      rule('\\bdiffused\\b', 'regex'),
      rule('\\bDiffer\\w*', 'regex', ['title'], true),
      rule('transfor', 'prefix'),
      rule('Transformer', 'prefix', ['title'], true),
      rule('\\btransformers?\\b', 'regex'),
    ];
    const plain = 'Diffusion, diffusions and diffused; diffuse, different and Differ. Transformers, transform, transformer and transformation.';
    // Folding İ changes the text's length: words are folded one by one.
    for (const text of [plain, `İ ${plain}`]) {
      const expected = regexFinds(rules, text);
      expect(texts(new RuleMatcher(rules, 'words'), text)).toEqual(expected);
      expect(texts(new RuleMatcher(rules, 'scan'), text)).toEqual(expected);
      expect(expected).toContain('4:diffusions');
      expect(expected).not.toContain('4:diffuse');
    }
  });

  it('a text already split into words is matched the same by a new matcher (the words are kept across rule changes)', () => {
    const text = 'Diffusion models, diffusive flows and DIFFUSION. GPT-4 and RLHF.';
    const first = texts(new RuleMatcher([rule('diffusion')]), text);
    expect(first).toEqual(['0:Diffusion', '0:DIFFUSION']);
    const again = new RuleMatcher([rule('RLHF', 'word', ['title'], true), rule('diffus', 'prefix'), rule('GPT-4')]);
    expect(texts(again, text)).toEqual(['1:Diffusion', '1:diffusive', '1:DIFFUSION', '2:GPT-4', '0:RLHF']);
  });

  it('a matcher still matches rightly after the kept words were dropped (more texts than a page holds)', () => {
    const rules = [rule('diffusion'), rule('model', 'prefix'), rule('RL', 'word', ['title'], true), rule('language model', 'phrase')];
    const matcher = new RuleMatcher(rules, 'words');
    const text = 'Diffusion models for RL and rl; a language model.';
    const expected = regexFinds(rules, text);
    expect(texts(matcher, text)).toEqual(expected);
    // Enough other texts to drop every kept text and word: ids given before mean other words now.
    for (let i = 0; i < 5_001; i++) matcher.match(`model${i} zeta${i} diffusion`, 'title');
    expect(texts(matcher, 'Models of diffusion, RL.')).toEqual(regexFinds(rules, 'Models of diffusion, RL.'));
    expect(texts(matcher, text)).toEqual(expected);
    expect(texts(new RuleMatcher(rules, 'words'), text)).toEqual(expected);
  });

  it('a rule compiled for one matcher is matched the same by the next, at its new place and with its new fields', () => {
    const text = 'Diffusion models and RL; diffusive RL, ARL.';
    const expected = (rules: MatchableRule[], field: Rule['fields'][number]) => regexFinds(rules, text, field);
    const first = [rule('\\bdiffus\\w*', 'regex'), rule('RL', 'word', ['title'], true), rule('r.', 'regex')];
    expect(texts(new RuleMatcher(first), text)).toEqual(expected(first, 'title'));
    const next = [rule('r.', 'regex', ['abstract']), rule('models'), rule('\\bdiffus\\w*', 'regex', ['abstract']), rule('RL', 'word', ['abstract'], true)];
    for (const field of ['title', 'abstract'] as const) expect(texts(new RuleMatcher(next), text, field)).toEqual(expected(next, field));
    expect(expected(next, 'abstract')).toContain('3:RL');
    expect(expected(next, 'title')).toEqual(['1:models']);
  });

  it('only runs a rule on the fields it looks at', () => {
    const matcher = new RuleMatcher([rule('RL', 'word', ['title']), rule('smith', 'word', ['authors'])]);
    expect(texts(matcher, 'RL by Smith', 'title')).toEqual(['0:RL']);
    expect(texts(matcher, 'RL by Smith', 'authors')).toEqual(['1:Smith']);
    expect(texts(matcher, 'RL by Smith', 'abstract')).toEqual([]);
  });

  it('leaves out rules that do not compile, and rules it was told to skip', () => {
    const matcher = new RuleMatcher([rule('(', 'regex'), rule('a+b', 'regex'), rule('RL')]);
    expect(matcher.invalid.get(0)).toMatch(/Invalid regular expression/);
    expect(texts(matcher, 'aab RL')).toEqual(['1:aab', '2:RL']);
    matcher.skip(1);
    expect(texts(matcher, 'aab RL')).toEqual(['2:RL']);
  });

  it('counts the time each scanned rule takes, so a slow one can be found', () => {
    const matcher = new RuleMatcher([rule('a.*z', 'regex'), rule('RL')]);
    matcher.match('a'.repeat(3_000), 'title');
    expect(matcher.spent.get(0)).toBeGreaterThan(0);
    expect(matcher.spent.has(1)).toBe(false);
    expect(matcher.mostSpent).toBe(matcher.spent.get(0));
    matcher.resetTime();
    expect(matcher.spent.size).toBe(0);
    expect(matcher.mostSpent).toBe(0);
  });

  it('searching a text for its rules’ words finds what splitting it into words finds, on real abstracts and odd text', () => {
    const abstracts = fixtureEntry('hf-papers-search-causal.html').papers.map((id) => readPageData(loadFixture('hf-papers-search-causal.html')).papers.get(id)?.abstract ?? '');
    const odd = 'x𝔸model 𝔸model model𝔸 modèle MODÈLE Straße STRASSE ǅemal ǆemal RL_2 rl-2 _rl ⅫRL 🙂RL RL🙂';
    const words = [...new Set(abstracts.join(' ').toLowerCase().match(/\b[a-z]{3,10}\b/g) ?? [])].slice(0, 40);
    const rules: MatchableRule[] = [
      ...words.map((word, i) => rule(i % 5 === 0 ? word.slice(0, 3) : word, i % 5 === 0 ? 'prefix' : 'word')),
      rule('model', 'word'),
      rule('modèle'),
      rule('RL', 'word', ['title', 'abstract'], true),
      rule('straße'),
      rule('ǆemal'),
      rule('language model', 'phrase'),
      rule('\\bmodels?\\b', 'regex'),
    ];
    for (const text of [...abstracts, odd]) {
      for (const count of [3, 10, rules.length]) {
        const some = rules.slice(-count);
        const scanned = texts(new RuleMatcher(some, 'scan'), text, 'abstract');
        expect(scanned).toEqual(texts(new RuleMatcher(some, 'words'), text, 'abstract'));
      }
    }
    expect(texts(new RuleMatcher([rule('model')], 'scan'), odd, 'abstract')).toEqual([]);
    // Folding that changes the text's length (İ → i̇) is left to the word walk.
    expect(texts(new RuleMatcher([rule('model')], 'scan'), 'İstanbul model', 'abstract')).toEqual(['0:model']);
    expect(texts(new RuleMatcher([rule('RL', 'word', ['title'], true)], 'scan'), odd)).toEqual(['0:RL', '0:RL']);
  });

  it('matches a long abstract against 1,000 rules, only up to its cap', () => {
    const abstract = 'Reinforcement learning (RL) with large language models. '.repeat(300);
    const rules = Array.from({ length: 1_000 }, (_, i) => rule(i === 1 ? 'RL' : `word${i}`));
    const hits = hitsOf(new RuleMatcher(rules).match(abstract, 'abstract'));
    expect(hits.every((hit) => hit.rule === 1 && hit.end <= MAX_MATCH_LENGTH)).toBe(true);
    expect(hits.length).toBe([...abstract.slice(0, MAX_MATCH_LENGTH).matchAll(/\bRL\b/g)].length);
  });
});

describe('leadingWord (regexes tried only at words that start so)', () => {
  it.each([
    ['\\bmodels?\\b', 'model'],
    ['\\bdiffusion(s|al)?', 'diffusion'],
    ['\\bdiff|flow', ''],
    ['model\\b', ''],
    ['\\b[a-z]+ing', ''],
  ])('%s → %j', (source, word) => {
    expect(leadingWord(source)).toBe(word);
  });
  it('finds what the RegExp finds at word starts', () => {
    const rules: MatchableRule[] = [{ pattern: '\\bmodel(s|ing)?\\b', kind: 'regex', fields: ['title'], caseSensitive: false }];
    const text = 'Models, modeling and model; remodel, modelled';
    const hits = hitsOf(new RuleMatcher(rules).match(text, 'title'));
    expect(hits.map((hit) => text.slice(hit.start, hit.end))).toEqual(['Models', 'modeling', 'model']);
  });
});

describe('requiredText (texts without it skip the RegExp)', () => {
  it.each([
    ['\\bmodels?\\b', 'model'],
    ['lang\\w+ (model)s?', 'lang'],
    ['(trajectory|video)[- ](oriented|generation)', ''],
    ['diffusion|flow', ''],
    ['colou?r', 'colo'],
    ['a{0,3}bcd', 'bcd'],
    ['[abc]xyz\\d+', 'xyz'],
  ])('%s needs %j', (source, needle) => {
    expect(requiredText(source)).toBe(needle);
  });
  it('skipping never loses a match', () => {
    const rules: MatchableRule[] = ['\\bmodels?\\b', 'colou?r', 'Lang\\w+'].map((pattern) => ({ pattern, kind: 'regex', fields: ['title'], caseSensitive: false }));
    const hits = hitsOf(new RuleMatcher(rules).match('MODELS and Models; colour COLOR; LANGUAGE', 'title'));
    expect(hits.map((hit) => hit.rule).sort()).toEqual([0, 0, 1, 1, 2]);
  });
});

describe('probeRegex', () => {
  const probe = (source: string) => probeRegex(new RegExp(source, 'giu'));
  it.each(['a*a*a*a*a*a*b', '\\w*\\w*\\w*z', '.*.*.*.*x', 'x+x+y'])('refuses %s, which explodes on long runs of one character', (source) => {
    expect(probe(source)).toMatchObject({ ok: false, error: /very slow on long text/ });
  });
  it.each(['\\bdiffusion\\b', '\\b(rl|rlhf)\\b', '\\bdiffusion models?\\b', 'LLMs?\\b', '^(a|b)*c'])('accepts %s', (source) => {
    expect(probe(source)).toEqual({ ok: true });
  });
});
