import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { captureSenderTab, fetchImage } from '../src/background/images';
import { handleCommand, handleMenuClick, registerMenus } from '../src/background/menus';
import { configCache } from '../src/engine/config-cache';
import { onMessage, sendMessage } from '../src/messaging/protocol';
import { closeEngineHost, ENGINE_RUNS_IN_BACKGROUND, ensureEngineHost, setBackgroundEngineHost } from '../src/platform/engine-host';
import { allowConfiguredDownload, readEngineConfig } from '../src/settings/engine-config';
import { exposeTestHooks } from '../src/test-hooks';

export default defineBackground({
  type: 'module',
  main() {
    browser.runtime.onInstalled.addListener(({ reason }) => {
      void registerMenus();
      // A new person is greeted with what Nano Banana does and the models it needs (nothing downloads unasked).
      if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
    });
    browser.contextMenus.onClicked.addListener(handleMenuClick);
    browser.commands.onCommand.addListener((command, tab) => void handleCommand(command, tab));
    // Test builds only: the e2e tests click menu items and press the shortcut through these.
    if (__NANO_BANANA_TEST__) exposeTestHooks({ handleMenuClick, handleCommand, sendMessage });

    // The engine host keeps the settings between requests (src/engine/config-cache.ts); it hears of every change.
    const engineConfig = configCache(readEngineConfig);
    const configChanged = async () => {
      engineConfig.changed();
      // Chrome: the offscreen document, if there is one (none: nothing to tell).
      if (!ENGINE_RUNS_IN_BACKGROUND) await sendMessage('engineConfigChanged').catch(() => undefined);
    };
    browser.storage.onChanged.addListener(() => void configChanged());
    onMessage('ensureEngine', () => ensureEngineHost());
    onMessage('engineConfig', () => readEngineConfig());
    onMessage('closeEngineHost', () => closeEngineHost());
    // The download that follows the click must find the consent: the host hears of it before the click's answer.
    onMessage('allowDownload', async ({ data }) => {
      await allowConfiguredDownload(data);
      await configChanged();
    });
    // Both answer content scripts in a tab's top frame only (see MESSAGE_CALLERS), on that frame's behalf.
    onMessage('fetchImage', ({ data, sender }) => fetchImage(data, sender.url));
    onMessage('captureVisibleTab', ({ sender }) => captureSenderTab(sender));

    if (ENGINE_RUNS_IN_BACKGROUND) {
      // Firefox has no offscreen documents: the background page hosts the engine itself.
      setBackgroundEngineHost(
        Promise.all([import('../src/engine/host'), import('../src/engine/extension-engine')]).then(
          ([{ startEngineHost }, { createExtensionEngine, createExtensionTextReader }]) =>
            startEngineHost(createExtensionEngine(engineConfig.read), createExtensionTextReader()),
        ),
      );
    }
  },
});
