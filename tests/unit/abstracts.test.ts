import { describe, expect, it } from 'vitest';
import { withAbstracts } from '@/lib/store';
import { openTestStore as open, paperInput, putStored } from './test-data';

describe('the list first, its abstracts after (lib/store/abstracts.ts)', () => {
  it('gives what readLibrary with abstracts gives, key order included (a JSON export is the same text)', async () => {
    const store = await open();
    await store.papers.save(paperInput('2407.21783', { abstract: 'Llama 3 — a herd of models.' }), 1);
    await store.papers.save(paperInput('2407.21705', { abstract: null }), 2);
    await store.tags.add(paperInput('2407.21783'), 'LLM');
    const whole = await store.library.read();
    const joined = withAbstracts(await store.library.read({ abstracts: false }), await store.library.abstracts());
    expect(joined).toEqual(whole);
    expect(JSON.stringify(joined)).toBe(JSON.stringify(whole));
    store.close();
  });

  it('skips a paper whose abstract is damaged or missing, as readLibrary does', async () => {
    const store = await open();
    await store.papers.save(paperInput('2407.21783'), 1);
    const withoutAbstract: Record<string, unknown> = { ...paperInput('2407.21771'), savedAt: 5, state: 'to-read', note: '' };
    delete withoutAbstract.abstract;
    await putStored(store, 'papers', [{ ...paperInput('2407.21770'), savedAt: 4, state: 'to-read', note: '', abstract: 42 }, withoutAbstract]);
    const whole = await store.library.read();
    const listed = await store.library.read({ abstracts: false });
    expect(listed.papers).toHaveLength(3);
    const joined = withAbstracts(listed, await store.library.abstracts());
    expect(joined?.papers.map((paper) => paper.id)).toEqual(whole.papers.map((paper) => paper.id));
    expect(joined?.skipped).toBe(whole.skipped);
    store.close();
  });

  it('answers null when something was written between the two reads', async () => {
    const store = await open();
    await store.papers.save(paperInput('2407.21783'), 1);
    const listed = await store.library.read({ abstracts: false });
    await store.papers.save(paperInput('2407.21705'), 2);
    expect(withAbstracts(listed, await store.library.abstracts())).toBeNull();
    store.close();
  });
});
