// The rewrite pipeline, apart from its two surfaces (the side panel's RewritePad.tsx and the in-page card,
// in-page.tsx, render the state): the rewrite streamed in, part by part for long texts, with Stop, the
// model's download offered, and which engine answered. The rewriting itself comes in as `RewriteDeps`,
// so the pipeline runs in unit tests.
import type { AnsweredBy } from '../../engine/types';
import { RunStore, type RunEnd, type RunState } from '../../ui/run-store';
import type { RewriteInput } from './rewrite';
import type { ToneId } from './tones';
import { t } from '../../i18n/i18n';

/** `replaced`: the in-page card put the rewrite in place of the selection. */
export type RewritePhase = 'idle' | 'working' | 'done' | 'replaced' | RunEnd;

export interface RewriteState extends RunState {
  phase: RewritePhase;
  /** The tone of the rewrite shown (or under way). */
  tone?: ToneId;
  /** The rewrite so far, whole. */
  text: string;
  /** Which part is being rewritten, for a text rewritten in more than one (shown while working). */
  part?: { part: number; parts: number };
  /** The engine and model that wrote the rewrite. */
  answeredBy?: AnsweredBy;
  /** What the card says about the result (Copied, Replaced, why Replace was refused). */
  note?: string;
  /** Replace was refused (the page changed): the card offers Copy only. */
  replaceRefused: boolean;
}

export interface RewriteDeps {
  rewrite(input: RewriteInput): Promise<string>;
}

export interface RewriteRequest {
  text: string;
  tone: ToneId;
  instruction?: string;
}

export const INITIAL_REWRITE_STATE: RewriteState = { phase: 'idle', text: '', replaceRefused: false };

export class RewriteRun extends RunStore<RewriteState> {
  constructor(private readonly deps: RewriteDeps) {
    super(INITIAL_REWRITE_STATE);
  }

  get busy(): boolean {
    return this.state.phase === 'working';
  }

  /** Rewrites `text`, stopping any rewrite under way; `first` runs before (remembering the tone), its failure shown like the rewrite's. */
  rewrite({ text, tone, instruction }: RewriteRequest, first?: () => Promise<unknown>): Promise<void> {
    const start: Partial<RewriteState> = { phase: 'working', tone, text: '', part: undefined, answeredBy: undefined, note: undefined, replaceRefused: false };
    return this.run(start, async (run) => {
      await first?.();
      if (run.stopped()) return;
      const final = await this.deps.rewrite({
        text,
        tone,
        instruction,
        onText: (shown) => run.set({ text: shown }),
        onPart: (part, parts) => run.set({ part: parts > 1 ? { part, parts } : undefined }),
        onDownload: (download) => run.set({ download }),
        onAnsweredBy: (answeredBy) => run.set({ answeredBy }),
        signal: run.signal,
      });
      return { text: final, phase: 'done', part: undefined };
    });
  }

  /** Says something about the result shown (Copied). */
  note(note: string): void {
    this.set({ note });
  }

  /** The rewrite went in place of the selection. */
  replaced(note: string): void {
    this.set({ phase: 'replaced', note });
  }

  /** Replace could not be done safely: `note` says why, and Replace is offered no more. */
  refuseReplace(note: string): void {
    this.set({ replaceRefused: true, note });
  }
}

/** The status line while a long text is rewritten part by part. */
export function partLine(part: RewriteState['part']): string | undefined {
  return part ? t('rewritingPart', part.part, part.parts) : undefined;
}
