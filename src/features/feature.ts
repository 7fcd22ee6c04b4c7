// What a feature contributes to each part of the extension. Each feature folder has a `background.ts`
// (its menu items and keyboard commands), a `content.ts` (what it does in the page), a `panel.ts` (its
// side-panel tab) and a `settings.ts` (its settings, declared as in src/settings/fields.ts); the lists in
// src/features/background.ts, content.ts, panels.ts and settings.ts name every feature once, and the
// entrypoints (and src/settings/settings.ts) loop over them. The conventions test (test/unit/conventions.test.ts) checks that nothing is left out.
import type { ComponentType } from 'preact';
import type { Browser } from 'wxt/browser';
import type { SidePanelRequest } from '../platform/side-panel';
import type { MessageKey } from '../i18n/i18n';

type MenuContext = `${Browser.contextMenus.ContextType}`;

/** The tab and frame a menu click or command is about. */
export interface MenuTarget {
  tabId: number;
  frameId: number;
}

export interface MenuItem {
  id: string;
  title: string;
  contexts: [MenuContext, ...MenuContext[]];
  parentId?: string;
  /** Pages the item shows on; items that need the content script show only where it can run. */
  documentUrlPatterns?: string[];
  /** Runs synchronously in the click so that gesture-gated calls (opening the side panel) work. */
  onClick?: (target: MenuTarget, info: Browser.contextMenus.OnClickData) => void | Promise<void>;
}

export interface BackgroundContribution {
  feature: string;
  menus: MenuItem[];
  /** Keyboard commands (manifest `commands`) by name. */
  commands?: Record<string, (tab: Browser.tabs.Tab) => Promise<void>>;
}

export interface ContentContribution {
  feature: string;
  /** Registers the feature's message handlers in a page (every frame); runs once per frame. */
  start(): void;
}

/** Pages whose items need the content script. */
export const WEB_PAGES = ['http://*/*', 'https://*/*'];

/** What a side-panel tab's content is given: the tab it works on, and the request that opened it. */
export interface PanelProps {
  tabId: number | undefined;
  request: SidePanelRequest | undefined;
}

export interface PanelContribution {
  /** Also how the tab is remembered (its label changes with the browser's language). */
  feature: string;
  /** The tab's visible name, which is its accessible name. */
  label: MessageKey;
  /** The side-panel requests (from menus and the popup) this tab answers: they bring it to the front. */
  requests: Array<SidePanelRequest['kind']>;
  Panel: ComponentType<PanelProps>;
}
