// The context menu: what the user can do on a selection, an image or a page. Each click is routed to
// the surface that does the work: the page's in-page card or the side panel.
import { browser, type Browser } from 'wxt/browser';
import { TONES, type ToneId } from '../features/rewrite/tones';
import { openSidePanel } from '../platform/side-panel';
import { getSettings, updateSettings } from '../settings/settings';
import { sendToTab } from '../messaging/tabs';

type MenuContext = `${Browser.contextMenus.ContextType}`;

interface MenuItem {
  id: string;
  title: string;
  contexts: [MenuContext, ...MenuContext[]];
  parentId?: string;
  /** Pages the item shows on; items that need the content script show only where it can run. */
  documentUrlPatterns?: string[];
  /** Runs synchronously in the click so that gesture-gated calls (opening the side panel) work. */
  onClick?: (target: { tabId: number; frameId: number }, info: Browser.contextMenus.OnClickData) => void | Promise<void>;
}

const REWRITE_MENU = 'rewrite';
const WEB_PAGES = ['http://*/*', 'https://*/*'];

export const MENU_ITEMS: MenuItem[] = [
  { id: REWRITE_MENU, title: 'Rewrite', contexts: ['selection', 'editable'], documentUrlPatterns: WEB_PAGES },
  ...TONES.map(
    (tone): MenuItem => ({
      id: `rewrite:${tone.id}`,
      title: tone.label,
      parentId: REWRITE_MENU,
      contexts: ['selection', 'editable'],
      // A custom instruction is typed in the side panel, out of the page's reach.
      onClick: (target) =>
        tone.id === 'custom' ? openSidePanel(target.tabId, { kind: 'rewrite-custom', ...target }) : rewriteSelection(target, tone.id),
    }),
  ),
  {
    id: 'summarize-selection',
    title: 'Summarize selection',
    contexts: ['selection'],
    onClick: ({ tabId, frameId }) => openSidePanel(tabId, { kind: 'summarize-selection', tabId, frameId }),
  },
  {
    id: 'alt-text',
    title: 'Generate alt text',
    contexts: ['image'],
    documentUrlPatterns: WEB_PAGES,
    onClick: (target, info) => sendToTab('showAltTextCard', { srcUrl: info.srcUrl ?? '' }, target),
  },
  {
    id: 'summarize-page',
    title: 'Summarize page',
    contexts: ['page'],
    onClick: ({ tabId }) => openSidePanel(tabId, { kind: 'summarize-page', tabId }),
  },
];

export async function rewriteSelection(target: { tabId: number; frameId: number }, tone: ToneId): Promise<void> {
  await updateSettings({ lastTone: tone });
  await sendToTab('rewriteSelection', { tone }, target);
}

/** The keyboard shortcut: rewrite the focused frame's selection with the last tone used. */
export async function rewriteWithLastTone(tab: Browser.tabs.Tab): Promise<void> {
  if (tab.id === undefined) return;
  const { lastTone, lastInstruction } = await getSettings();
  const frameId = await focusedFrameId(tab.id);
  const instruction = lastTone === 'custom' ? lastInstruction : undefined;
  await sendToTab('rewriteSelection', { tone: lastTone, ...(instruction ? { instruction } : {}) }, { tabId: tab.id, frameId });
}

/**
 * The frame the user is typing or selecting in: commands, unlike menu clicks, do not say which.
 * A frame has focus when its document does and its focused element is not a child frame. Frame 0 if unsure.
 */
async function focusedFrameId(tabId: number): Promise<number> {
  try {
    const results = await browser.scripting.executeScript({
      target: { tabId, allFrames: true },
      func: () => document.hasFocus() && !['iframe', 'frame'].includes(document.activeElement?.localName ?? ''),
    });
    return results.find((result) => result.result === true)?.frameId ?? 0;
  } catch {
    return 0;
  }
}

export function handleCommand(command: string, tab?: Browser.tabs.Tab): Promise<void> {
  if (command !== 'rewrite-selection' || !tab) return Promise.resolve();
  return rewriteWithLastTone(tab).catch((error: unknown) => console.warn('Nano Banana: the rewrite shortcut failed', error));
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
