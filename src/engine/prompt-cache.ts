/**
 * Reuses the KV cache of a prompt's fixed prefix (its system turn) across requests, so a request
 * prefills only the tokens after it. Features keep their system turns free of anything page-specific,
 * which makes the prefix token-identical from one request to the next.
 *
 * transformers.js's `generate` takes `past_key_values` (a DynamicCache) and feeds the model only the
 * input tokens past the cache's length. It updates the cache it is given in place, and the engine frees
 * each step's cache inputs as soon as the step is done (wasm-models.ts), so every request gets its own
 * copy of the prefix's tensors.
 */
import { DynamicCache, Tensor, type PreTrainedTokenizer, type TextGenerationPipeline } from '@huggingface/transformers';
import type { ChatMessage } from './types';

/** Prefixes kept per model: one per system prompt in use (summary styles, notes, rewrite). ~40 KB a token on SmolLM2-360M. */
const MAX_PREFIXES = 8;

interface Prefix {
  ids: bigint[];
  tensors: Record<string, Tensor>;
}

export interface PromptInputs {
  input_ids: Tensor;
  attention_mask: Tensor;
  /** A copy of the cached prefix; absent when the prompt has no reusable prefix. */
  past_key_values?: DynamicCache;
  /** Prompt tokens, and how many of them the cache covers (not prefilled again). */
  promptTokens: number;
  cachedTokens: number;
}

type Generator = Pick<TextGenerationPipeline, 'model' | 'tokenizer'>;

export class PromptPrefixCache {
  /** Most recently used last. */
  private prefixes: Prefix[] = [];
  /** Set when the model's cache does not stay in JS memory (WebGPU keeps it on the GPU): no prefix is kept. */
  private unsupported = false;

  /**
   * The model inputs for `messages` as the text-generation pipeline builds them, with a copy of the
   * KV cache of their system turn (computed on first use). `useCache: false` gives the same inputs
   * without a cache.
   */
  async inputsFor(generator: Generator, messages: ChatMessage[], useCache = true): Promise<PromptInputs> {
    const { tokenizer } = generator;
    const text = render(tokenizer, messages, true);
    tokenizer.padding_side = 'left';
    const encoded = tokenizer([text], { add_special_tokens: false, padding: true, truncation: true }) as {
      input_ids: Tensor;
      attention_mask: Tensor;
    };
    const ids = encoded.input_ids.tolist()[0] as bigint[];
    const inputs = { input_ids: encoded.input_ids, attention_mask: encoded.attention_mask, promptTokens: ids.length, cachedTokens: 0 };
    const prefixIds = useCache && !this.unsupported ? this.prefixIdsOf(tokenizer, messages, text, ids) : undefined;
    if (!prefixIds) return inputs;
    const prefix = this.find(prefixIds) ?? (await this.compute(generator, prefixIds));
    if (!prefix) return inputs;
    return { ...inputs, past_key_values: copyOf(prefix.tensors), cachedTokens: prefix.ids.length };
  }

  /** Computes and keeps the prefix of `messages` now (before a request needs it). */
  async warm(generator: Generator, messages: ChatMessage[]): Promise<number> {
    return (await this.inputsFor(generator, messages)).cachedTokens;
  }


  /** The token ids of the system turn(s), if the full prompt starts with exactly those tokens and has more after them. */
  private prefixIdsOf(tokenizer: PreTrainedTokenizer, messages: ChatMessage[], text: string, ids: bigint[]): bigint[] | undefined {
    const leading = messages.slice(0, messages.findIndex((message) => message.role !== 'system'));
    if (leading.length === 0) return undefined;
    const prefixText = render(tokenizer, leading, false);
    // A template that folds the system turn into the user's (Gemma) renders no separate prefix.
    if (!prefixText || !text.startsWith(prefixText)) return undefined;
    const prefixIds = tokenizer.encode(prefixText, { add_special_tokens: false }).map(BigInt);
    if (prefixIds.length === 0 || prefixIds.length >= ids.length) return undefined;
    return prefixIds.every((id, i) => id === ids[i]) ? prefixIds : undefined;
  }

  private find(ids: bigint[]): Prefix | undefined {
    const index = this.prefixes.findIndex((prefix) => prefix.ids.length === ids.length && prefix.ids.every((id, i) => id === ids[i]));
    if (index < 0) return undefined;
    const [prefix] = this.prefixes.splice(index, 1);
    this.prefixes.push(prefix!);
    return prefix;
  }

  /** One forward pass over the prefix; its KV cache is kept where it lives in JS memory (WASM), not on a GPU. */
  private async compute(generator: Generator, ids: bigint[]): Promise<Prefix | undefined> {
    const result = (await generator.model.generate({
      input_ids: new Tensor('int64', BigInt64Array.from(ids), [1, ids.length]),
      attention_mask: new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
      max_new_tokens: 1,
      do_sample: false,
      return_dict_in_generate: true,
    } as never)) as { past_key_values?: DynamicCache };
    const cache = result.past_key_values;
    if (!cache) return undefined;
    const tensors = Object.fromEntries(Object.entries(cache)) as Record<string, Tensor>;
    if (Object.values(tensors).some((tensor) => tensor.location !== 'cpu' || tensor.dims.at(-2) !== ids.length)) {
      await cache.dispose();
      this.unsupported = true;
      return undefined;
    }
    const prefix = { ids, tensors };
    this.prefixes.push(prefix);
    if (this.prefixes.length > MAX_PREFIXES) this.prefixes.shift();
    return prefix;
  }
}

function render(tokenizer: PreTrainedTokenizer, messages: ChatMessage[], addGenerationPrompt: boolean): string {
  return tokenizer.apply_chat_template(messages, { tokenize: false, add_generation_prompt: addGenerationPrompt }) as unknown as string;
}

function copyOf(tensors: Record<string, Tensor>): DynamicCache {
  const copies: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    copies[name] = new Tensor(tensor.type, (tensor.data as Uint8Array).slice(), tensor.dims);
  }
  return new DynamicCache(copies);
}
