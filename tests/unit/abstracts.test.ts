import { describe, expect, it } from 'vitest';
import { readAbstracts, withAbstracts } from '@/lib/store/abstracts';
import { readLibrary } from '@/lib/store/library';
import { savePaper } from '@/lib/store/papers';
import { addTag } from '@/lib/store/tags';
import { openTestDatabase as open, paperInput, putStored } from './test-data';

describe('the list first, its abstracts after (lib/store/abstracts.ts)', () => {
  it('gives what readLibrary with abstracts gives, key order included (a JSON export is the same text)', async () => {
    const db = await open();
    await savePaper(db, paperInput('2407.21783', { abstract: 'Llama 3 — a herd of models.' }), 1);
    await savePaper(db, paperInput('2407.21705', { abstract: null }), 2);
    await addTag(db, paperInput('2407.21783'), 'LLM');
    const whole = await readLibrary(db);
    const joined = withAbstracts(await readLibrary(db, { abstracts: false }), await readAbstracts(db));
    expect(joined).toEqual(whole);
    expect(JSON.stringify(joined)).toBe(JSON.stringify(whole));
    db.close();
  });

  it('skips a paper whose abstract is damaged or missing, as readLibrary does', async () => {
    const db = await open();
    await savePaper(db, paperInput('2407.21783'), 1);
    const withoutAbstract: Record<string, unknown> = { ...paperInput('2407.21771'), savedAt: 5, state: 'to-read', note: '' };
    delete withoutAbstract.abstract;
    await putStored(db, 'papers', [{ ...paperInput('2407.21770'), savedAt: 4, state: 'to-read', note: '', abstract: 42 }, withoutAbstract]);
    const whole = await readLibrary(db);
    const listed = await readLibrary(db, { abstracts: false });
    expect(listed.papers).toHaveLength(3);
    const joined = withAbstracts(listed, await readAbstracts(db));
    expect(joined?.papers.map((paper) => paper.id)).toEqual(whole.papers.map((paper) => paper.id));
    expect(joined?.skipped).toBe(whole.skipped);
    db.close();
  });

  it('answers null when something was written between the two reads', async () => {
    const db = await open();
    await savePaper(db, paperInput('2407.21783'), 1);
    const listed = await readLibrary(db, { abstracts: false });
    await savePaper(db, paperInput('2407.21705'), 2);
    expect(withAbstracts(listed, await readAbstracts(db))).toBeNull();
    db.close();
  });
});
