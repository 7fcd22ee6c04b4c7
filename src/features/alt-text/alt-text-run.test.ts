import { describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../engine/errors';
import type { DownloadProgress } from '../../engine/types';
import { AltTextCardRun, AltTextListRun, IMAGES_AT_ONCE, type AltTextCardDeps, type AltTextListDeps } from './alt-text-run';
import type { AltTextItem, ImageRef } from './types';

const DOWNLOAD: DownloadProgress = { modelId: 'test/captioner', loaded: 1, total: 2, files: [] };
const PLAN = { modelId: 'test/captioner', totalBytes: 200_000_000, cachedBytes: 0 };

const item = (id: number, reason: AltTextItem['reason'] = 'missing', page = 'page-1'): AltTextItem => ({
  id,
  page,
  src: `/photos/${id}.jpg`,
  reason,
  alt: '',
  kind: 'img',
  width: 320,
  height: 200,
});

function listDeps(overrides: Partial<AltTextListDeps> = {}): AltTextListDeps {
  return {
    downloadToAskFor: async () => undefined,
    items: async () => [item(1), item(2, 'decorative'), item(3, 'broken'), item(4)],
    // The description derives from the image: each says which photo it is.
    generate: async ({ id }) => ({ text: `Photo ${id}`, applied: id !== 4 }),
    stopInPage: async () => undefined,
    ...overrides,
  };
}

describe('AltTextListRun', () => {
  it('describes the images that need it, and keeps the others apart', async () => {
    const generate = vi.fn(listDeps().generate);
    const run = new AltTextListRun(listDeps({ generate }));
    await run.generateAll();
    expect(generate.mock.calls.map(([image]) => image.id)).toEqual([1, 4]);
    expect(run.state.phase).toBe('done');
    expect(run.state.rows?.map((row) => [row.id, row.state, row.alt])).toEqual([
      [1, 'done', 'Photo 1'],
      [2, 'decorative', ''],
      [3, 'failed', ''],
      [4, 'ready', 'Photo 4'],
    ]);
    run.update(4, { state: 'done' });
    expect(run.state.rows?.[3]?.state).toBe('done');
  });

  it('offers the download before listing anything', async () => {
    const items = vi.fn(listDeps().items);
    const run = new AltTextListRun(listDeps({ downloadToAskFor: async () => PLAN, items }));
    await run.generateAll();
    expect(run.state).toMatchObject({ phase: 'needs-download', needsDownload: PLAN });
    expect(items).not.toHaveBeenCalled();
  });

  it('skips an image it cannot describe, with the reason, and goes on', async () => {
    const run = new AltTextListRun(
      listDeps({
        generate: async ({ id }) => {
          if (id === 1) throw new Error('The image could not be read.');
          return { text: `Photo ${id}`, applied: true };
        },
      }),
    );
    await run.generateAll();
    expect(run.state.rows?.[0]).toMatchObject({ state: 'failed', problem: 'The image could not be read.' });
    expect(run.state.rows?.[3]).toMatchObject({ state: 'done', alt: 'Photo 4' });
  });

  it('says once that the model cannot load, instead of once per image, and starts no more images', async () => {
    const generate = vi.fn(async (): Promise<{ text: string }> => {
      throw new EngineError('model-not-found', 'The model test/captioner was not found on http://127.0.0.1:9.');
    });
    const many = Array.from({ length: IMAGES_AT_ONCE + 3 }, (_, i) => item(i + 1));
    const run = new AltTextListRun(listDeps({ generate, items: async () => many }));
    await run.generateAll();
    // The images started together all meet the failure; none is started after it.
    expect(generate).toHaveBeenCalledTimes(IMAGES_AT_ONCE);
    expect(run.state).toMatchObject({ phase: 'error', errorCode: 'model-not-found', error: 'The model test/captioner was not found on http://127.0.0.1:9.' });
    expect(run.state.rows?.map((row) => [row.id, row.state, row.problem])).toEqual(many.map((image) => [image.id, 'failed', undefined]));
  });

  it('describes a few images at once, in page order, each into its own row', async () => {
    const waiting = new Map<number, () => void>();
    const many = Array.from({ length: IMAGES_AT_ONCE + 2 }, (_, i) => item(i + 1));
    const run = new AltTextListRun(
      listDeps({
        items: async () => many,
        generate: ({ id }) => new Promise((resolve) => waiting.set(id, () => resolve({ text: `Photo ${id}`, applied: true }))),
      }),
    );
    const done = run.generateAll();
    await vi.waitFor(() => expect(waiting.size).toBe(IMAGES_AT_ONCE));
    expect([...waiting.keys()]).toEqual([1, 2, 3, 4].slice(0, IMAGES_AT_ONCE));
    expect(run.state.rows?.filter((row) => row.state === 'working')).toHaveLength(IMAGES_AT_ONCE);
    // The second image ends first: its row is done, and the next image starts in its place.
    waiting.get(2)!();
    await vi.waitFor(() => expect(waiting.has(IMAGES_AT_ONCE + 1)).toBe(true));
    expect(run.state.rows?.[1]).toMatchObject({ state: 'done', alt: 'Photo 2' });
    expect(run.state.rows?.[0]?.state).toBe('working');
    for (let id = 1; id <= many.length; id++) await vi.waitFor(() => waiting.get(id)!());
    await done;
    expect(run.state.rows?.map((row) => [row.state, row.alt])).toEqual(many.map((image) => ['done', `Photo ${image.id}`]));
  });

  it('tries one image again, keeping the rest, with "Read all text" from the result', async () => {
    let fail = true;
    const run = new AltTextListRun(
      listDeps({
        generate: async ({ id }) => {
          if (id === 1 && fail) throw new Error('The image could not be read.');
          return { text: `Photo ${id}: 'Sale…'`, applied: true, allText: `Sale on photo ${id} all week` };
        },
      }),
    );
    await run.generateAll();
    expect(run.state.rows?.[0]).toMatchObject({ state: 'failed', problem: 'The image could not be read.' });
    fail = false;
    await run.retry(1);
    expect(run.state.phase).toBe('done');
    expect(run.state.rows?.[0]).toMatchObject({ state: 'done', alt: "Photo 1: 'Sale…'", allText: 'Sale on photo 1 all week', problem: undefined });
    expect(run.state.rows?.[3]).toMatchObject({ state: 'done', alt: "Photo 4: 'Sale…'" });
  });

  it('names each image with the page it was listed in, when describing it and trying it again', async () => {
    const asked: ImageRef[] = [];
    let page = 'page-A';
    const run = new AltTextListRun(
      listDeps({
        items: async () => [item(1, 'missing', page)],
        generate: async (image) => {
          asked.push(image);
          return { text: 'Photo 1', applied: true };
        },
      }),
    );
    await run.generateAll();
    // The tab was reloaded: its content script numbers its images afresh, and the list is of the new page.
    page = 'page-B';
    run.pageChanged();
    await run.generateAll();
    await run.retry(1);
    expect(asked).toEqual([
      { id: 1, page: 'page-A' },
      { id: 1, page: 'page-B' },
      { id: 1, page: 'page-B' },
    ]);
  });

  it('shows what went wrong when the page cannot be asked', async () => {
    const run = new AltTextListRun(listDeps({ items: () => Promise.reject(new Error('Could not establish connection.')) }));
    await run.generateAll();
    expect(run.state).toMatchObject({ phase: 'error', error: 'Could not establish connection.' });
  });

  it('stops: the page is told, the images under way finish, the ones waiting say so', async () => {
    const finishers: Array<() => void> = [];
    const stopInPage = vi.fn(async () => finishers.forEach((finish) => finish()));
    const many = [item(1), item(2, 'decorative'), ...Array.from({ length: IMAGES_AT_ONCE + 1 }, (_, i) => item(i + 3))];
    const run = new AltTextListRun(
      listDeps({
        stopInPage,
        items: async () => many,
        generate: ({ id }) => new Promise((resolve) => finishers.push(() => resolve({ text: `Photo ${id}`, applied: true }))),
      }),
    );
    const done = run.generateAll();
    await vi.waitFor(() => expect(finishers).toHaveLength(IMAGES_AT_ONCE));
    expect(run.busy).toBe(true);
    run.stop();
    await done;
    expect(stopInPage).toHaveBeenCalledOnce();
    expect(run.state.phase).toBe('stopped');
    expect(run.state.rows?.map((row) => row.state)).toEqual(['done', 'decorative', ...Array<string>(IMAGES_AT_ONCE - 1).fill('done'), 'failed', 'failed']);
    expect(run.state.rows?.at(-1)?.problem).toBe('Stopped before this image.');
  });

  it('forgets the list when the tab goes to another page, starting no more images and writing nothing later', async () => {
    const finishers: Array<() => void> = [];
    const many = Array.from({ length: IMAGES_AT_ONCE + 2 }, (_, i) => item(i + 1));
    const generate = vi.fn(({ id }: ImageRef) => new Promise<{ text: string; applied: boolean }>((resolve) => finishers.push(() => resolve({ text: `Photo ${id}`, applied: true }))));
    const run = new AltTextListRun(listDeps({ items: async () => many, generate }));
    const done = run.generateAll();
    await vi.waitFor(() => expect(finishers).toHaveLength(IMAGES_AT_ONCE));
    run.pageChanged();
    expect(run.state).toMatchObject({ phase: 'idle', rows: undefined });
    expect(run.busy).toBe(false);
    // The descriptions under way come back after the page changed: they reach no row, and no image is started.
    finishers.forEach((finish) => finish());
    await done;
    expect(run.state).toMatchObject({ phase: 'idle', rows: undefined });
    expect(generate).toHaveBeenCalledTimes(IMAGES_AT_ONCE);
  });

  it('says "stopped" when stopped before the images are listed, and describes none', async () => {
    let release!: () => void;
    const generate = vi.fn(listDeps().generate);
    const run = new AltTextListRun(listDeps({ generate, downloadToAskFor: () => new Promise((resolve) => (release = () => resolve(undefined))) }));
    const done = run.generateAll();
    run.stop();
    release();
    await done;
    expect(run.state.phase).toBe('stopped');
    expect(generate).not.toHaveBeenCalled();
  });
});

function cardDeps(overrides: Partial<AltTextCardDeps> = {}): AltTextCardDeps {
  return {
    describe: async ({ onDownload }) => {
      onDownload(DOWNLOAD);
      return { text: 'A ripe banana', allText: undefined };
    },
    apply: () => undefined,
    undo: () => undefined,
    ...overrides,
  };
}

describe('AltTextCardRun', () => {
  it('describes the image, applies the text and undoes it', async () => {
    const apply = vi.fn();
    const undo = vi.fn();
    const run = new AltTextCardRun(cardDeps({ apply, undo }));
    const downloads: unknown[] = [];
    run.subscribe((state) => downloads.push(state.download));
    await run.describe();
    expect(run.state).toMatchObject({ phase: 'ready', text: 'A ripe banana', download: undefined });
    expect(downloads).toContainEqual(DOWNLOAD);
    run.apply();
    expect(apply).toHaveBeenCalledWith('A ripe banana');
    expect(run.state).toMatchObject({ phase: 'applied', note: 'Applied: screen readers now read this description.' });
    run.undo();
    expect(undo).toHaveBeenCalledOnce();
    expect(run.state).toMatchObject({ phase: 'ready', note: 'The original alt text is back.' });
  });

  it('offers the download, then describes once it is allowed', async () => {
    const describe = vi
      .fn<AltTextCardDeps['describe']>()
      .mockRejectedValueOnce(new EngineError('download-needed', 'not stored', PLAN))
      .mockImplementation(cardDeps().describe);
    const run = new AltTextCardRun(cardDeps({ describe }));
    await run.describe();
    expect(run.state).toMatchObject({ phase: 'needs-download', needsDownload: PLAN });
    await run.describe();
    expect(run.state).toMatchObject({ phase: 'ready', needsDownload: undefined, text: 'A ripe banana' });
  });

  it('ends as stopped, not as an error, when the card closes mid-description', async () => {
    const run = new AltTextCardRun(
      cardDeps({ describe: ({ signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))) }),
    );
    const done = run.describe();
    run.stop();
    await done;
    expect(run.state).toMatchObject({ phase: 'stopped', error: undefined });
  });
});
