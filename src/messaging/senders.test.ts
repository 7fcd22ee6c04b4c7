import { describe, expect, it } from 'vitest';
import { callerAllowed, type SenderInfo } from './senders';

const ID = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const sidePanel: SenderInfo = { id: ID, url: `${ORIGIN}sidepanel.html?tabId=3` };
const worker: SenderInfo = { id: ID, url: `${ORIGIN}background.js` };
const topFrame: SenderInfo = { id: ID, url: 'https://news.example/a', frameId: 0, tab: { id: 3, windowId: 1 } };
const subframe: SenderInfo = { id: ID, url: 'https://ads.example/frame', frameId: 7, tab: { id: 3, windowId: 1 } };
const otherExtension: SenderInfo = { id: 'someone-else', url: 'chrome-extension://someone-else/x.html' };
const pageWithForgedUrl: SenderInfo = { id: ID, url: `https://evil.example/?${ORIGIN}`, frameId: 0, tab: { id: 3 } };

const allowed = (caller: Parameters<typeof callerAllowed>[0], sender: SenderInfo) => callerAllowed(caller, sender, ID, ORIGIN);

describe('callers', () => {
  it('extension-only messages answer the extension’s own contexts and no page', () => {
    expect([sidePanel, worker].map((s) => allowed('extension', s))).toEqual([true, true]);
    expect([topFrame, subframe, otherExtension, pageWithForgedUrl].map((s) => allowed('extension', s))).toEqual([false, false, false, false]);
  });

  it('top-frame messages answer only a content script in a tab’s top frame', () => {
    expect(allowed('top-frame', topFrame)).toBe(true);
    expect([subframe, sidePanel, worker, otherExtension].map((s) => allowed('top-frame', s))).toEqual([false, false, false, false]);
  });

  it('any-frame messages answer every frame’s content script and the extension, never another extension', () => {
    expect([sidePanel, worker, topFrame, subframe].map((s) => allowed('any-frame', s))).toEqual([true, true, true, true]);
    expect(allowed('any-frame', otherExtension)).toBe(false);
  });
});
