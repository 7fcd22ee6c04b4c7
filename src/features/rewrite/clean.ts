/**
 * Small models wrap their answer in chatter ("Sure! Here's a more formal version:", quotes, code fences,
 * "Let me know if…"). These functions keep only the rewritten text.
 *
 * Every rule is guarded by the input: if the user's own text starts or ends the same way, nothing is stripped,
 * so a rewrite of "Sure, see you at 5" or of a quoted sentence stays intact.
 */

/** Longest first line still treated as a possible preamble. */
const MAX_PREAMBLE_LENGTH = 160;
/** Each pass may uncover another wrapper (a preamble, then quotes); real outputs need at most three. */
const MAX_PASSES = 4;

// Phrases are compared in "phrase form": lowercase, straight apostrophes, no Markdown, single spaces.
const PREAMBLE_OPENERS = [
  'here is', "here's", 'here are', 'below is', 'the following is', 'this is',
  'sure', 'certainly', 'of course', 'okay', 'ok', 'absolutely', 'alright',
  'voici', 'voilà', 'bien sûr', 'aquí', 'aqui', 'claro', 'por supuesto',
  'hier ist', 'hier sind', 'natürlich', 'ecco', 'certo',
];
/** Openers that are a preamble on their own, whatever follows them. */
const SELF_EVIDENT_OPENERS = ['here you go', 'here it is', 'here you are'];
/** A first line made of one of these alone ("Sure!") is dropped when the rewrite follows it. */
const ACKNOWLEDGEMENTS = [
  'sure', 'certainly', 'of course', 'okay', 'ok', 'absolutely', 'alright', 'great',
  'bien sûr', "d'accord", 'claro', 'por supuesto', 'natürlich', 'klar', 'certo',
];
/** "Rewritten text:", "Corrected version (formal):", "Texte réécrit :". */
const LABELS = [
  'rewritten', 'revised', 'corrected', 'edited', 'improved', 'simplified', 'shortened', 'expanded',
  'paraphrased', 'rewrite', 'revision', 'correction', 'paraphrase', 'version', 'versión', 'text', 'texte', 'texto',
  'testo', 'more formal', 'more casual', 'formal version', 'casual version', 'shorter version', 'longer version',
  'simpler version', 'umgeschriebener', 'umgeschriebene', 'überarbeiteter', 'überarbeitete',
  'korrigierter', 'korrigierte',
];
const ARTICLES = ['the', 'a', 'an', 'your', 'my', 'le', 'la', 'el', 'der', 'die', 'das', 'il', 'o'];
/** Every way a preamble may begin, for holding back the start of a stream. */
const PREAMBLE_PREFIXES = [
  ...PREAMBLE_OPENERS,
  ...SELF_EVIDENT_OPENERS,
  ...ACKNOWLEDGEMENTS,
  ...LABELS,
  ...ARTICLES.flatMap((article) => LABELS.map((label) => `${article} ${label}`)),
];
/** A preamble opener only counts when the line talks about the rewrite itself. */
const ABOUT_THE_REWRITE =
  /rewrit|re-writ|revis|correct|versi[oó]n|paraphras|reword|edit|improv|simplif|shorten|expand|polish|formal|casual|text|réécri|reformul|corrig|reescri|corregid|umgeschrieb|überarbeit|korrigiert|fassung|riscritt|corrett|testo/;

/** Trailing commentary openers that never belong to a rewrite. */
const STRONG_COMMENTARY_OPENERS = [
  'i hope this helps', 'i hope that helps', 'hope this helps', 'hope that helps', 'i hope this meets',
  'changes made', 'explanation', 'this version', 'this rewrite', 'this revised', 'in this version',
  'the rewritten', 'the revised version', 'i rewrote',
  "i've kept", 'i have kept', "i've made", 'i have made', "i've changed", 'i have changed', "i've corrected",
  'i have corrected', "i've removed", 'i have removed', "i've added", 'i have added', "i've rewritten",
  'i have rewritten', "i've simplified", "i've shortened", "i've expanded",
  "j'espère que cela", 'espero que esto', 'espero que te sirva', 'ich hoffe, das', 'ich hoffe das', 'spero che questo',
];
/** Openers that also start ordinary sentences ("Let me know if you have questions"): commentary only when about the rewrite. */
const WEAK_COMMENTARY_OPENERS = [
  'note', 'please note', 'let me know', 'if you need', 'if you want', 'if you would like', "if you'd like",
  'feel free', 'remarque', "n'hésitez", 'nota', 'no dudes', 'hinweis', 'lass mich wissen', 'fammi sapere',
];
const COMMENTARY_OPENERS = [...STRONG_COMMENTARY_OPENERS, ...WEAK_COMMENTARY_OPENERS];
const ABOUT_THE_CHANGES = /chang|adjust|versi[oó]n|rewrit|revis|tone|modif|tweak|alternativ|kept|preserv|réécri|cambio|änderung|fassung/;

