// The alt-text pipelines, apart from their components: the side panel's list (AltTextPanel.tsx) describes
// the tab's images a few at a time, and the in-page card (in-page.tsx) describes one image. The page and the
// engine come in as deps, so both run in unit tests.
import type { AnsweredBy, DownloadPlan, DownloadProgress, EngineErrorCode } from '../../engine/types';
import { engineErrorCode, errorMessage } from '../../ui/errors';
import { RunStore, type Run, type RunEnd, type RunState } from '../../ui/run-store';
import type { AltTextItem, GeneratedAltText, ImageRef } from './types';
import { t } from '../../i18n/i18n';

export interface AltTextRow extends AltTextItem {
  /**
   * `ready`: described from a screenshot, not written into the page until the person applies it.
   * `decorative`: marked decorative by the content script; `undone` also when that was undone.
   */
  state: 'waiting' | 'working' | 'ready' | 'done' | 'undone' | 'failed' | 'decorative';
  thumbnail?: string;
  /** Why this image was skipped; none when the run's one error line says it (the model could not load). */
  problem?: string;
  answeredBy?: AnsweredBy;
  /** All the text the image holds, when the alt text quotes only its start ("Read all text"). */
  allText?: string;
}

export interface AltTextListState extends RunState {
  phase: 'idle' | 'working' | 'done' | RunEnd;
  rows?: AltTextRow[];
}

export interface AltTextListDeps {
  /** The image model's download to ask for before anything is listed, if it is not stored. */
  downloadToAskFor(): Promise<DownloadPlan | undefined>;
  items(): Promise<AltTextItem[]>;
  /** Describes one image; the content script writes the text into the page as soon as it is ready. */
  generate(image: ImageRef): Promise<Pick<GeneratedAltText, 'text' | 'thumbnail' | 'applied' | 'answeredBy' | 'allText'>>;
  /** Stops the description under way in the page. */
  stopInPage(): Promise<void>;
}

/** Images asked for at once: the next ones' pixels are read and sent while the engine captions one. */
export const IMAGES_AT_ONCE = 4;

/** Errors of the model or its host rather than of one image: every image would meet them. */
const MODEL_ERRORS = new Set<EngineErrorCode>([
  'host-unreachable',
  'download-needed',
  'model-not-found',
  'not-a-transformers-model',
  'out-of-memory',
  'quota-exceeded',
  'download-corrupt',
  'server-refused',
  'cannot-see-images',
]);

export class AltTextListRun extends RunStore<AltTextListState> {
  constructor(private readonly deps: AltTextListDeps) {
    super({ phase: 'idle' });
  }

  get busy(): boolean {
    return this.state.phase === 'working';
  }

  /** Describes each image of the tab that lacks useful alt text, a few at a time, until Stop. */
  generateAll(): Promise<void> {
    return this.run({ phase: 'working' }, async (run) => {
      // Asked before the images are listed: one offer of the download, not one failure per image.
      const plan = await this.deps.downloadToAskFor();
      if (plan) return { needsDownload: plan, phase: 'needs-download' };
      const items = await this.deps.items();
      if (run.stopped()) return;
      // Images described before stay in the list (with Undo); broken ones are skipped with the reason.
      const thumbnails = new Map(this.state.rows?.map((row) => [row.id, row.thumbnail]));
      run.set({
        rows: items.map((item): AltTextRow => {
          if (item.reason === 'generated') return { ...item, state: 'done', thumbnail: thumbnails.get(item.id) };
          if (item.reason === 'broken') return { ...item, state: 'failed' };
          if (item.reason === 'decorative') return { ...item, state: 'decorative' };
          return { ...item, state: 'waiting' };
        }),
      });
      const toDescribe = items.filter((item) => item.reason !== 'generated' && item.reason !== 'broken' && item.reason !== 'decorative');
      // A few images in flight at once, in page order: their captions reach the engine together and go
      // through its encoder as one batch (src/engine/caption-batch.ts). A model's failure ends the run.
      let modelFailure: { reason: unknown } | undefined;
      const describeNext = async () => {
        for (let item = toDescribe.shift(); item && !run.signal.aborted && !modelFailure; item = toDescribe.shift()) {
          await this.describeOne(run, item).catch((reason: unknown) => {
            modelFailure ??= { reason };
          });
        }
      };
      await Promise.all(Array.from({ length: IMAGES_AT_ONCE }, describeNext));
      if (modelFailure) throw modelFailure.reason;
      if (run.signal.aborted) {
        run.set((state) => ({
          rows: state.rows?.map((row) => (row.state === 'waiting' ? { ...row, state: 'failed', problem: t('altStoppedBefore') } : row)),
        }));
      }
      return { phase: 'done' };
    });
  }

