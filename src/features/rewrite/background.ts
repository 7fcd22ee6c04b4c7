// Rewrite in the background: the "Rewrite" menu with one item per tone, and the rewrite shortcut.
import { browser, type Browser } from 'wxt/browser';
import { sendToTab } from '../../messaging/tabs';
import { openSidePanel } from '../../platform/side-panel';
import { getSettings, updateSettings } from '../../settings/settings';
import { WEB_PAGES, type BackgroundContribution, type MenuItem, type MenuTarget } from '../feature';
import { TONES, toneLabel, type ToneId } from './tones';
import { t } from '../../i18n/i18n';

const REWRITE_MENU = 'rewrite';

const menus: MenuItem[] = [
  { id: REWRITE_MENU, title: t('rewrite'), contexts: ['selection', 'editable'], documentUrlPatterns: WEB_PAGES },
  ...TONES.map(
    (tone): MenuItem => ({
      id: `rewrite:${tone.id}`,
      title: toneLabel(tone.id),
      parentId: REWRITE_MENU,
      contexts: ['selection', 'editable'],
      // A custom instruction is typed in the side panel, out of the page's reach.
      onClick: (target) =>
        tone.id === 'custom' ? openSidePanel(target.tabId, { kind: 'rewrite-custom', ...target }) : rewriteSelection(target, tone.id),
    }),
  ),
];

async function rewriteSelection(target: MenuTarget, tone: ToneId): Promise<void> {
  await updateSettings({ lastTone: tone });
  await sendToTab('rewriteSelection', { tone }, target);
}

/** The keyboard shortcut: rewrite the focused frame's selection with the last tone used. */
async function rewriteWithLastTone(tab: Browser.tabs.Tab): Promise<void> {
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

export const rewriteBackground: BackgroundContribution = {
  feature: 'rewrite',
  menus,
  commands: { 'rewrite-selection': rewriteWithLastTone },
};
