import { describe, expect, it } from 'vitest';
import { addRule, applyRuleTags, deleteRule, disableSlowRule, listRules, restoreRule, updateRule } from '@/lib/store/rules';
import { addTag, deleteTag, listTags, removeTag, renameTag, tagsOf } from '@/lib/store/tags';
import { paperInput, putStored, openTestDatabase as open } from './test-data';

const A = '2407.21783';
const B = '2407.21705';

describe('rules in the store', () => {
  it('adds a rule with its defaults and lists rules oldest first', async () => {
    const db = await open();
    const { rule: first } = await addRule(db, { pattern: 'diffusion' }, 1);
    await addRule(db, { pattern: 'RL', action: 'mute', muteStyle: 'fold' }, 2);
    expect(first).toMatchObject({ pattern: 'diffusion', kind: 'word', action: 'highlight', enabled: true, tag: null, createdAt: 1 });
    expect((await listRules(db)).map((rule) => rule.pattern)).toEqual(['diffusion', 'RL']);
  });

  it.each([
    [{ pattern: '   ' }, /needs a pattern/],
    [{ pattern: '(', kind: 'regex' as const }, /Invalid regular expression/],
    [{ pattern: '(a+)+$', kind: 'regex' as const }, /could freeze the page/],
    [{ pattern: 'a*a*a*a*a*b', kind: 'regex' as const }, /very slow on long text/],
    [{ pattern: 'x|', kind: 'regex' as const }, /matches empty text/],
    [{ pattern: 'rl', action: 'auto-tag' as const }, /Tag: .*at least one character/],
  ])('refuses %j with a message, storing nothing', async (input, message) => {
    const db = await open();
    await expect(addRule(db, input)).rejects.toThrow(message);
    expect(await listRules(db)).toEqual([]);
  });

  it('refuses a duplicate: same pattern (any case unless case-sensitive), kind and action', async () => {
    const db = await open();
    await addRule(db, { pattern: 'Diffusion' });
    await expect(addRule(db, { pattern: 'diffusion' })).rejects.toThrow(/already a highlight rule for “Diffusion”/);
    await addRule(db, { pattern: 'diffusion', action: 'mute' });
    await addRule(db, { pattern: 'diffusion', caseSensitive: true });
    expect(await listRules(db)).toHaveLength(3);
  });

  it('turns a slow rule off with the reason, once; turning it on again clears the reason', async () => {
    const db = await open();
    const { rule } = await addRule(db, { pattern: '\\bslow\\b', kind: 'regex' });
    expect((await disableSlowRule(db, rule.id, 'took 80 ms'))?.rules[0]).toMatchObject({ enabled: false, disabledReason: 'took 80 ms' });
    expect(await disableSlowRule(db, rule.id, 'again')).toBeNull();
    const { rule: on } = await updateRule(db, rule.id, { enabled: true });
    expect(on).toMatchObject({ enabled: true, disabledReason: null });
  });
});

