/**
 * Synthetic tokenizers with a real model's vocabulary size, for transformers.js to run the benchmark
 * models. Word-level, behind GPT-2's byte-level pre-tokenizer and decoder: every vocabulary word is
 * "Ġ" + letters, so " qabcd qabce" is exactly two tokens and decoding a token gives " qabcd" (the
 * streamer can pass on each token's text as soon as it comes). Text that is not a vocabulary word
 * falls back to single-byte tokens when it is one byte, else to the unknown token.
 */
import { byteLevelAlphabet, specialTokenEntry } from '../../test/fixtures/models/tokenizer-json';
import { Rng } from './random';

export interface SyntheticVocab {
  /** token → id, vocabSize entries. */
  vocab: Map<string, number>;
  /** Ids of the word tokens (prompts are made of these). */
  wordIds: number[];
  specials: Array<{ id: number; content: string }>;
  unk: string;
}

/** "aaaa", "aaab", … : fixed-length base-26 letters, so no word is a prefix of another. */
function letters(n: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return s;
}

export function syntheticVocab(
  vocabSize: number,
  specials: Array<{ id: number; content: string }>,
  extraWords: string[] = [],
): SyntheticVocab {
  const vocab = new Map<string, number>();
  const taken = new Set(specials.map((s) => s.id));
  let nextId = 0;
  const add = (token: string) => {
    while (taken.has(nextId)) nextId++;
    vocab.set(token, nextId);
    taken.add(nextId);
    return nextId;
  };
  for (const special of specials) vocab.set(special.content, special.id);
  const unk = '<unk>';
  if (!vocab.has(unk)) add(unk);
  for (const ch of byteLevelAlphabet()) add(ch);
  for (const word of extraWords) add(word);
  const wordIds: number[] = [];
  for (let n = 0; vocab.size < vocabSize; n++) wordIds.push(add(`Ġq${letters(n, 4)}`));
  if (vocab.size !== vocabSize) throw new Error(`vocabulary has ${vocab.size} entries, wanted ${vocabSize}`);
  return { vocab, wordIds, specials, unk };
}

export function tokenizerJson({ vocab, specials, unk }: SyntheticVocab): object {
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((s) => specialTokenEntry(s.id, s.content)),
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: null,
    decoder: byteLevel,
    model: { type: 'WordLevel', vocab: Object.fromEntries(vocab), unk_token: unk },
  };
}

/** The text of a prompt made of `count` vocabulary words (each one token), seeded. */
export function wordsText(v: SyntheticVocab, count: number, seed: number): string {
  const byId = new Map([...v.vocab].map(([token, id]) => [id, token]));
  const rng = new Rng(seed);
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = v.wordIds[rng.nextUint32() % v.wordIds.length]!;
    words.push(byId.get(id)!.replace('Ġ', ' '));
  }
  return words.join('');
}
