// The build copies onnxruntime-web's .wasm files from the top-level package (wxt.config.ts), while the
// runtime's JavaScript comes inside transformers.js: both must be exactly the same onnxruntime-web.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function packageJson(dir: string): { version: string; dependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, dir, 'package.json'), 'utf8'));
}

describe('onnxruntime-web', () => {
  it('is pinned to exactly the version @huggingface/transformers requires, and installed at it', () => {
    const required = packageJson('node_modules/@huggingface/transformers').dependencies?.['onnxruntime-web'];
    const pinned = packageJson('.').dependencies?.['onnxruntime-web'];
    expect(required).toMatch(/^\d+\.\d+\.\d+\S*$/); // an exact version, no range
    expect(pinned).toBe(required);
    expect(packageJson('node_modules/onnxruntime-web').version).toBe(required);
  });

  it('is the runtime bundled in the transformers.js build the extension uses', () => {
    const bundle = readFileSync(path.join(REPO_ROOT, 'node_modules/@huggingface/transformers/dist/transformers.js'), 'utf8');
    expect(bundle).toContain(packageJson('node_modules/onnxruntime-web').version);
  });
});
