// The alt-text pipelines, apart from their components: the side panel's list (AltTextPanel.tsx) describes
// the tab's images one by one, and the in-page card (in-page.tsx) describes one image. The page and the
// engine come in as deps, so both run in unit tests.
import type { AnsweredBy, DownloadPlan, DownloadProgress } from '../../engine/types';
import { errorMessage } from '../../ui/errors';
import { RunStore, type RunEnd, type RunState } from '../../ui/run-store';
import type { AltTextItem, GeneratedAltText } from './types';

export interface AltTextRow extends AltTextItem {
  /**
   * `ready`: described from a screenshot, not written into the page until the person applies it.
   * `decorative`: marked decorative by the content script; `undone` also when that was undone.
   */
  state: 'waiting' | 'working' | 'ready' | 'done' | 'undone' | 'failed' | 'decorative';
  thumbnail?: string;
  problem?: string;
  answeredBy?: AnsweredBy;
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
  generate(id: number): Promise<Pick<GeneratedAltText, 'text' | 'thumbnail' | 'applied' | 'answeredBy'>>;
  /** Stops the description under way in the page. */
  stopInPage(): Promise<void>;
}

export class AltTextListRun extends RunStore<AltTextListState> {
  constructor(private readonly deps: AltTextListDeps) {
    super({ phase: 'idle' });
  }

  get busy(): boolean {
    return this.state.phase === 'working';
  }

  /** Describes each image of the tab that lacks useful alt text, one after another, until Stop. */
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
      const update = (id: number, patch: Partial<AltTextRow>) => run.set((state) => ({ rows: patchRow(state.rows, id, patch) }));
      for (const item of items) {
        if (item.reason === 'generated' || item.reason === 'broken' || item.reason === 'decorative') continue;
        if (run.signal.aborted) break;
        update(item.id, { state: 'working' });
        try {
          const { text, thumbnail, applied, answeredBy } = await this.deps.generate(item.id);
          update(item.id, { state: applied ? 'done' : 'ready', alt: text, thumbnail, answeredBy });
        } catch (reason) {
          update(item.id, { state: 'failed', problem: errorMessage(reason) });
        }
      }
      if (run.signal.aborted) {
        run.set((state) => ({
          rows: state.rows?.map((row) => (row.state === 'waiting' ? { ...row, state: 'failed', problem: 'Stopped before this image.' } : row)),
        }));
      }
      return { phase: 'done' };
    });
  }

  override stop(): void {
    if (!this.running) return;
    super.stop();
    void this.deps.stopInPage().catch(() => undefined);
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
    this.set({ phase: 'applied', note: 'Applied: screen readers now read this description.' });
  }

  undo(): void {
    this.deps.undo();
    this.set({ phase: 'ready', note: 'The original alt text is back.' });
  }

  note(note: string): void {
    this.set({ note });
  }
}