/** Which opening quote each closing quote answers. */
const QUOTE_CLOSERS: Record<string, string> = {
  '"': '"', "'": "'", '“': '”', '„': '“”', '‘': '’', '«': '»', '»': '«', '‹': '›', '「': '」', '『': '』',
};
const QUOTE_CHARACTERS = new Set([...Object.keys(QUOTE_CLOSERS), ...Object.values(QUOTE_CLOSERS).join('')]);

const WRAPPING_FENCE = /^```[^\n`]*\n([\s\S]*?)\n?```$/;
const OPENING_TAG = /^<text\d*>/i;
const CLOSING_TAG = /<\/text\d*>$/i;
const SEPARATOR_LINE = /^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/;
const LIST_ITEM = /^\s*(?:[-*•]|\d+[.)])(?:\s|$)/;

interface InputContext {
  /** The input, newline-normalized and trimmed. */
  text: string;
  /** The input in phrase form, for "did the user write this themselves?" checks. */
  phrase: string;
}

/** The rewrite alone, trimmed, with \n line breaks; '' when the model produced nothing usable. */
export function cleanRewrite(output: string, input: string): string {
  return cleanWithContext(output, inputContext(input));
}

export interface StreamingCleaner {
  /** Adds the next chunk of model output; returns all the text that is safe to show so far. */
  push(chunk: string): string;
  /** The final text: exactly `cleanRewrite(everything pushed, input)`. */
  flush(): string;
}

/**
 * For showing a rewrite while it streams. A possible preamble at the start is held back until it is
 * clearly one (then dropped) or clearly not; a line that may be trailing commentary is held back until flush.
 */
export function createStreamingCleaner(input: string): StreamingCleaner {
  const context = inputContext(input);
  let output = '';
  return {
    push(chunk) {
      output += chunk;
      return visibleSoFar(output, context);
    },
    flush() {
      return cleanWithContext(output, context);
    },
  };
}

function cleanWithContext(output: string, context: InputContext): string {
  let text = normalizeNewlines(output).trim();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const before = text;
    text = stripWrappingFence(text, context);
    text = stripDelimiterTags(text, context);
    text = stripPreamble(text, context);
    text = stripTrailingCommentary(text, context);
    text = stripWrappingQuotes(text, context);
    if (text === before) break;
  }
  return tidyWhitespace(text);
}

function visibleSoFar(output: string, context: InputContext): string {
  let text = normalizeNewlines(output).trimStart();
  let openedWithFence = false;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    if (mayStillOpenWithWrapper(text, context)) return '';
    const before = text;
    if (!context.text.startsWith('```') && /^```[^\n`]*\n/.test(text)) {
      text = text.slice(text.indexOf('\n') + 1).trimStart();
      openedWithFence = true;
    }
    text = stripDelimiterTags(text, context);
    text = stripPreamble(text, context);
    if (text === before) break;
  }
  text = stripTrailingCommentary(holdBackPossibleCommentary(text), context);
  // Closing wrappers may be half-streamed: "`", "``", "</te"…
  if (openedWithFence) text = text.replace(/\n?`{1,3}$/, '');
  text = text.replace(/<(?:\/(?:t(?:e(?:x(?:t\d*>?)?)?)?)?)?$/i, '');
  return tidyWhitespace(withoutOpeningQuote(text, context));
}

/** A quote opening the text is shown without it (and without its closing quote) as long as it may wrap everything. */
function withoutOpeningQuote(text: string, context: InputContext): string {
  const opening = text.charAt(0);
  const closers = QUOTE_CLOSERS[opening];
  if (!closers || startsWithQuote(context.text)) return text;
  const body = text.slice(1);
  const inner = closers.includes(body.charAt(body.length - 1)) ? body.slice(0, -1) : body;
  return quoteStillOpen(inner, opening + closers) ? inner : text;
}

/** True while the start of the output could still turn out to be a fence, tag or preamble. */
function mayStillOpenWithWrapper(text: string, context: InputContext): boolean {
  const lineEnd = text.indexOf('\n');
  const firstLine = lineEnd === -1 ? text : text.slice(0, lineEnd);
  const mayOpenFence = '```'.startsWith(firstLine) || firstLine.startsWith('```');
  if (lineEnd === -1 && mayOpenFence && !context.text.startsWith('```')) return true;
  if (/^<(?:t(?:e(?:x(?:t\d*)?)?)?)?$/i.test(text)) return true;
  const nothingAfterFirstLine = lineEnd === -1 || text.slice(lineEnd).trim() === '';
  return nothingAfterFirstLine && mayBecomePreamble(firstLine);
}

