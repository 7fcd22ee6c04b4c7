import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { captureVisibleTab, fetchImage } from '../src/background/images';
import { handleCommand, handleMenuClick, registerMenus } from '../src/background/menus';
import { onMessage } from '../src/messaging/protocol';
import { ENGINE_RUNS_IN_BACKGROUND, ensureEngineHost, setBackgroundEngineHost } from '../src/platform/engine-host';
import { readEngineConfig } from '../src/settings/engine-config';

export default defineBackground({
  type: 'module',
  main() {
    browser.runtime.onInstalled.addListener(() => void registerMenus());
    browser.contextMenus.onClicked.addListener(handleMenuClick);
    browser.commands.onCommand.addListener((command, tab) => void handleCommand(command, tab));
    // The e2e tests click menu items and press the shortcut through these: headless browsers cannot open context menus.
    Object.assign(globalThis, { nanoBananaTestHooks: { handleMenuClick, handleCommand } });

    onMessage('ensureEngine', () => ensureEngineHost());
    onMessage('engineConfig', () => readEngineConfig());
    onMessage('fetchImage', ({ data }) => fetchImage(data));
    onMessage('captureVisibleTab', ({ sender }) => {
      if (sender.tab?.windowId === undefined) throw new Error('Only a page can ask for its own screenshot.');
      return captureVisibleTab(sender.tab.windowId);
    });

    if (ENGINE_RUNS_IN_BACKGROUND) {
      // Firefox has no offscreen documents: the background page hosts the engine itself.
      setBackgroundEngineHost(import('../src/engine/host').then(({ startEngineHost }) => startEngineHost(readEngineConfig)));
    }
  },
});
