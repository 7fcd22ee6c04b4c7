// What every pipeline's store shares (summarize, rewrite, alt text): one run at a time, Stop, the model's
// download offered when it is not stored yet, the error said in words, and the download's progress. A run
// replaced by a newer one leaves the state to it; Stop, wherever it lands, ends the run as 'stopped'.
import type { DownloadPlan, DownloadProgress, EngineErrorCode } from '../engine/types';
import { engineErrorCode, errorMessage, neededDownload } from './errors';
import { Store } from './store';

/** How a run ends other than by its own result. */
export type RunEnd = 'stopped' | 'error' | 'needs-download';

export interface RunState {
  phase: string;
  error?: string;
  /** The engine's code for the error, when it has one (an unreachable host gets a link to Options). */
  errorCode?: EngineErrorCode;
  /** The model's download, offered to the person (phase `needs-download`). */
  needsDownload?: DownloadPlan;
  download?: DownloadProgress;
}

/** One run of a pipeline, as its body sees it. */
export interface Run<S> {
  readonly signal: AbortSignal;
  /** Changes the state while this run is the store's; a replaced run's changes are dropped. */
  set(patch: Partial<S> | ((state: S) => Partial<S>)): void;
  /** Whether Stop (or a newer run) came: the body checks after each wait and returns when it did. */
  stopped(): boolean;
}

export class RunStore<S extends RunState> extends Store<S> {
  private controller: AbortController | undefined;

  /** Whether a run is under way. */
  get running(): boolean {
    return this.controller !== undefined;
  }

  stop(): void {
    this.controller?.abort();
  }

  /** Stops the run under way and drops what it would still say (it ends as if it never ran), then sets `state`. */
  protected reset(state: Partial<S>): void {
    this.controller?.abort();
    this.controller = undefined;
    this.set(state);
  }

  /**
   * Runs `body` as the store's one run, stopping any run under way: `start` is set first, along with a
   * clean slate (no error, no download); what `body` returns is set when it finishes unstopped.
   */
  protected async run(start: Partial<S>, body: (run: Run<S>) => Promise<Partial<S> | void>): Promise<void> {
    this.controller?.abort();
    const abort = new AbortController();
    this.controller = abort;
    const current = () => this.controller === abort;
    const run: Run<S> = {
      signal: abort.signal,
      set: (patch) => {
        if (current()) this.set(patch);
      },
      stopped: () => {
        if (!abort.signal.aborted) return false;
        run.set(this.patch({ phase: 'stopped' }));
        return true;
      },
    };
    this.set({ ...this.patch({ error: undefined, errorCode: undefined, needsDownload: undefined, download: undefined }), ...start });
    try {
      const end = await body(run);
      if (run.stopped()) return;
      if (end) run.set(end);
    } catch (reason) {
      if (run.stopped()) return;
      const plan = neededDownload(reason);
      run.set(
        this.patch(
          plan ? { needsDownload: plan, phase: 'needs-download' } : { error: errorMessage(reason), errorCode: engineErrorCode(reason), phase: 'error' },
        ),
      );
    } finally {
      if (current()) {
        this.controller = undefined;
        this.set(this.patch({ download: undefined }));
      }
    }
  }

  /** The shared fields, typed for a store whose phases include the `RunEnd` ones. */
  private patch(fields: Partial<RunState> & { phase?: RunEnd }): Partial<S> {
    return fields as Partial<S>;
  }
}
