// Automatic mode: images that come into view get alt text in the background, one at a time, at low
// priority (interactive requests always go first), on the sites the user chose.
import { getSettings, updateSettings, watchSettings, type Settings } from '../../settings/settings';
import { showAutoAltTextBadge } from './auto-badge';
import { altTextNeed, findImages } from './candidates';
import { applyAltText, describeImage, GENERATED_ATTRIBUTE, markDecorativeIfDue, stillNeedsAltText } from './page-alt-text';
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

/** The badge's "Turn off": off on this site, and everywhere when it was on everywhere (watchSettings then stops it). */
async function turnOffHere(): Promise<void> {
  const settings = await getSettings();
  await updateSettings({ autoAltTextSites: settings.autoAltTextSites.filter((site) => site !== location.hostname), autoAltTextEverywhere: false });
}

function watchImages(): () => void {
  const queue: Element[] = [];
  const seen = new WeakSet<Element>();
  let working = false;
  let stopped = false;
  let described = 0;

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
        if (stillNeedsAltText(img) && !stopped) {
          applyAltText(img, text);
          showAutoAltTextBadge(++described, turnOffHere);
        }
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
  const loading = new WeakSet<Element>();
  const consider = (img: Element) => {
    if (seen.has(img) || img.hasAttribute(GENERATED_ATTRIBUTE)) return;
    // Icons, tracking pixels and alts that repeat their neighbours are marked decorative at once.
    if (markDecorativeIfDue(img)) return;
    if (altTextNeed(img).needs) {
      seen.add(img);
      queue.push(img);
    }
  };
  const visible = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const img = entry.target;
      if (!entry.isIntersecting || seen.has(img) || img.hasAttribute(GENERATED_ATTRIBUTE)) continue;
      // A map's areas are never laid out: they come into view with the image that uses the map.
      const map = img.getAttribute('usemap')?.trim().replace(/^#/, '');
      if (map) document.querySelectorAll(`map[name="${CSS.escape(map)}"] area[href]`).forEach(consider);
      const need = altTextNeed(img);
      if (need.needs || need.reason !== 'not-loaded') consider(img);
      else if (!loading.has(img)) {
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
  const observe = (root: Document | Element) => findImages(root).forEach((img) => visible.observe(img));
  observe(document);
  const added = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) if (node instanceof Element) observe(node);
    }
  });
  added.observe(document.documentElement, { childList: true, subtree: true });
  return () => {
    stopped = true;
    visible.disconnect();
    added.disconnect();
  };
}
