// Automatic mode: images that come into view get alt text in the background, one at a time, at low
// priority (interactive requests always go first), on the sites the user chose.
import { getSettings, watchSettings, type Settings } from '../../settings/settings';
import { altTextNeed, findImages } from './candidates';
import { applyAltText, describeImage, GENERATED_ATTRIBUTE, stillNeedsAltText } from './page-alt-text';
import { neededDownload } from '../../ui/errors';

/** A pause between background captions, so a page full of images never hogs the machine. */
const PAUSE_BETWEEN_IMAGES_MS = 500;

export function autoAltTextEnabled(settings: Settings, hostname: string): boolean {
  return settings.autoAltTextEverywhere || settings.autoAltTextSites.includes(hostname);
}

export function startAutoAltText(): void {
  let running: (() => void) | undefined;
  const update = (settings: Settings) => {
    const enabled = autoAltTextEnabled(settings, location.hostname);
    if (enabled && !running) running = watchImages();
    if (!enabled && running) {
      running();
      running = undefined;
    }
  };
  void getSettings().then(update);
  watchSettings(update);
}

function watchImages(): () => void {
  const queue: HTMLImageElement[] = [];
  const seen = new WeakSet<HTMLImageElement>();
  let working = false;
  let stopped = false;

  const work = async () => {
    if (working || stopped) return;
    working = true;
    while (!stopped && queue.length > 0) {
      const img = queue.shift()!;
      if (!stillNeedsAltText(img)) continue;
      try {
        // In the background the page is never scrolled (the user may have moved on), and nothing is
        // captured from the screen: what is written without a click must be what any visitor could fetch.
        const { text } = await describeImage(img, { priority: 'background', mayScroll: false, allowScreenshot: false });
        if (stillNeedsAltText(img)) applyAltText(img, text);
      } catch (reason) {
        // The model is not downloaded yet: nothing is downloaded without the person's click, so stop here.
        if (neededDownload(reason)) stopped = true;
        // A broken or unreadable image is skipped; the side panel explains such cases when asked.
      }
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_IMAGES_MS));
    }
    working = false;
  };

  /** Images waiting to load (lazy ones, or a lazy-loading script swapping the real address in). */
  const loading = new WeakSet<HTMLImageElement>();
  const visible = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const img = entry.target as HTMLImageElement;
      if (!entry.isIntersecting || seen.has(img) || img.hasAttribute(GENERATED_ATTRIBUTE)) continue;
      const need = altTextNeed(img);
      if (need.needs) {
        seen.add(img);
        queue.push(img);
      } else if (need.reason === 'not-loaded' && !loading.has(img)) {
        // Looked at again once it has loaded: observing anew reports whether it is still in view.
        loading.add(img);
        img.addEventListener(
          'load',
          () => {
            loading.delete(img);
            visible.unobserve(img);
            visible.observe(img);
          },
          { once: true },
        );
      }
    }
    void work();
  });
  const observe = (root: ParentNode) => findImages(root as Document).forEach((img) => visible.observe(img));
  observe(document);
  const added = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node instanceof HTMLImageElement) visible.observe(node);
        else if (node instanceof Element) observe(node);
      }
    }
  });
  added.observe(document.documentElement, { childList: true, subtree: true });
  return () => {
    stopped = true;
    visible.disconnect();
    added.disconnect();
  };
}
