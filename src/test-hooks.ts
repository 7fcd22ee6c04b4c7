// Test-only: what the end-to-end tests drive the extension through (headless browsers cannot open context
// menus or press extension shortcuts, and the tests speak the protocol through its real sendMessage).
// Test builds only: __NANO_BANANA_TEST__ is a build-time constant (wxt.config.ts), true when the build runs
// with NANO_BANANA_TEST_BUILD=1, as `npm test` builds. Every call site reads
// `if (__NANO_BANANA_TEST__) exposeTestHooks(...)`, so a production build carries none of it
// (test/e2e/production-build.test.ts checks).

import { storage } from 'wxt/utils/storage';
import type { handleCommand, handleMenuClick } from './background/menus';
import type { EngineConfig } from './engine/types';
import type { sendMessage } from './messaging/protocol';
import { installFakeBuiltinAi as installFake, statesInStorage } from '../test/support/fake-builtin-ai';

declare global {
  /** Replaced at build time: true in test builds only. */
  const __NANO_BANANA_TEST__: boolean;
}

export interface TestHooks {
  /** The protocol's own sendMessage, as the extension's pages send. */
  sendMessage: typeof sendMessage;
  /** A context-menu click, as the browser reports it. */
  handleMenuClick: typeof handleMenuClick;
  /** A keyboard shortcut, as the browser reports it. */
  handleCommand: typeof handleCommand;
  /** Content script: reads the page as readPage does, timed there (the bench's 5 MB page row). */
  timeReading: () => { ms: number; words: number };
}

/** Adds `hooks` to `globalThis.nanoBananaTestHooks` of this context. */
export function exposeTestHooks(hooks: Partial<TestHooks>): void {
  const global = globalThis as { nanoBananaTestHooks?: Partial<TestHooks> };
  global.nanoBananaTestHooks = { ...global.nanoBananaTestHooks, ...hooks };
}

/**
 * Chrome's built-in AI faked (test/support/fake-builtin-ai.ts) in this extension page, each API while a test's
 * localStorage entry (which the extension's pages share) gives its state: no test browser has Gemini Nano.
 */
export function installFakeBuiltinAi(): void {
  installFake(globalThis, statesInStorage(localStorage), () => navigator.userActivation?.isActive ?? false);
}

/** The engine's knobs a test may set, in extension storage under `testEngineKnobs` (test/support/extension.ts). */
export type TestEngineKnobs = Pick<EngineConfig, 'stallTimeoutMs'>;

/** What a test asked of the engine (a download stall noticed in a second, not 30), merged into its config. */
export async function testEngineKnobs(): Promise<TestEngineKnobs> {
  // Read here, not at the module's top, so that a production build keeps nothing of it.
  const { stallTimeoutMs } = (await storage.getItem<TestEngineKnobs>('local:testEngineKnobs')) ?? {};
  return typeof stallTimeoutMs === 'number' && stallTimeoutMs > 0 ? { stallTimeoutMs } : {};
}
