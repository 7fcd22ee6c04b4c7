import { defineContentScript } from 'wxt/utils/define-content-script';
import { FEATURE_CONTENTS } from '../src/features/content';
import { PAGE_ID } from '../src/messaging/page-id';
import { onMessage } from '../src/messaging/protocol';

declare global {
  interface Window {
    nanoBananaContentScript?: boolean;
  }
}

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_idle',
  main() {
    // Declared and injected-on-demand copies can meet in one page: only the first one listens.
    if (window.nanoBananaContentScript) return;
    window.nanoBananaContentScript = true;

    // Lets the tests (and the bench) find out whether a frame has this script yet.
    onMessage('ping', () => 'pong');
    onMessage('pageId', () => PAGE_ID);
    for (const feature of FEATURE_CONTENTS) feature.start();
  },
});
