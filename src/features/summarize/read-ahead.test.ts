import { describe, expect, it } from 'vitest';
import type { ExtractedPage } from '../../extraction/extract';
import type { PageReading, ReadPageRequest } from './messages';
import { PageReadAhead } from './read-ahead';

function pageOf(text: string): ExtractedPage {
  return { title: '', byline: null, lang: null, dir: null, siteName: null, excerpt: null, text, blocks: [], comments: [], commentFrames: [], source: 'fallback', wordCount: 1 };
}

/**
 * A tab's content script as the side panel sees it: a page whose text the test changes, tokens per reading;
 * a `large` tab's page is not read when asked ahead.
 */
function fakeTabs() {
  const texts = new Map<number, string>([
    [1, 'first page'],
    [2, 'second page'],
  ]);
  const tokens = new Map<number, string>();
  const changed = new Set<number>();
  const calls: { tabId: number; since: string | null; ahead?: true }[] = [];
  const large = new Set<number>();
  let counter = 0;
  const gates: (() => void)[] = [];
  let gated = false;
  const readPage = async (tabId: number, { since, ahead }: ReadPageRequest): Promise<PageReading> => {
    calls.push(ahead ? { tabId, since, ahead } : { tabId, since });
    if (gated) await new Promise<void>((resolve) => gates.push(resolve));
    const token = tokens.get(tabId);
    if (since !== null && since === token && !changed.has(tabId)) return { token };
    if (ahead && large.has(tabId)) return { deferred: true };
    changed.delete(tabId);
    const next = `t${++counter}`;
    tokens.set(tabId, next);
    return { token: next, page: pageOf(texts.get(tabId)!) };
  };
  return {
    readPage,
    calls,
    makeLarge(tabId: number) {
      large.add(tabId);
    },
    change(tabId: number, text: string) {
      texts.set(tabId, text);
      changed.add(tabId);
    },
    gate(on: boolean) {
      gated = on;
    },
    release() {
      for (const open of gates.splice(0)) open();
    },
  };
}

describe('PageReadAhead', () => {
  it('uses the reading taken ahead when the page is unchanged, asking only whether it is', async () => {
    const tabs = fakeTabs();
    const ahead = new PageReadAhead(tabs.readPage);
    await ahead.refresh(1);
    expect((await ahead.read(1)).text).toBe('first page');
    expect(tabs.calls).toEqual([
      { tabId: 1, since: null, ahead: true },
      { tabId: 1, since: 't1' },
    ]);
  });

  it('reads again when the page changed since it was read ahead', async () => {
    const tabs = fakeTabs();
    const ahead = new PageReadAhead(tabs.readPage);
    await ahead.refresh(1);
    tabs.change(1, 'new text');
    expect((await ahead.read(1)).text).toBe('new text');
    // And the new reading is the one held from then on.
    expect((await ahead.read(1)).text).toBe('new text');
    expect(tabs.calls.at(-1)).toEqual({ tabId: 1, since: 't2' });
  });

  it('never uses a reading of another tab', async () => {
    const tabs = fakeTabs();
    const ahead = new PageReadAhead(tabs.readPage);
    await ahead.refresh(1);
    expect((await ahead.read(2)).text).toBe('second page');
    expect(tabs.calls.at(-1)).toEqual({ tabId: 2, since: null });
  });

  it('shows the reading it holds for a tab, and none for another or after reading ahead failed', async () => {
    const tabs = fakeTabs();
    const ahead = new PageReadAhead(tabs.readPage);
    expect(ahead.peek(1)).toBeUndefined();
    await ahead.refresh(1);
    expect(ahead.peek(1)?.text).toBe('first page');
    expect(ahead.peek(2)).toBeUndefined();
    tabs.makeLarge(1);
    tabs.change(1, 'new text');
    await ahead.refresh(1);
    expect(ahead.peek(1)).toBeUndefined();
  });

  it('reads at the click when reading ahead failed', async () => {
    const tabs = fakeTabs();
    let failing = true;
    const ahead = new PageReadAhead((tabId, request) => (failing ? Promise.reject(new Error('not loaded yet')) : tabs.readPage(tabId, request)));
    await ahead.refresh(1);
    failing = false;
    expect((await ahead.read(1)).text).toBe('first page');
  });

  it('holds no reading of a page too large to read ahead, and reads it at the click', async () => {
    const tabs = fakeTabs();
    tabs.makeLarge(1);
    const ahead = new PageReadAhead(tabs.readPage);
    await ahead.refresh(1);
    expect((await ahead.read(1)).text).toBe('first page');
    expect(tabs.calls).toEqual([
      { tabId: 1, since: null, ahead: true },
      { tabId: 1, since: null },
    ]);
    // Read at the click, its reading is held: the next read-ahead only asks whether the page is unchanged.
    await ahead.refresh(1);
    expect(tabs.calls.at(-1)).toEqual({ tabId: 1, since: 't1', ahead: true });
    expect((await ahead.read(1)).text).toBe('first page');
    expect(tabs.calls.at(-1)).toEqual({ tabId: 1, since: 't1' });
    // Changed since: a read-ahead is deferred again, and drops the reading it held, which the click reads afresh.
    tabs.change(1, 'new text');
    await ahead.refresh(1);
    expect((await ahead.read(1)).text).toBe('new text');
    expect(tabs.calls.slice(-2)).toEqual([
      { tabId: 1, since: 't1', ahead: true },
      { tabId: 1, since: null },
    ]);
  });

  it('waits for a read-ahead under way instead of starting another, and drops one a newer one superseded', async () => {
    const tabs = fakeTabs();
    const ahead = new PageReadAhead(tabs.readPage);
    tabs.gate(true);
    const older = ahead.refresh(1);
    const newer = ahead.refresh(2);
    const clicked = ahead.read(2);
    tabs.release();
    await Promise.all([older, newer]);
    tabs.gate(false);
    tabs.release();
    expect((await clicked).text).toBe('second page');
    // The click asked tab 2 whether its page was unchanged since the newer read-ahead, not read it again.
    expect(tabs.calls.at(-1)).toEqual({ tabId: 2, since: 't2' });
    // The older read-ahead (tab 1) was dropped: tab 1 is read in full.
    await ahead.read(1);
    expect(tabs.calls.at(-1)).toEqual({ tabId: 1, since: null });
  });
});