describe('auto-tag rules', () => {
  const setup = async () => {
    const db = await open();
    const { rule } = await addRule(db, { pattern: 'diffusion', action: 'auto-tag', tag: 'Diffusion' }, 1);
    return { db, rule };
  };

  it('creates the rule’s tag, and tags matched papers once', async () => {
    const { db, rule } = await setup();
    expect((await listTags(db)).map((tag) => [tag.name, tag.count])).toEqual([['Diffusion', 0]]);
    const change = await applyRuleTags(db, [{ paper: paperInput(A), rule: rule.id }]);
    expect(change?.papers).toEqual([{ id: A, tags: ['diffusion'] }]);
    expect(await applyRuleTags(db, [{ paper: paperInput(A), rule: rule.id }])).toBeNull();
    expect(await tagsOf(db, [A])).toEqual({ [A]: ['diffusion'] });
  });

  it('deleting the rule removes the tags it gave and nothing else', async () => {
    const { db, rule } = await setup();
    await addTag(db, paperInput(A), 'diffusion'); // A has it by hand too
    await addTag(db, paperInput(B), 'keep');
    await applyRuleTags(db, [A, B].map((id) => ({ paper: paperInput(id), rule: rule.id })));
    expect(await tagsOf(db, [A, B])).toEqual({ [A]: ['diffusion'], [B]: ['keep', 'diffusion'] });
    const { tags } = await deleteRule(db, rule.id);
    expect(tags?.papers).toEqual(expect.arrayContaining([{ id: B, tags: ['keep'] }, { id: A, tags: ['diffusion'] }]));
    expect(await tagsOf(db, [A, B])).toEqual({ [A]: ['diffusion'], [B]: ['keep'] });
  });

  it('a tag the user removed is not given again by the rule, also after undoing its deletion', async () => {
    const { db, rule } = await setup();
    await applyRuleTags(db, [{ paper: paperInput(A), rule: rule.id }]);
    await removeTag(db, A, 'diffusion');
    expect(await applyRuleTags(db, [{ paper: paperInput(A), rule: rule.id }])).toBeNull();
    expect(await tagsOf(db, [A])).toEqual({});
    const { deleted } = await deleteRule(db, rule.id);
    await restoreRule(db, deleted);
    expect(await applyRuleTags(db, [{ paper: paperInput(A), rule: rule.id }])).toBeNull();
    // A new rule is a new rule.
    const { rule: fresh } = await addRule(db, { pattern: 'diffusion', action: 'auto-tag', tag: 'Diffusion', caseSensitive: true });
    expect((await applyRuleTags(db, [{ paper: paperInput(A), rule: fresh.id }]))?.papers).toEqual([{ id: A, tags: ['diffusion'] }]);
  });

  it('changing what the rule matches takes its tags off; turning it off keeps them', async () => {
    const { db, rule } = await setup();
    await applyRuleTags(db, [{ paper: paperInput(A), rule: rule.id }]);
    await updateRule(db, rule.id, { enabled: false });
    expect(await tagsOf(db, [A])).toEqual({ [A]: ['diffusion'] });
    expect(await applyRuleTags(db, [{ paper: paperInput(B), rule: rule.id }])).toBeNull();
    await updateRule(db, rule.id, { enabled: true, pattern: 'diffusion models', kind: 'phrase' });
    expect(await tagsOf(db, [A])).toEqual({});
  });

  it('renaming the tag renames the rule’s tag; deleting the tag turns the rule off, saying why', async () => {
    const { db, rule } = await setup();
    await applyRuleTags(db, [{ paper: paperInput(A), rule: rule.id }]);
    await renameTag(db, 'diffusion', 'Generative', false);
    expect((await listRules(db))[0]).toMatchObject({ id: rule.id, tag: 'Generative' });
    expect(await tagsOf(db, [A])).toEqual({ [A]: ['generative'] });
    await deleteTag(db, 'generative');
    expect((await listRules(db))[0]).toMatchObject({ enabled: false, disabledReason: 'Its tag “Generative” was deleted.' });
    expect((await listTags(db)).map((tag) => tag.key)).toEqual([]);
  });

  it('a tag record from before rules (no manual list) keeps its tags when a rule goes', async () => {
    const db = await open();
    // As version 3 stored it: tags only.
    await putStored(db, 'tags', [{ id: A, tags: ['old'], paper: paperInput(A) }]);
    await db.put('tags', { key: 'old', name: 'old', color: '#2563eb', createdAt: 1 });
    const { rule } = await addRule(db, { pattern: 'x', action: 'auto-tag', tag: 'new' });
    await applyRuleTags(db, [{ paper: paperInput(A), rule: rule.id }]);
    expect(await tagsOf(db, [A])).toEqual({ [A]: ['old', 'new'] });
    await deleteRule(db, rule.id);
    expect(await tagsOf(db, [A])).toEqual({ [A]: ['old'] });
  });
});
