// Summarize in the page: hands over the readable text or the selection, and shows a summary point's source.
import { extractPage, resolveLocator } from '../../extraction/extract';
import { limitExtractedPage } from '../../extraction/limit';
import { onMessage } from '../../messaging/protocol';
import type { ContentContribution } from '../feature';
import { highlightPassage } from './in-page';

export const summarizeContent: ContentContribution = {
  feature: 'summarize',
  start() {
    onMessage('extractPage', () => limitExtractedPage(extractPage(document)));
    onMessage('summarizeSelection', () => window.getSelection()?.toString() ?? '');
    onMessage('scrollToPassage', ({ data }) => {
      const element = resolveLocator(document, data);
      if (!element) return false;
      highlightPassage(element);
      return true;
    });
  },
};