  /** Describes one image again (its row's "Try again"). */
  retry(id: number): Promise<void> {
    const row = this.state.rows?.find((candidate) => candidate.id === id);
    if (!row) return Promise.resolve();
    return this.run({ phase: 'working' }, async (run) => {
      await this.describeOne(run, row);
      return { phase: 'done' };
    });
  }

  /**
   * Describes one image into its row. An image's own failure is said on its row and the run goes on; the
   * model's (it cannot load, the server is gone) would fail every image alike, so it ends the run with one
   * error line, and the rows not described say only that.
   */
  private async describeOne(run: Run<AltTextListState>, image: ImageRef): Promise<void> {
    const { id, page } = image;
    const update = (patch: Partial<AltTextRow>) => run.set((state) => ({ rows: patchRow(state.rows, id, patch) }));
    update({ state: 'working', problem: undefined });
    try {
      const { text, thumbnail, applied, answeredBy, allText } = await this.deps.generate({ id, page });
      update({ state: applied ? 'done' : 'ready', alt: text, thumbnail, answeredBy, allText });
    } catch (reason) {
      const code = engineErrorCode(reason);
      if (code && MODEL_ERRORS.has(code)) {
        run.set((state) => ({
          rows: state.rows?.map((row) => (row.state === 'working' || row.state === 'waiting' ? { ...row, state: 'failed', problem: undefined } : row)),
        }));
        throw reason;
      }
      update({ state: 'failed', problem: errorMessage(reason) });
    }
  }

  override stop(): void {
    if (!this.running) return;
    super.stop();
    void this.deps.stopInPage().catch(() => undefined);
  }

  /**
   * The tab went to another page: the list was of images that are gone with it, and its ids would name others
   * in the new page (text written for one page must never reach another). Stops, and starts afresh.
   */
  pageChanged(): void {
    this.reset({ phase: 'idle', rows: undefined, error: undefined, errorCode: undefined, needsDownload: undefined, download: undefined });
  }

  /** The person's change to one row (an edit, Apply, Undo). */
  update(id: number, patch: Partial<AltTextRow>): void {
    this.set((state) => ({ rows: patchRow(state.rows, id, patch) }));
  }
}

function patchRow(rows: AltTextRow[] | undefined, id: number, patch: Partial<AltTextRow>): AltTextRow[] | undefined {
  return rows?.map((row) => (row.id === id ? { ...row, ...patch } : row));
}

export interface AltTextCardState extends RunState {
  phase: 'working' | 'ready' | 'applied' | RunEnd;
  text: string;
  /** All the text the image holds, when the alt text quotes only its start ("Read all text"). */
  allText?: string;
  /** What the card says about the result (Copied, Applied, Undone). */
  note?: string;
}

export interface AltTextCardDeps {
  describe(options: { onDownload: (progress: DownloadProgress) => void; signal: AbortSignal }): Promise<Pick<GeneratedAltText, 'text' | 'allText'>>;
  apply(text: string): void;
  undo(): void;
}

export class AltTextCardRun extends RunStore<AltTextCardState> {
  constructor(private readonly deps: AltTextCardDeps) {
    super({ phase: 'working', text: '' });
  }

  /** Describes the image (again, after the Download click). */
  describe(): Promise<void> {
    return this.run({ phase: 'working', note: undefined }, async (run) => {
      const { text, allText } = await this.deps.describe({ onDownload: (download) => run.set({ download }), signal: run.signal });
      return { text, allText, phase: 'ready' };
    });
  }

  apply(): void {
    this.deps.apply(this.state.text.trim());
    this.set({ phase: 'applied', note: t('altApplied') });
  }

  undo(): void {
    this.deps.undo();
    this.set({ phase: 'ready', note: t('altOriginalBack') });
  }

  note(note: string): void {
    this.set({ note });
  }
}
