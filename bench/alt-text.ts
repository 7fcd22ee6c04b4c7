/**
 * Alt text as a person gets it: the side panel's "Generate alt text" on a page of 1 or of 20 photos, from
 * the click to the panel's closing line. Each image goes the product's whole way: its pixels read in the
 * content script, sent to the engine twice (the captioner and the text reader each get them), captioned,
 * its text looked for (detection, and recognition where text is found), the alt written into the page.
 * The photos are smooth colour fields (no text in them, as in most photos): the text reader's detector
 * runs on each and finds nothing to recognize.
 */
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { startPageServer } from '../test/support/page-server';
import { tabIdOf } from '../test/support/extension';
import type { BenchBrowser } from './lib/browser';
import { Rng } from './lib/random';

/** A 640×480 photo-like image: a random 8×6 colour grid, smoothly enlarged. Different for every seed. */
export async function smoothPhoto(seed: number): Promise<Buffer> {
  const rng = new Rng(0x5eed + seed * 104729);
  const grid = Buffer.alloc(8 * 6 * 3);
  for (let i = 0; i < grid.length; i++) grid[i] = rng.int(256);
  return sharp(grid, { raw: { width: 8, height: 6, channels: 3 } }).resize(640, 480, { kernel: 'cubic' }).png().toBuffer();
}

export interface PageRun {
  images: number;
  /** Click → the panel's closing line ("… described."). */
  totalMs: number;
  perImageMs: number;
  summary: string;
}

/**
 * "Generate alt text" in the side panel on a page of `count` new photos (seeds from `firstSeed`: the engine
 * keeps captions and readings by the pixels' hash, so every image must be new to be timed).
 */
export async function benchAltTextPage(browser: BenchBrowser, driver: Page, count: number, firstSeed: number): Promise<PageRun> {
  const server = await startPageServer();
  try {
    const images = [];
    for (let i = 0; i < count; i++) {
      server.route(`/photo-${i}.png`, { body: await smoothPhoto(firstSeed + i), type: 'image/png' });
      images.push(`<figure><img id="photo-${i}" src="/photo-${i}.png" width="640" height="480"><figcaption>Photo ${i + 1}</figcaption></figure>`);
    }
    server.route('/photos.html', { body: `<!doctype html><html lang="en"><head><title>Photos</title></head><body><h1>Photos</h1>${images.join('')}</body></html>` });
    const tab = await browser.context.newPage();
    await tab.goto(`${server.url}/photos.html`);
    await tab.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
    const tabId = await tabIdOf(driver, `${server.url}/photos.html`);
    const panel = await browser.openPage(`sidepanel.html?tabId=${tabId}`);
    await panel.getByRole('tab', { name: 'Alt text' }).click();
    const button = panel.getByRole('button', { name: 'Generate alt text' });
    await button.waitFor();
    // tsx names the functions it compiles with a helper the page does not have.
    await panel.evaluate('globalThis.__name = (f) => f');
    const measured = await panel.evaluate(async () => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Generate alt text')!;
      const done = () =>
        [...document.querySelectorAll('[role="status"]')]
          .map((status) => status.textContent?.trim() ?? '')
          .find((text) => /described|needed a description/.test(text) && text.endsWith('.'));
      const click = performance.now();
      button.click();
      for (let waited = 0; !done(); waited += 20) {
        if (waited > 900_000) throw new Error('The alt-text run did not end.');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { totalMs: performance.now() - click, summary: done()! };
    });
    const described = await tab.evaluate(() => [...document.images].filter((img) => img.getAttribute('data-nano-banana-alt') === 'generated').length);
    if (described !== count) throw new Error(`${described} of ${count} images were described: ${measured.summary}`);
    await panel.close();
    await tab.close();
    return { images: count, totalMs: measured.totalMs, perImageMs: measured.totalMs / count, summary: measured.summary };
  } finally {
    await server.close();
  }
}
