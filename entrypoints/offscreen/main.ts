// Chrome's home for the model: an offscreen document the service worker creates on demand.
import { createExtensionEngine, createExtensionTextReader } from '../../src/engine/extension-engine';
import { configCache } from '../../src/engine/config-cache';
import { startEngineHost } from '../../src/engine/host';
import { onMessage, sendMessage } from '../../src/messaging/protocol';
import { installFakeBuiltinAi } from '../../src/test-hooks';

// Test builds only: Chrome's built-in AI faked where a test asks (src/test-hooks.ts).
if (__NANO_BANANA_TEST__) installFakeBuiltinAi();

/** How long the document waits, holding no model and asked nothing, before it closes (host.ts, closeWhenIdle). */
const CLOSE_WHEN_IDLE_MS = 20_000;

// The settings come from the service worker, which says when they change.
const config = configCache(() => sendMessage('engineConfig'));
onMessage('engineConfigChanged', () => config.changed());
startEngineHost(createExtensionEngine(config.read), createExtensionTextReader(), {
  closeWhenIdle: { graceMs: CLOSE_WHEN_IDLE_MS, close: () => void sendMessage('closeEngineHost') },
});
