// Rewriting a text with the engine: in parts when it is longer than the model's context, each part
// streamed through the cleaner so preambles never flash on screen.
import { engineQuery, engineStream } from '../../engine/client';
import { estimatedTokens, type AnsweredBy, type DownloadProgress, type WritingPurpose } from '../../engine/types';
import { createStreamingCleaner } from './clean';
import { joinRewrittenParts, splitForRewrite } from './parts';
import { rewriteMessages } from './prompts';
import { rewriterTone, type ToneId } from './tones';
import { t } from '../../i18n/i18n';

export interface RewriteInput {
  text: string;
  tone: ToneId;
  instruction?: string;
  /** The rewrite so far, whole, each time it grows. */
  onText?: (text: string) => void;
  onPart?: (part: number, parts: number) => void;
  onDownload?: (progress: DownloadProgress) => void;
  /** The engine and model that wrote the rewrite. */
  onAnsweredBy?: (answeredBy: AnsweredBy) => void;
  signal?: AbortSignal;
}

/** Answers can be longer than their input ("Longer" most of all): leave room for that in the context. */
const ANSWER_ROOM = { longer: 2, default: 1.3 } as const;
const PROMPT_SLACK_TOKENS = 48;

export async function rewriteText({ text, tone, instruction, onText, onPart, onDownload, onAnsweredBy, signal }: RewriteInput): Promise<string> {
  if (!text.trim()) throw new Error(t('errNoTextToRewrite'));
  const growth = tone === 'longer' ? ANSWER_ROOM.longer : ANSWER_ROOM.default;
  const { contextTokens, charsPerToken } = await engineQuery('textModelInfo');
  const promptOnly = rewriteMessages('', tone, instruction)
    .map((message) => message.content)
    .join('\n');
  // An engine that estimates tokens from characters is not asked to: they are counted the same way here.
  const [textTokens = 0, promptTokens = 0] = charsPerToken
    ? [text, promptOnly].map((counted) => estimatedTokens(counted, charsPerToken))
    : await engineQuery('countTokens', [text, promptOnly]);
  const budget = Math.floor((contextTokens - promptTokens - PROMPT_SLACK_TOKENS) / (1 + growth));
  if (budget < 16) throw new Error(t('errContextTooSmall'));

  // Parts are cut by an estimate calibrated on this text's real token count, so one request counts it all.
  const tokensPerChar = textTokens / Math.max(1, text.length);
  const estimate = (candidate: string) => Math.ceil(candidate.length * tokensPerChar * 1.1);
  const { parts, separators } = splitForRewrite(text, estimate, budget);

  const done: string[] = [];
  // What has been rewritten so far: finished parts, then the one streaming now (if any).
  const show = (current?: string) => {
    const shown = current === undefined ? done : [...done, current];
    onText?.(joinRewrittenParts(shown, [...separators.slice(0, shown.length), '']));
  };
  for (const [index, part] of parts.entries()) {
    onPart?.(index + 1, parts.length);
    const cleaner = createStreamingCleaner(part);
    const { answeredBy } = await engineStream(
      'generate',
      { messages: rewriteMessages(part, tone, instruction), maxNewTokens: Math.ceil(estimate(part) * growth) + 32, purpose: rewritePurpose(part, tone) },
      { onChunk: (chunk) => show(cleaner.push(chunk)), onProgress: onDownload, signal },
    );
    if (answeredBy) onAnsweredBy?.(answeredBy);
    const rewritten = cleaner.flush();
    if (!rewritten) throw new Error(t('errNoRewrite'));
    done.push(rewritten);
    show();
  }
  return joinRewrittenParts(done, separators);
}

/** The rewrite in the words of Chrome's Rewriter API, for the tones it has. */
function rewritePurpose(text: string, tone: ToneId): WritingPurpose | undefined {
  const rewriter = rewriterTone(tone);
  return rewriter && { kind: 'rewrite', text, ...rewriter };
}
