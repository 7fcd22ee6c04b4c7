/**
 * Summary styles, named as Chrome's built-in Summarizer API names them, plus a model-free
 * "quick" style that picks sentences from the page itself.
 */

import type { MessageKey } from '../../i18n/i18n';

/** Styles written by the language model. */
export type ModelSummaryType = 'key-points' | 'tldr' | 'teaser' | 'headline';
/** `quick` is the instant extractive summary: no model, each point links to its passage. */
export type SummaryType = ModelSummaryType | 'quick';
export type SummaryLength = 'short' | 'medium' | 'long';

export interface SummaryOptions {
  type: SummaryType;
  length: SummaryLength;
  /** Language code to write the summary in; null writes it in the page's language. */
  outputLanguage: string | null;
}

/** Options for a summary the model writes. */
export type ModelSummaryOptions = SummaryOptions & { type: ModelSummaryType };

export const DEFAULT_SUMMARY_OPTIONS: Readonly<SummaryOptions> = {
  type: 'key-points',
  length: 'medium',
  outputLanguage: null,
};

/**
 * What the model reads of a long page on a CPU: its key passages, so the first words come in seconds
 * (key-passages.ts), or always the whole page, in parts.
 */
export type SummaryReading = 'key-passages' | 'whole-page';
export const SUMMARY_READINGS: readonly SummaryReading[] = ['key-passages', 'whole-page'];

export const SUMMARY_TYPES: readonly SummaryType[] = ['key-points', 'tldr', 'teaser', 'headline', 'quick'];
export const SUMMARY_LENGTHS: readonly SummaryLength[] = ['short', 'medium', 'long'];

/** Each style's label (a message key). */
export const SUMMARY_TYPE_LABELS: Readonly<Record<SummaryType, MessageKey>> = {
  'key-points': 'summaryTypeKeyPoints',
  tldr: 'summaryTypeTldr',
  teaser: 'summaryTypeTeaser',
  headline: 'summaryTypeHeadline',
  quick: 'summaryTypeQuick',
};

export const SUMMARY_LENGTH_LABELS: Readonly<Record<SummaryLength, MessageKey>> = {
  short: 'summaryLengthShort',
  medium: 'summaryLengthMedium',
  long: 'summaryLengthLong',
};

/** What a summary's length counts: bullets, sentences or words (Chrome's Summarizer sizes). */
export interface SummarySize {
  count: number;
  unit: 'point' | 'sentence' | 'word';
}

const SIZES: Record<SummaryType, Record<SummaryLength, SummarySize>> = {
  'key-points': { short: points(3), medium: points(5), long: points(7) },
  quick: { short: points(3), medium: points(5), long: points(7) },
  tldr: { short: sentences(1), medium: sentences(3), long: sentences(5) },
  teaser: { short: sentences(1), medium: sentences(3), long: sentences(5) },
  headline: { short: words(12), medium: words(17), long: words(22) },
};

export function summarySize(type: SummaryType, length: SummaryLength): SummarySize {
  return SIZES[type][length];
}

/** Generous per-unit token allowances: non-English text often takes 2–3× the tokens of English. */
const TOKENS_PER_UNIT: Record<SummarySize['unit'], number> = { point: 60, sentence: 60, word: 4 };

/** A `maxAnswerTokens` that fits the requested size without cutting the answer short. */
export function suggestedAnswerTokens(options: ModelSummaryOptions): number {
  const size = summarySize(options.type, options.length);
  return size.count * TOKENS_PER_UNIT[size.unit] + 16;
}

function points(count: number): SummarySize {
  return { count, unit: 'point' };
}
function sentences(count: number): SummarySize {
  return { count, unit: 'sentence' };
}
function words(count: number): SummarySize {
  return { count, unit: 'word' };
}
