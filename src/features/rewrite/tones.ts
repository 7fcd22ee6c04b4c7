import type { WritingPurpose } from '../../engine/types';
import { t, type MessageKey } from '../../i18n/i18n';

/** The rewrite tones, in the order the context menu lists them. */
export const TONES = [
  { id: 'formal', label: 'toneFormal' },
  { id: 'casual', label: 'toneCasual' },
  { id: 'shorter', label: 'toneShorter' },
  { id: 'longer', label: 'toneLonger' },
  { id: 'simpler', label: 'toneSimpler' },
  { id: 'grammar', label: 'toneGrammar' },
  { id: 'custom', label: 'toneCustom' },
] as const satisfies ReadonlyArray<{ id: string; label: MessageKey }>;

export type ToneId = (typeof TONES)[number]['id'];

/** The longest custom instruction kept (typed in the side panel, sent to the page, stored). */
export const MAX_INSTRUCTION_CHARS = 500;

export function toneLabel(id: ToneId): string {
  const tone = TONES.find((t) => t.id === id);
  if (!tone) throw new RangeError(`Unknown tone: ${String(id)}`);
  return t(tone.label);
}

/** For values that cross a messaging boundary (menu item ids, stored settings). */
export function isToneId(value: unknown): value is ToneId {
  return TONES.some((t) => t.id === value);
}

type RewriterStyle = Pick<Extract<WritingPurpose, { kind: 'rewrite' }>, 'tone' | 'length'>;

/**
 * The tones Chrome's Rewriter API has (tone and length); the others (simpler words, spelling and grammar, a
 * custom instruction) are the Prompt API's.
 */
const REWRITER_TONES: Partial<Record<ToneId, RewriterStyle>> = {
  formal: { tone: 'more-formal', length: 'as-is' },
  casual: { tone: 'more-casual', length: 'as-is' },
  shorter: { tone: 'as-is', length: 'shorter' },
  longer: { tone: 'as-is', length: 'longer' },
};

export function rewriterTone(id: ToneId): RewriterStyle | undefined {
  return REWRITER_TONES[id];
}
