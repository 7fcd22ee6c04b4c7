// The context menu and keyboard commands: the items and commands the features declare
// (src/features/background.ts), registered with the browser and each click routed to its feature.
import { browser, type Browser } from 'wxt/browser';
import { FEATURE_BACKGROUNDS } from '../features/background';

export const MENU_ITEMS = FEATURE_BACKGROUNDS.flatMap((feature) => feature.menus);

const COMMANDS = Object.assign({}, ...FEATURE_BACKGROUNDS.map((feature) => feature.commands ?? {})) as Record<
  string,
  (tab: Browser.tabs.Tab) => Promise<void>
>;

export function handleCommand(command: string, tab?: Browser.tabs.Tab): Promise<void> {
  const run = COMMANDS[command];
  if (!run || !tab) return Promise.resolve();
  return run(tab).catch((error: unknown) => console.warn(`Nano Banana: the "${command}" shortcut failed`, error));
}

export async function registerMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  for (const { id, title, contexts, parentId, documentUrlPatterns } of MENU_ITEMS) {
    browser.contextMenus.create({ id, title, contexts, ...(parentId ? { parentId } : {}), ...(documentUrlPatterns ? { documentUrlPatterns } : {}) });
  }
}

/** Resolves once the click has been handed to its surface (it never rejects: failures are logged). */
export function handleMenuClick(info: Browser.contextMenus.OnClickData, tab?: Browser.tabs.Tab): Promise<void> {
  const item = MENU_ITEMS.find((candidate) => candidate.id === info.menuItemId);
  if (!item?.onClick || tab?.id === undefined) return Promise.resolve();
  return Promise.resolve(item.onClick({ tabId: tab.id, frameId: info.frameId ?? 0 }, info)).catch((error: unknown) =>
    console.warn(`Nano Banana: "${item.title}" failed`, error),
  );
}
