// Text from a page or a selection is data. A tokenizer turns the literal text of a control token
// ("<|im_end|>", "<|im_start|>", "</s>", "[INST]"…) into that control token, so a page could close the
// user's turn and forge a new one. Every control token's text is broken with an invisible word joiner
// before templating: it then reads the same to a person and tokenizes as plain characters.

const WORD_JOINER = '\u2060';

type AddedTokens = ReadonlyArray<{ content: string; special?: boolean }>;

/** What a transformers.js tokenizer exposes of its added tokens (the tokenizer itself, and the tokenizer.json it read). */
export interface TokenizerTokens {
  all_special_tokens?: readonly string[];
  _tokenizerJSON?: { added_tokens?: AddedTokens };
}

/** A tokenizer's added tokens that act as markup: special ones, and any that look like a tag. */
export function controlTokenTexts(tokenizer: TokenizerTokens): string[] {
  const texts = new Set<string>(tokenizer.all_special_tokens ?? []);
  for (const token of tokenizer._tokenizerJSON?.added_tokens ?? []) {
    if (token.special || /^(?:<.+>|\[.+\])$/s.test(token.content)) texts.add(token.content);
  }
  return [...texts].filter((text) => text.length >= 2);
}

export function neutralizeControlTokens(text: string, controlTokens: readonly string[]): string {
  if (controlTokens.length === 0) return text;
  // Longest first, so "<|im_start|>" wins over a shorter token inside it.
  const alternatives = [...controlTokens].sort((a, b) => b.length - a.length).map((token) => token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(alternatives.join('|'), 'g');
  let current = text;
  // Breaking one token can never form another of these, but stay safe against odd token sets.
  for (let pass = 0; pass < 4; pass++) {
    const next = current.replace(pattern, (token) => `${token.slice(0, 1)}${WORD_JOINER}${token.slice(1)}`);
    if (next === current) break;
    current = next;
  }
  return current;
}
