import { describe, expect, it } from 'vitest';
import { paperInput, putStored, openTestStore as open, rawDb } from './test-data';

const A = '2407.21783';
const B = '2407.21705';

describe('rules in the store', () => {
  it('adds a rule with its defaults and lists rules oldest first', async () => {
    const store = await open();
    const { rule: first } = await store.rules.add({ pattern: 'diffusion' }, 1);
    await store.rules.add({ pattern: 'RL', action: 'mute', muteStyle: 'fold' }, 2);
    expect(first).toMatchObject({ pattern: 'diffusion', kind: 'word', action: 'highlight', enabled: true, tag: null, createdAt: 1 });
    expect((await store.rules.list()).map((rule) => rule.pattern)).toEqual(['diffusion', 'RL']);
  });

  it.each([
    [{ pattern: '   ' }, /needs a pattern/],
    [{ pattern: '(', kind: 'regex' as const }, /Invalid regular expression/],
    [{ pattern: '(a+)+$', kind: 'regex' as const }, /could freeze the page/],
    [{ pattern: 'a*a*a*a*a*b', kind: 'regex' as const }, /very slow on long text/],
    [{ pattern: 'x|', kind: 'regex' as const }, /matches empty text/],
    [{ pattern: 'rl', action: 'auto-tag' as const }, /Tag: .*at least one character/],
  ])('refuses %j with a message, storing nothing', async (input, message) => {
    const store = await open();
    await expect(store.rules.add(input)).rejects.toThrow(message);
    expect(await store.rules.list()).toEqual([]);
  });

  it('refuses a duplicate: same pattern (any case unless case-sensitive), kind and action', async () => {
    const store = await open();
    await store.rules.add({ pattern: 'Diffusion' });
    await expect(store.rules.add({ pattern: 'diffusion' })).rejects.toThrow(/already a highlight rule for “Diffusion”/);
    await store.rules.add({ pattern: 'diffusion', action: 'mute' });
    await store.rules.add({ pattern: 'diffusion', caseSensitive: true });
    expect(await store.rules.list()).toHaveLength(3);
  });

  it('turns a slow rule off with the reason, once; turning it on again clears the reason', async () => {
    const store = await open();
    const { rule } = await store.rules.add({ pattern: '\\bslow\\b', kind: 'regex' });
    expect((await store.rules.disableSlow(rule.id, 'took 80 ms'))?.rules[0]).toMatchObject({ enabled: false, disabledReason: 'took 80 ms' });
    expect(await store.rules.disableSlow(rule.id, 'again')).toBeNull();
    const { rule: on } = await store.rules.update(rule.id, { enabled: true });
    expect(on).toMatchObject({ enabled: true, disabledReason: null });
  });
});

describe('auto-tag rules', () => {
  const setup = async () => {
    const store = await open();
    const { rule } = await store.rules.add({ pattern: 'diffusion', action: 'auto-tag', tag: 'Diffusion' }, 1);
    return { store, rule };
  };

  it('creates the rule’s tag, and tags matched papers once', async () => {
    const { store, rule } = await setup();
    expect((await store.tags.list()).map((tag) => [tag.name, tag.count])).toEqual([['Diffusion', 0]]);
    const change = await store.rules.applyTags([{ paper: paperInput(A), rule: rule.id }]);
    expect(change?.papers).toEqual([{ id: A, tags: ['diffusion'] }]);
    expect(await store.rules.applyTags([{ paper: paperInput(A), rule: rule.id }])).toBeNull();
    expect(await store.tags.of([A])).toEqual({ [A]: ['diffusion'] });
  });

  it('deleting the rule removes the tags it gave and nothing else', async () => {
    const { store, rule } = await setup();
    await store.tags.add(paperInput(A), 'diffusion'); // A has it by hand too
    await store.tags.add(paperInput(B), 'keep');
    await store.rules.applyTags([A, B].map((id) => ({ paper: paperInput(id), rule: rule.id })));
    expect(await store.tags.of([A, B])).toEqual({ [A]: ['diffusion'], [B]: ['keep', 'diffusion'] });
    const { tags } = await store.rules.delete(rule.id);
    expect(tags?.papers).toEqual(expect.arrayContaining([{ id: B, tags: ['keep'] }, { id: A, tags: ['diffusion'] }]));
    expect(await store.tags.of([A, B])).toEqual({ [A]: ['diffusion'], [B]: ['keep'] });
  });

  it('a tag the user removed is not given again by the rule, also after undoing its deletion', async () => {
    const { store, rule } = await setup();
    await store.rules.applyTags([{ paper: paperInput(A), rule: rule.id }]);
    await store.tags.remove(A, 'diffusion');
    expect(await store.rules.applyTags([{ paper: paperInput(A), rule: rule.id }])).toBeNull();
    expect(await store.tags.of([A])).toEqual({});
    const { deleted } = await store.rules.delete(rule.id);
    await store.rules.restore(deleted);
    expect(await store.rules.applyTags([{ paper: paperInput(A), rule: rule.id }])).toBeNull();
    // A new rule is a new rule.
    const { rule: fresh } = await store.rules.add({ pattern: 'diffusion', action: 'auto-tag', tag: 'Diffusion', caseSensitive: true });
    expect((await store.rules.applyTags([{ paper: paperInput(A), rule: fresh.id }]))?.papers).toEqual([{ id: A, tags: ['diffusion'] }]);
  });

  it('changing what the rule matches takes its tags off; turning it off keeps them', async () => {
    const { store, rule } = await setup();
    await store.rules.applyTags([{ paper: paperInput(A), rule: rule.id }]);
    await store.rules.update(rule.id, { enabled: false });
    expect(await store.tags.of([A])).toEqual({ [A]: ['diffusion'] });
    expect(await store.rules.applyTags([{ paper: paperInput(B), rule: rule.id }])).toBeNull();
    await store.rules.update(rule.id, { enabled: true, pattern: 'diffusion models', kind: 'phrase' });
    expect(await store.tags.of([A])).toEqual({});
  });

  it('renaming the tag renames the rule’s tag; deleting the tag turns the rule off, saying why', async () => {
    const { store, rule } = await setup();
    await store.rules.applyTags([{ paper: paperInput(A), rule: rule.id }]);
    await store.tags.rename('diffusion', 'Generative', false);
    expect((await store.rules.list())[0]).toMatchObject({ id: rule.id, tag: 'Generative' });
    expect(await store.tags.of([A])).toEqual({ [A]: ['generative'] });
    await store.tags.delete('generative');
    expect((await store.rules.list())[0]).toMatchObject({ enabled: false, disabledReason: 'Its tag “Generative” was deleted.' });
    expect((await store.tags.list()).map((tag) => tag.key)).toEqual([]);
  });

  it('a tag record from before rules (no manual list) keeps its tags when a rule goes', async () => {
    const store = await open();
    // As version 3 stored it: tags only.
    await putStored(store, 'tags', [{ id: A, tags: ['old'], paper: paperInput(A) }]);
    await rawDb(store).put('tags', { key: 'old', name: 'old', color: '#2563eb', createdAt: 1 });
    const { rule } = await store.rules.add({ pattern: 'x', action: 'auto-tag', tag: 'new' });
    await store.rules.applyTags([{ paper: paperInput(A), rule: rule.id }]);
    expect(await store.tags.of([A])).toEqual({ [A]: ['old', 'new'] });
    await store.rules.delete(rule.id);
    expect(await store.tags.of([A])).toEqual({ [A]: ['old'] });
  });
});
