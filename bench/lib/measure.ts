// What one timed generation is, and how runs become the reported figures (medians).
import { Rng } from './random';

export interface GenerationRun {
  /** From the request to the first streamed text (ms): time to first token. */
  firstTokenMs: number;
  /** From the request to the end (ms). */
  totalMs: number;
  /** Tokens generated. */
  tokens: number;
}

export interface RunSummary {
  promptTokens: number;
  timeToFirstTokenMs: number;
  /** Prompt tokens / time to first token: prefill speed (the first token is one more step). */
  prefillTokensPerSecond: number;
  /** Tokens after the first / time after the first. */
  decodeTokensPerSecond: number;
  runs: number;
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarizeRuns(runs: GenerationRun[], promptTokens = NaN): RunSummary {
  const ttft = median(runs.map((r) => r.firstTokenMs));
  const decode = median(runs.map((r) => (r.tokens - 1) / ((r.totalMs - r.firstTokenMs) / 1000)));
  return {
    promptTokens,
    timeToFirstTokenMs: ttft,
    prefillTokensPerSecond: promptTokens / (ttft / 1000),
    decodeTokensPerSecond: decode,
    runs: runs.length,
  };
}

/** A photo-sized image of seeded noise: every image differs, so the engine's caption cache never answers. */
export function randomImage(seed: number, width = 640, height = 480): { width: number; height: number; rgba: Uint8Array } {
  const rng = new Rng(0x1a6e + seed * 7919);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < rgba.length; i += 4) {
    rgba[i] = rng.int(256);
    rgba[i + 1] = rng.int(256);
    rgba[i + 2] = rng.int(256);
    rgba[i + 3] = 255;
  }
  return { width, height, rgba };
}
