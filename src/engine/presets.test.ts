import { describe, expect, it } from 'vitest';
import {
  DEFAULT_IMAGE_MODEL,
  DEFAULT_TEXT_MODEL,
  DTYPE_SUFFIX,
  F16_DTYPES,
  MODEL_PRESETS,
  type EngineDevice,
  choosePresetDtype,
  downloadBytesFor,
  dtypeFor,
  kvCacheBytesPerToken,
  onnxFilesFor,
  presetFor,
} from './presets';

const DEVICES: readonly [EngineDevice, boolean][] = [
  ['wasm', false],
  ['webgpu', true],
  ['webgpu', false],
];

describe('MODEL_PRESETS', () => {
  it('has unique ids (case-insensitively, as the Hub treats them)', () => {
    const ids = MODEL_PRESETS.map((p) => p.id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('defaults exist and have the right task', () => {
    expect(presetFor(DEFAULT_TEXT_MODEL)?.task).toBe('text-generation');
    expect(presetFor(DEFAULT_IMAGE_MODEL)?.task).toBe('image-to-text');
  });

  it('offers a fast and a quality preset for each task', () => {
    for (const task of ['text-generation', 'image-to-text'] as const) {
      const tiers = MODEL_PRESETS.filter((p) => p.task === task).map((p) => p.tier);
      expect(tiers).toContain('fast');
      expect(tiers).toContain('quality');
    }
  });

  for (const preset of MODEL_PRESETS) {
    describe(preset.id, () => {
      it('names a dtype for WASM and only uses fp16 dtypes when the adapter has shader-f16', () => {
        expect(preset.dtypes.wasm).toBeTruthy();
        expect(F16_DTYPES.has(preset.dtypes.wasm)).toBe(false);
        expect(F16_DTYPES.has(preset.dtypes.webgpuWithoutShaderF16)).toBe(false);
      });

      it('only names dtypes whose files the repo has, for every session', () => {
        for (const [device, shaderF16] of DEVICES) {
          const dtype = choosePresetDtype(preset, device, { shaderF16 });
          const files = Object.keys(onnxFilesFor(preset, dtype));
          expect(files.length, `${device} ${dtype}`).toBe(preset.sessions.length);
        }
      });

      it('lists files under the names transformers.js derives from the dtype', () => {
        for (const [dtype, files] of Object.entries(preset.onnxFiles)) {
          const suffix = DTYPE_SUFFIX[dtype as keyof typeof DTYPE_SUFFIX];
          const expected = preset.sessions.map((s) => `onnx/${s}${suffix}.onnx`).sort();
          expect(Object.keys(files ?? {}).sort()).toEqual(expected);
        }
      });

      it('has positive sizes and a plausible download per device', () => {
        expect(preset.supportFilesBytes).toBeGreaterThan(0);
        for (const files of Object.values(preset.onnxFiles)) {
          for (const bytes of Object.values(files ?? {})) {
            expect(Number.isInteger(bytes)).toBe(true);
            expect(bytes).toBeGreaterThan(0);
          }
        }
        for (const [device, shaderF16] of DEVICES) {
          const bytes = downloadBytesFor(preset, device, { shaderF16 });
          expect(bytes).toBeGreaterThan(preset.supportFilesBytes);
          expect(bytes).toBeLessThan(2_000_000_000);
        }
      });

      it('keeps the in-browser context within what the model supports', () => {
        expect(preset.context.contextTokens).toBeGreaterThan(0);
        expect(preset.context.contextTokens).toBeLessThanOrEqual(preset.context.maxPositionEmbeddings);
      });

      it('has consistent architecture facts', () => {
        const dec = preset.task === 'text-generation' ? preset.arch : preset.arch.decoder;
        expect(dec.numAttentionHeads % dec.numKeyValueHeads).toBe(0);
        expect(dec.headDim * dec.numAttentionHeads).toBe(dec.hiddenSize);
      });

      it('records where its facts came from', () => {
        expect(preset.source.url).toMatch(/^https:\/\/huggingface\.co\//);
        expect(preset.source.url).toContain(preset.id);
        expect(preset.source.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      });
    });
  }
});

describe('dtypeFor', () => {
  it('returns the preset dtype per device', () => {
    expect(dtypeFor('HuggingFaceTB/SmolLM2-360M-Instruct', 'wasm', { shaderF16: true })).toBe('q4');
    expect(dtypeFor('HuggingFaceTB/SmolLM2-360M-Instruct', 'webgpu', { shaderF16: true })).toBe('q4f16');
    expect(dtypeFor('HuggingFaceTB/SmolLM2-360M-Instruct', 'webgpu', { shaderF16: false })).toBe('q4');
    expect(dtypeFor('mozilla/distilvit', 'wasm', { shaderF16: false })).toBe('q8');
  });

  it('returns undefined for a model that is not a preset', () => {
    expect(dtypeFor('someone/some-model-ONNX', 'wasm', { shaderF16: false })).toBeUndefined();
    expect(presetFor('someone/some-model-ONNX')).toBeUndefined();
  });
});

describe('kvCacheBytesPerToken', () => {
  it('follows layers × KV heads × head dim', () => {
    const smol = presetFor(DEFAULT_TEXT_MODEL);
    if (smol?.task !== 'text-generation') throw new Error('default text preset missing');
    // 2 × 32 layers × 5 KV heads × 64 dims × 2 bytes
    expect(kvCacheBytesPerToken(smol.arch, 2)).toBe(40_960);
  });
});
