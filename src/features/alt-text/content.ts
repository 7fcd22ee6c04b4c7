// Alt text in the page: the image card, the side panel's list of images, and automatic descriptions.
import { onMessage } from '../../messaging/protocol';
import type { ContentContribution } from '../feature';
import { startAutoAltText } from './auto';
import { showAltTextCard } from './in-page';
import { applyAltText, describeImage, imageByRef, listAltTextItems, undoAltText } from './page-alt-text';

export const altTextContent: ContentContribution = {
  feature: 'alt-text',
  start() {
    onMessage('showAltTextCard', ({ data }) => showAltTextCard(data.srcUrl));
    onMessage('altTextItems', () => listAltTextItems());
    // Descriptions the side panel asked for, so its Stop can end the one in progress at any stage.
    const altTextJobs = new Set<AbortController>();
    // The panel asks for a few images at once, in page order; each is written in that order, as soon as it
    // and the ones asked before it are done (a batch of captions ends together, its text readings do not).
    let writes: Promise<unknown> = Promise.resolve();
    onMessage('generateAltText', async ({ data }) => {
      const img = imageByRef(data);
      const job = new AbortController();
      altTextJobs.add(job);
      const described = describeImage(img, { signal: job.signal }).finally(() => altTextJobs.delete(job));
      described.catch(() => undefined); // its failure is the answer below, once the earlier writes are done
      const written = writes.then(async () => {
        const generated = await described;
        // Text read off a screenshot waits for the person's Apply in the side panel.
        const applied = generated.source !== 'screenshot';
        if (applied) applyAltText(img, generated.text);
        return { ...generated, applied };
      });
      writes = written.catch(() => undefined);
      return written;
    });
    onMessage('stopAltText', () => altTextJobs.forEach((job) => job.abort()));
    onMessage('setAltText', ({ data }) => applyAltText(imageByRef(data), data.text));
    onMessage('undoAltText', ({ data }) => undoAltText(imageByRef(data)));

    if (window === window.top) startAutoAltText();
  },
};
