// Alt text in the page: the image card, the side panel's list of images, and automatic descriptions.
import { onMessage } from '../../messaging/protocol';
import type { ContentContribution } from '../feature';
import { startAutoAltText } from './auto';
import { showAltTextCard } from './in-page';
import { applyAltText, describeImage, imageById, listAltTextItems, undoAltText } from './page-alt-text';

export const altTextContent: ContentContribution = {
  feature: 'alt-text',
  start() {
    onMessage('showAltTextCard', ({ data }) => showAltTextCard(data.srcUrl));
    onMessage('altTextItems', () => listAltTextItems());
    // Descriptions the side panel asked for, so its Stop can end the one in progress at any stage.
    const altTextJobs = new Set<AbortController>();
    onMessage('generateAltText', async ({ data }) => {
      const img = imageById(data.id);
      const job = new AbortController();
      altTextJobs.add(job);
      const generated = await describeImage(img, { signal: job.signal }).finally(() => altTextJobs.delete(job));
      // Text read off a screenshot waits for the person's Apply in the side panel.
      const applied = generated.source !== 'screenshot';
      if (applied) applyAltText(img, generated.text);
      return { ...generated, applied };
    });
    onMessage('stopAltText', () => altTextJobs.forEach((job) => job.abort()));
    onMessage('setAltText', ({ data }) => applyAltText(imageById(data.id), data.text));
    onMessage('undoAltText', ({ data }) => undoAltText(imageById(data.id)));

    if (window === window.top) startAutoAltText();
  },
};