function mayBecomePreamble(line: string): boolean {
  if (line.length > MAX_PREAMBLE_LENGTH) return false;
  const phrase = toPhrase(line);
  if (phrase === '') return true;
  return PREAMBLE_PREFIXES.some((known) => known.startsWith(phrase) || startsWithPhrase(phrase, known));
}

function stripPreamble(text: string, context: InputContext): string {
  const lineEnd = text.indexOf('\n');
  const firstLine = lineEnd === -1 ? text : text.slice(0, lineEnd);
  const rest = lineEnd === -1 ? '' : text.slice(lineEnd + 1);
  const colon = firstLine.search(/[:：]/);

  // "Here is the rewritten text: Hello…" or "Rewritten text:" then the rewrite on the next lines.
  if (colon !== -1 && colon < MAX_PREAMBLE_LENGTH) {
    const candidate = firstLine.slice(0, colon + 1);
    if (isPreamble(candidate, true) && !inputStartsWith(context, candidate)) {
      return dropAfterPreamble(text.slice(colon + 1), candidate).trimStart();
    }
  }
  // A whole first line: "Sure! Here's a more casual version." / "Sure!"
  if (lineEnd !== -1 && firstLine.length <= MAX_PREAMBLE_LENGTH && !inputStartsWith(context, firstLine)) {
    const isAcknowledgement = ACKNOWLEDGEMENTS.includes(withoutEndPunctuation(toPhrase(firstLine)));
    if ((isAcknowledgement && rest.trim() !== '') || isPreamble(firstLine, false)) return rest.trimStart();
  }
  return text;
}

function isPreamble(candidate: string, endsWithColon: boolean): boolean {
  const phrase = withoutEndPunctuation(toPhrase(candidate));
  if (SELF_EVIDENT_OPENERS.some((opener) => startsWithPhrase(phrase, opener))) return true;
  if (PREAMBLE_OPENERS.some((opener) => startsWithPhrase(phrase, opener)) && ABOUT_THE_REWRITE.test(phrase)) {
    return true;
  }
  return endsWithColon && isLabel(phrase);
}

function isLabel(phrase: string): boolean {
  const firstWord = phrase.split(' ')[0] ?? '';
  const label = ARTICLES.includes(firstWord) ? phrase.slice(firstWord.length + 1) : phrase;
  return label.length <= 60 && LABELS.some((known) => startsWithPhrase(label, known));
}

/** "**Rewritten text:** Hello": the closing emphasis after the colon goes with the preamble. */
function dropAfterPreamble(afterColon: string, preamble: string): string {
  return /^[*_]/.test(preamble.trimStart()) ? afterColon.replace(/^[*_]+/, '') : afterColon;
}

function stripTrailingCommentary(text: string, context: InputContext): string {
  const lines = text.split('\n');
  let end = lines.length;
  const inputEndsWithSeparator = SEPARATOR_LINE.test(context.text.split('\n').pop() ?? '');
  // Blank lines, and the "---" rule models put before their notes.
  const isFiller = (line: string) => line.trim() === '' || (!inputEndsWithSeparator && SEPARATOR_LINE.test(line));
  for (;;) {
    while (end > 0 && isFiller(lines[end - 1]!)) end--;
    const lastBlock = blockStartBefore(lines, end);
    // Lists may hang off a commentary heading: "Changes made:\n\n- …".
    let block = lastBlock;
    while (block > 0 && lines.slice(block, end).every((line) => line.trim() === '' || LIST_ITEM.test(line))) {
      block = blockStartBefore(lines, block);
    }
    const headsLists = block !== lastBlock;
    const blockText = lines.slice(block, headsLists ? lastBlock : end).join('\n');
    if (block > 0 && isCommentary(blockText, context) && (!headsLists || blockText.trimEnd().endsWith(':'))) {
      end = block;
      continue;
    }
    // The last line of a block: "Hello there.\nLet me know if you want more changes."
    if (end - lastBlock > 1 && isCommentary(lines[end - 1]!, context)) {
      end--;
      continue;
    }
    return lines.slice(0, end).join('\n').trimEnd();
  }
}

