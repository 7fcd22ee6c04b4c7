// Chrome's home for the model: an offscreen document the service worker creates on demand.
import { createExtensionEngine, createExtensionTextReader } from '../../src/engine/extension-engine';
import { startEngineHost } from '../../src/engine/host';
import { sendMessage } from '../../src/messaging/protocol';

startEngineHost(createExtensionEngine(() => sendMessage('engineConfig')), createExtensionTextReader());
