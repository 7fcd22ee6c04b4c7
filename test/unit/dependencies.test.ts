// Dependencies installed exactly as the code expects. The build copies onnxruntime-web's .wasm files from the
// top-level package (wxt.config.ts), while the runtime's JavaScript comes inside transformers.js: both must be
// exactly the same onnxruntime-web. linkedom, Node-side extraction's DOM, is the build in vendor/.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
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

describe('linkedom', () => {
  it('is the vendored build (vendor/README.md), whose nodes still hear the events they listen for', () => {
    expect(packageJson('node_modules/linkedom').version).toBe('0.18.15-nanobanana.1');
    const { document, Event } = parseHTML('<p><span>hi</span></p>') as unknown as { document: Document; Event: typeof globalThis.Event };
    const paragraph = document.querySelector('p')!;
    const span = document.querySelector('span')!;
    const heard: string[] = [];
    const listener = (event: Event) => heard.push(`${event.type} at ${(event.currentTarget as Element).tagName}`);
    paragraph.addEventListener('ping', listener);
    span.removeEventListener('ping', listener); // never added there: nothing happens
    span.dispatchEvent(new Event('ping', { bubbles: true }));
    paragraph.removeEventListener('ping', listener);
    span.dispatchEvent(new Event('ping', { bubbles: true }));
    expect(heard).toEqual(['ping at P']);
  });
});