/** Index of the first line of the paragraph that ends just before line `end` (blank lines separate paragraphs). */
function blockStartBefore(lines: string[], end: number): number {
  let start = end;
  while (start > 0 && lines[start - 1]!.trim() === '') start--;
  while (start > 0 && lines[start - 1]!.trim() !== '') start--;
  return start;
}

function isCommentary(block: string, context: InputContext): boolean {
  const phrase = toPhrase(block).replace(/^[([]+\s*/, '');
  const strong = STRONG_COMMENTARY_OPENERS.find((opener) => startsWithPhrase(phrase, opener));
  if (strong) return !context.phrase.includes(strong);
  const weak = WEAK_COMMENTARY_OPENERS.find((opener) => startsWithPhrase(phrase, opener));
  return weak !== undefined && !context.phrase.includes(weak) && ABOUT_THE_CHANGES.test(phrase);
}

/** While streaming, the last line may be the start of "Let me know…": show it only once it is clearly text. */
function holdBackPossibleCommentary(text: string): string {
  const lineStart = text.lastIndexOf('\n') + 1;
  if (lineStart === 0) return text;
  const line = text.slice(lineStart);
  // "**", "--", "(": not a word yet, may open "**Note:**", a "---" rule or "(Note: …)".
  if (line.trim() !== '' && !/[\p{L}\p{N}]/u.test(line)) return text.slice(0, lineStart);
  const phrase = toPhrase(line).replace(/^[([]+\s*/, '');
  const mayBeCommentary = COMMENTARY_OPENERS.some((opener) => opener.startsWith(phrase) || startsWithPhrase(phrase, opener));
  return mayBeCommentary ? text.slice(0, lineStart) : text;
}

function stripWrappingFence(text: string, context: InputContext): string {
  if (context.text.startsWith('```')) return text;
  const inner = WRAPPING_FENCE.exec(text)?.[1];
  return inner === undefined || inner.includes('```') ? text : inner.trim();
}

/** The prompt delimits the user's text with <text>…</text>; small models sometimes echo the tags. */
function stripDelimiterTags(text: string, context: InputContext): string {
  let result = text;
  const opening = OPENING_TAG.exec(result);
  if (opening && !OPENING_TAG.test(context.text)) result = result.slice(opening[0].length).trimStart();
  const closing = CLOSING_TAG.exec(result);
  if (closing && !CLOSING_TAG.test(context.text)) result = result.slice(0, closing.index).trimEnd();
  return result;
}

function stripWrappingQuotes(text: string, context: InputContext): string {
  const closers = QUOTE_CLOSERS[text.charAt(0)];
  if (!closers || text.length < 2 || !closers.includes(text.charAt(text.length - 1))) return text;
  return withoutOpeningQuote(text, context).trim();
}

function quoteStillOpen(afterOpening: string, quotes: string): boolean {
  return ![...quotes].some((quote) => afterOpening.includes(quote));
}

function startsWithQuote(text: string): boolean {
  return QUOTE_CHARACTERS.has(text.charAt(0));
}

function inputStartsWith(context: InputContext, line: string): boolean {
  const phrase = withoutEndPunctuation(toPhrase(line));
  return phrase !== '' && context.phrase.startsWith(phrase);
}

function inputContext(input: string): InputContext {
  const text = normalizeNewlines(input).trim();
  return { text, phrase: toPhrase(text) };
}

function toPhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[*_#>]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function withoutEndPunctuation(phrase: string): string {
  return phrase.replace(/[\s:：.!,]+$/, '');
}

/** `phrase` starts with `start` as whole words: "sure!" starts with "sure", "surely" does not. */
function startsWithPhrase(phrase: string, start: string): boolean {
  return phrase.startsWith(start) && !/[\p{L}\p{N}]/u.test(phrase.charAt(start.length));
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Trailing spaces go; blank lines between paragraphs stay exactly as the model wrote them. */
function tidyWhitespace(text: string): string {
  return text.replace(/[ \t]+$/gm, '').trim();
}
