// Alt text in the real extension, with the fixture captioner (it names an image's mean colour). The side
// panel fills in the alt of every kind of image that lacks it (same-origin, cross-origin without CORS,
// <picture>/srcset, lazy once loaded, data:, blob:, SVG, the first frame of an animated GIF, and through a
// screenshot an image its site refuses to the extension), writing each as soon as it is ready with "k of n"
// progress; it skips broken images with a reason, leaves decorative and described ones alone, replaces
// file-name alts, and undoes. Also: the popup's button, the image context menu's card, the caption cache and
// automatic mode. Every expected text is computed from the fixture's rule, never written out.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModels, COLOR_CAPTIONER_ID, DEFAULT_FIXTURES_DIR } from '../fixtures/models/build-lib';
import { nearestPaletteColour } from '../fixtures/models/color-captioner';
import type { EngineStatus } from '../../src/engine/types';
import { IMAGE_RULES, runAxe } from '../support/axe';
import { altFor, rgb, solidPng } from '../support/colours';
import { clickMenuItem, configureModels, launchExtension, sendProtocolMessage, tabIdOf, type LoadedExtension } from '../support/extension';
import { inPageCard } from '../support/in-page-ui';
import { OCR_FIXTURES, ocrSamples } from '../support/ocr-eval';
import { joinRows, MAX_QUOTED_LENGTH } from '../../src/features/alt-text/image-text';
import { startModelHost, type ModelHost } from '../support/model-host';
import { startPageServer, type PageServer } from '../support/page-server';

const GENERATED = 'data-nano-banana-alt';
const ORIGINAL = 'data-nano-banana-original-alt';

function solidSvg(colour: string, size = 64): string {
  const [r, g, b] = rgb(colour);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 10 10"><rect width="10" height="10" fill="rgb(${r},${g},${b})"/></svg>`;
}

/** Two frames: `first` for a moment, then `second` for a long time, looping. */
async function animatedGif(first: string, second: string, size = 64): Promise<Buffer> {
  const frame = size * size * 3;
  const raw = Buffer.alloc(frame * 2);
  for (const [index, colour] of [first, second].entries()) {
    const [r, g, b] = rgb(colour);
    for (let i = 0; i < size * size; i++) raw.set([r, g, b], index * frame + i * 3);
  }
  return sharp(raw, { raw: { width: size, height: size * 2, channels: 3, pageHeight: size } }).gif({ delay: [100, 60_000], loop: 0 }).toBuffer();
}

let extension: LoadedExtension;
let host: ModelHost;
/** The pages' own site, and another origin that serves images without CORS headers. */
let site: PageServer;
let other: PageServer;

beforeAll(async () => {
  await buildFixtureModels();
  host = await startModelHost({ root: DEFAULT_FIXTURES_DIR });
  site = await startPageServer();
  other = await startPageServer();
  expect(new URL(other.url).origin).not.toBe(new URL(site.url).origin);
  extension = await launchExtension();
  await configureModels(extension, { modelHost: host.url, imageModel: COLOR_CAPTIONER_ID });
});

afterAll(async () => {
  await extension?.close();
  await Promise.all([host?.close(), site?.close(), other?.close()]);
});

const png = (body: Buffer) => ({ body, type: 'image/png' });

/** Opens `path` of the pages' site in a tab; returns the page and its tab id. */
async function openSitePage(path: string): Promise<{ page: Page; tabId: number }> {
  const page = await extension.context.newPage();
  await page.goto(`${site.url}${path}`);
  const probe = await extension.openPage('options.html');
  const tabId = await tabIdOf(probe, `${site.url}${path}`);
  await probe.close();
  return { page, tabId };
}

async function waitForImages(page: Page, selector = 'img'): Promise<void> {
  await page.waitForFunction(
    (selector) => [...document.querySelectorAll<HTMLImageElement>(selector)].every((img) => img.complete),
    selector,
  );
}

/** The alt attributes of the images with these ids (null: no alt attribute). */
async function altsOf(page: Page, ids: string[]): Promise<Record<string, string | null>> {
  return page.evaluate(
    (ids) => Object.fromEntries(ids.map((id) => [id, document.getElementById(id)?.getAttribute('alt') ?? null])),
    ids,
  );
}

interface Seen {
  text: string;
  /** Date.now() when it was seen (one clock for every page of the browser). */
  at: number;
}

/** Every "k of n images" the panel shows from now on, in order. */
async function recordProgress(panel: Page): Promise<() => Promise<Seen[]>> {
  await panel.evaluate(() => {
    const seen: Seen[] = [];
    (window as unknown as { progressSeen: Seen[] }).progressSeen = seen;
    const look = () => {
      for (const status of document.querySelectorAll('[role="status"]')) {
        const text = status.textContent?.trim() ?? '';
        if (/^\d+ of \d+ images$/.test(text) && seen.at(-1)?.text !== text) seen.push({ text, at: Date.now() });
      }
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => panel.evaluate(() => (window as unknown as { progressSeen: Seen[] }).progressSeen);
}

/** Every alt attribute written in the page from now on: which image, and when. */
async function recordAltWrites(page: Page): Promise<() => Promise<Array<{ id: string; at: number }>>> {
  await page.evaluate(() => {
    const writes: Array<{ id: string; at: number }> = [];
    (window as unknown as { altWrites: typeof writes }).altWrites = writes;
    new MutationObserver((mutations) => {
      for (const mutation of mutations) writes.push({ id: (mutation.target as Element).id, at: Date.now() });
    }).observe(document.body, { subtree: true, attributeFilter: ['alt'] });
  });
  return () => page.evaluate(() => (window as unknown as { altWrites: Array<{ id: string; at: number }> }).altWrites);
}

/** Clicks the side panel's "Generate alt text" and waits for the run to end; returns its summary line. */
async function generateInPanel(panel: Page): Promise<string> {
  await panel.getByRole('tab', { name: 'Alt text' }).click();
  const button = panel.getByRole('button', { name: 'Generate alt text' });
  await button.click();
  const status = panel.getByRole('status').filter({ hasText: /described|needed a description|already has alt text/ });
  await expect.poll(async () => (await status.innerText().catch(() => '')).trim(), { timeout: 90_000 }).toMatch(/\.$/);
  await expect.poll(() => button.isEnabled()).toBe(true);
  return (await status.innerText()).trim();
}

/** The engine's status, asked the way the extension's pages ask. */
async function engineStatus(page: Page): Promise<EngineStatus> {
  await sendProtocolMessage(page, 'ensureEngine');
  return sendProtocolMessage<EngineStatus>(page, 'engineStatus');
}

describe('alt text from the side panel', () => {
  it('fills in every kind of image lacking alt text, skips broken ones with a reason, leaves the rest alone, and undoes', async () => {
    site.route('/red.png', png(await solidPng('red')));
    other.route('/green.png', png(await solidPng('green', 72)));
    site.route('/blue.png', png(await solidPng('blue')));
    site.route('/black-fallback.png', png(await solidPng('black')));
    site.route('/cyan-1x.png', png(await solidPng('cyan')));
    site.route('/black-2x.png', png(await solidPng('black', 128)));
    site.route('/orange.svg', { body: solidSvg('orange'), type: 'image/svg+xml' });
    other.route('/cyan.svg', { body: solidSvg('cyan', 70), type: 'image/svg+xml' });
    site.route('/animated.gif', { body: await animatedGif('white', 'black'), type: 'image/gif' });
    site.route('/gray.png', png(await solidPng('gray')));
    site.route('/decorative.png', png(await solidPng('red', 80)));
    site.route('/meaningful.png', png(await solidPng('blue', 80)));
    site.route('/tiny.png', png(await solidPng('green', 12)));
    site.route('/lazy.png', png(await solidPng('yellow', 96)));
    const dataUrl = `data:image/png;base64,${(await solidPng('yellow')).toString('base64')}`;
    const blobBytes = (await solidPng('purple')).toString('base64');
    site.route('/gallery.html', {
      body: `<!doctype html><html><head><title>Gallery</title></head><body>
        <h1>Gallery</h1>
        <img id="same" src="/red.png" width="64" height="64">
        <img id="cross" src="${other.url}/green.png" width="72" height="72">
        <picture><source srcset="/blue.png" type="image/png"><img id="picture" src="/black-fallback.png" width="64" height="64"></picture>
        <img id="srcset" srcset="/cyan-1x.png 1x, /black-2x.png 2x" src="/black-fallback.png" width="64" height="64">
        <img id="data" src="${dataUrl}" width="64" height="64">
        <img id="blob" width="64" height="64">
        <img id="svg" src="/orange.svg" width="64" height="64">
        <img id="svg-cross" src="${other.url}/cyan.svg" width="70" height="70">
        <img id="gif" src="/animated.gif" width="64" height="64">
        <img id="filename" src="/gray.png" alt="IMG_2041.png" width="64" height="64">
        <img id="decorative" src="/decorative.png" alt="" width="80" height="80">
        <img id="meaningful" src="/meaningful.png" alt="The team's blue delivery van" width="80" height="80">
        <img id="tiny" src="/tiny.png" width="12" height="12">
        <img id="broken" src="/missing.png" width="64" height="64">
        <div style="height: 8000px"></div>
        <img id="lazy" src="/lazy.png" loading="lazy" width="96" height="96">
        <script>
          const bytes = Uint8Array.from(atob('${blobBytes}'), (c) => c.charCodeAt(0));
          document.getElementById('blob').src = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
        </script>
      </body></html>`,
    });

    const { page, tabId } = await openSitePage('/gallery.html');
    await waitForImages(page, 'img:not(#lazy)');
    expect(await page.evaluate(() => (document.getElementById('lazy') as HTMLImageElement).complete)).toBe(false);
    // The animated GIF is showing its second frame by now; its first frame is what gets described.
    await expect
      .poll(async () => {
        const [r, g, b] = (await sharp(await page.locator('#gif').screenshot()).stats()).channels.map((channel) => channel.mean);
        return nearestPaletteColour(r!, g!, b!);
      })
      .toBe('black');
    // <picture> and srcset: the browser chose the blue source and the 1x candidate.
    expect(await page.evaluate(() => ['picture', 'srcset'].map((id) => (document.getElementById(id) as HTMLImageElement).currentSrc))).toEqual([
      `${site.url}/blue.png`,
      `${site.url}/cyan-1x.png`,
    ]);

    const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
    const progress = await recordProgress(panel);
    const altWrites = await recordAltWrites(page);
    const described = ['same', 'cross', 'picture', 'srcset', 'data', 'blob', 'svg', 'svg-cross', 'gif', 'filename', 'lazy'];
    const final = await generateInPanel(panel);

    // Eleven images described (the lazy one below the fold loaded for it), the broken one skipped, the tiny
    // icon marked decorative; "k of 12" counted up one image at a time on the way.
    expect(final).toBe('11 of 12 images described, 1 skipped, 1 marked decorative.');
    const seen = await progress();
    const counts = seen.map((entry) => Number(entry.text.split(' ')[0]));
    expect(seen.every((entry) => entry.text.endsWith(' of 12 images'))).toBe(true);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(seen.length).toBeGreaterThanOrEqual(5);
    // The tiny icon was marked decorative at once, before any description; each alt is written into the page
    // as soon as its caption is ready, not all at the end: in page order, each before the panel counted the next image.
    const allWrites = await altWrites();
    expect(allWrites[0]!.id).toBe('tiny');
    const writes = allWrites.filter((write) => write.id !== 'tiny');
    expect(writes.map((write) => write.id)).toEqual(described);
    for (const [index, write] of writes.entries()) {
      const later = seen.find((entry) => Number(entry.text.split(' ')[0]) > index + 1);
      if (later) expect(write.at).toBeLessThanOrEqual(later.at);
    }
    expect(writes[0]!.at).toBeLessThan(seen.at(-1)!.at);

    const expected: Record<string, string | null> = {
      same: altFor('red'),
      cross: altFor('green'),
      picture: altFor('blue'),
      srcset: altFor('cyan'),
      data: altFor('yellow'),
      blob: altFor('purple'),
      svg: altFor('orange'),
      'svg-cross': altFor('cyan'),
      gif: altFor('white'),
      filename: altFor('gray'),
      lazy: altFor('yellow'),
      // The tiny icon marked decorative; left alone: decorative already, already meaningful, broken.
      tiny: '',
      decorative: '',
      meaningful: "The team's blue delivery van",
      broken: null,
    };
    expect(await altsOf(page, Object.keys(expected))).toEqual(expected);
    // Generated alts are marked; the file-name alt is kept for Undo; nothing else was touched.
    const marks = await page.evaluate(() =>
      [...document.images].filter((img) => img.getAttribute('data-nano-banana-alt') === 'generated').map((img) => img.id),
    );
    expect(marks.sort()).toEqual([...described].sort());
    expect(await page.locator('#tiny').getAttribute(GENERATED)).toBe('decorative');
    expect(await page.locator('#filename').getAttribute(ORIGINAL)).toBe('IMG_2041.png');
    expect(await page.locator(`[${ORIGINAL}]`).count()).toBe(1);

    // The panel lists each image with a thumbnail and its text, editable; the broken one says why it was skipped,
    // the tiny one why it was marked decorative.
    const list = panel.getByRole('list', { name: 'Images' });
    expect(await list.getByRole('listitem').count()).toBe(13);
    expect(await panel.getByRole('textbox', { name: 'Alt text for red.png' }).inputValue()).toBe(altFor('red'));
    expect(await panel.getByRole('textbox', { name: 'Alt text for inline image 64×64' }).inputValue()).toBe(altFor('yellow'));
    const tinyRow = list.getByRole('listitem').filter({ hasText: 'tiny.png' });
    expect(await tinyRow.innerText()).toContain('Marked decorative: Too small to carry meaning (an icon, bullet or rule).');
    expect(await list.locator('img[src^="data:image/png"]').count()).toBe(described.length);
    const brokenRow = list.getByRole('listitem').filter({ hasText: 'missing.png' });
    expect(await brokenRow.innerText()).toContain('Skipped: The image is broken: it did not load.');

    // Editing a row rewrites the page's alt.
    const edited = `${altFor('green')} on a plain background`;
    await panel.getByRole('textbox', { name: 'Alt text for green.png' }).fill(edited);
    await panel.getByRole('textbox', { name: 'Alt text for green.png' }).press('Enter');
    await panel.getByRole('textbox', { name: 'Alt text for green.png' }).blur();
    await expect.poll(() => page.locator('#cross').getAttribute('alt')).toBe(edited);

    // Undo restores the original: the file name where there was one, no alt at all where there was none.
    await panel.getByRole('button', { name: 'Undo alt text for gray.png' }).click();
    await expect.poll(() => page.locator('#filename').getAttribute('alt')).toBe('IMG_2041.png');
    expect(await page.locator('#filename').getAttribute(GENERATED)).toBeNull();
    expect(await page.locator('#filename').getAttribute(ORIGINAL)).toBeNull();
    await panel.getByRole('button', { name: 'Undo alt text for red.png' }).click();
    await expect.poll(() => page.locator('#same').evaluate((img) => img.hasAttribute('alt'))).toBe(false);
    expect(await page.locator('#same').getAttribute(GENERATED)).toBeNull();

    // Undo takes the decorative mark off too.
    await panel.getByRole('button', { name: 'Undo decorative mark for tiny.png' }).click();
    await expect.poll(() => page.locator('#tiny').evaluate((img) => img.hasAttribute('alt'))).toBe(false);
    expect(await page.locator('#tiny').getAttribute(GENERATED)).toBeNull();

    // The next run describes the undone images again and marks the icon again; the others keep their (edited) text.
    expect(await generateInPanel(panel)).toBe('11 of 12 images described, 1 skipped, 1 marked decorative.');
    expect(await altsOf(page, ['same', 'filename', 'cross', 'tiny'])).toEqual({ same: altFor('red'), filename: altFor('gray'), cross: edited, tiny: '' });

    // An image the page has removed since: its row's Undo says so there, and the row stays as it was.
    expect(await panel.locator('[role="alert"]').count()).toBe(0);
    await page.locator('#cross').evaluate((img) => img.remove());
    await panel.getByRole('button', { name: 'Undo alt text for green.png' }).click();
    await expect.poll(() => panel.locator('.nb-alt-row [role="alert"]').allInnerTexts()).toEqual(['That image is no longer on the page.']);
    expect(await panel.getByRole('button', { name: 'Undo alt text for green.png' }).count()).toBe(1);
    await page.close();
    await panel.close();
  });

  it('reads a cross-origin image its site only serves to its own pages from a screenshot of the tab, and writes it only on Apply', async () => {
    const seen: Array<{ referer: string | undefined; status: number }> = [];
    const body = await solidPng('purple', 100);
    other.route('/hotlinked.png', (request: IncomingMessage) => {
      // Hotlink protection: only pages of the site get the image; the extension's own download is refused.
      const status = request.headers.referer?.startsWith(site.url) ? 200 : 403;
      seen.push({ referer: request.headers.referer, status });
      return status === 200 ? { ...png(body), headers: { 'Cache-Control': 'no-store' } } : { status, body: 'Forbidden', type: 'text/plain' };
    });
    site.route('/hotlink.html', {
      body: `<!doctype html><html><head><title>Hotlink</title><style>body { margin: 0; background: #fff; }</style></head><body>
        <img id="hotlinked" src="${other.url}/hotlinked.png" width="100" height="100" style="display: block; margin: 20px">
      </body></html>`,
    });
    const { page, tabId } = await openSitePage('/hotlink.html');
    await waitForImages(page);
    const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
    // The side panel sits beside the page: the page is the tab being shown.
    await page.bringToFront();
    expect(await generateInPanel(panel)).toBe('0 of 1 image described, 1 waiting for you to apply.');
    // A screenshot shows what the page itself could not read: the text waits in the panel for the person.
    expect(await page.locator('#hotlinked').getAttribute('alt')).toBeNull();
    expect(await panel.getByLabel('Alt text for hotlinked.png', { exact: true }).inputValue()).toBe(altFor('purple'));
    await panel.getByRole('button', { name: 'Apply alt text for hotlinked.png' }).click();
    await expect.poll(() => page.locator('#hotlinked').getAttribute('alt')).toBe(altFor('purple'));
    // The page got the image, the extension's attempt to download it was refused, and the screenshot did the rest.
    expect(seen.some((request) => request.status === 200)).toBe(true);
    expect(seen.some((request) => request.status === 403 && request.referer === undefined)).toBe(true);
    await page.close();
    await panel.close();
  });
});

describe('alt text for a lazy-loading script’s images', () => {
  it('marks the placeholder decorative for now and describes the image when the script swaps it in', async () => {
    site.route('/later.png', png(await solidPng('orange', 100)));
    const placeholder = 'data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';
    site.route('/lazy-script.html', {
      body: `<!doctype html><html><head><title>Lazy script</title></head><body>
        <img id="later" class="lazyload" src="${placeholder}" data-src="/later.png" width="100" height="100">
        <img id="own-attribute" class="lazyLoad" data-source-standard="/own.png">
        <img id="never" style="display: inline !important">
      </body></html>`,
    });
    site.route('/own.png', png(await solidPng('green', 90)));
    const { page, tabId } = await openSitePage('/lazy-script.html');
    await waitForImages(page);
    const before = await runAxe(page, IMAGE_RULES);
    expect(before.flatMap((violation) => violation.targets)).toEqual(['#later', '#own-attribute', '#never']);
    const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
    expect(await generateInPanel(panel)).toBe('No image needed a description, 3 marked decorative.');
    // Images with no address yet (a script's own lazy attribute, or none) are placeholders too: a screen
    // reader would otherwise announce an unnamed image.
    for (const id of ['later', 'own-attribute', 'never']) expect(await page.locator(`#${id}`).getAttribute('alt'), id).toBe('');
    expect(await runAxe(page, IMAGE_RULES)).toEqual([]);
    const rows = panel.getByRole('list', { name: 'Images' }).getByRole('listitem');
    expect(await rows.count()).toBe(3);
    for (const row of await rows.all()) {
      expect(await row.innerText()).toContain('Marked decorative: A placeholder until the page loads the image: described when it arrives.');
    }

    // The page's lazy loaders swap the real images in (as when the reader scrolls to them): they are described.
    await page.evaluate(() => {
      const img = document.getElementById('later') as HTMLImageElement;
      img.src = img.dataset['src']!;
      const own = document.getElementById('own-attribute') as HTMLImageElement;
      own.src = own.dataset['sourceStandard']!;
    });
    await expect.poll(() => page.locator('#later').getAttribute('alt'), { timeout: 60_000 }).toBe(altFor('orange'));
    expect(await page.locator('#later').getAttribute(GENERATED)).toBe('generated');
    await expect.poll(() => page.locator('#own-attribute').getAttribute('alt'), { timeout: 60_000 }).toBe(altFor('green'));
    expect(await page.locator('#never').getAttribute('alt')).toBe('');
    await panel.close();
    await page.close();
  });
});

describe('alt text from the popup', () => {
  it('"Generate alt text" opens the side panel, which describes the page', async () => {
    site.route('/popup-pic.png', png(await solidPng('yellow', 110)));
    site.route('/popup.html', { body: '<!doctype html><title>Popup</title><img id="pic" src="/popup-pic.png" width="110" height="110">' });
    const { page, tabId } = await openSitePage('/popup.html');
    await waitForImages(page);
    const popup = await extension.openPage(`popup.html?tabId=${tabId}`);
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Generate alt text' }).click();
    await closed;
    await expect.poll(() => page.locator('#pic').getAttribute('alt'), { timeout: 60_000 }).toBe(altFor('yellow'));
    await page.close();
  });
});

describe('alt text from the image context menu', () => {
  it('shows a card by the image with the text, Copy and Apply; Apply writes the alt', async () => {
    other.route('/card.png', png(await solidPng('orange', 90)));
    site.route('/card.html', {
      body: `<!doctype html><html><head><title>Card</title></head><body>
        <p>Our new banana crate.</p><img id="crate" src="${other.url}/card.png" width="90" height="90">
      </body></html>`,
    });
    const { page, tabId } = await openSitePage('/card.html');
    await waitForImages(page);
    await page.bringToFront();
    await extension.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
    const srcUrl = `${other.url}/card.png`;
    // Headless Chromium cannot open native context menus: call the menu's click handler as Chrome would.
    await clickMenuItem(extension, tabId, { menuItemId: 'alt-text', srcUrl, pageUrl: '' });

    const card = inPageCard(page, 'Alt text');
    await card.waitFor({ timeout: 60_000 });
    // In its own shadow root, closed to the page's scripts, beside the image.
    expect(await page.locator('nano-banana-card').evaluate((host) => host.shadowRoot === null)).toBe(true);
    const field = card.getByRole('textbox', { name: 'Generated alt text' });
    await expect.poll(() => field.textContent().catch(() => ''), { timeout: 60_000 }).toBe(altFor('orange'));
    const cardBox = (await card.boundingBox())!;
    const imageBox = (await page.locator('#crate').boundingBox())!;
    expect(Math.abs(cardBox.y - (imageBox.y + imageBox.height))).toBeLessThan(40);
    expect(await page.locator('#crate').getAttribute('alt')).toBeNull();

    await card.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => card.getByRole('status').innerText().catch(() => '')).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(altFor('orange'));

    await card.getByRole('button', { name: 'Apply' }).click();
    expect(await page.locator('#crate').getAttribute('alt')).toBe(altFor('orange'));
    expect(await page.locator('#crate').getAttribute(GENERATED)).not.toBeNull();
    await card.getByRole('button', { name: 'Undo' }).click();
    expect(await page.locator('#crate').getAttribute('alt')).toBeNull();
    await card.getByRole('button', { name: 'Close' }).click();
    expect(await page.locator('nano-banana-card').count()).toBe(0);
    await page.close();
  });
});

describe('long text in an image', () => {
  it('quotes the start in the alt text; "Read all text" in the card and in the side panel shows all of it', async () => {
    const notice = ocrSamples().find((sample) => sample.file === 'long-notice.png')!;
    const allText = joinRows(notice.text);
    expect(allText.length).toBeGreaterThan(MAX_QUOTED_LENGTH);
    site.route('/notice.png', png(readFileSync(join(OCR_FIXTURES, 'images', notice.file))));
    site.route('/notice.html', { body: '<!doctype html><title>Notice</title><img id="notice" src="/notice.png">' });
    const { page, tabId } = await openSitePage('/notice.html');
    await waitForImages(page);
    await page.bringToFront();
    const requestsBefore = host.requests.length;
    const srcUrl = `${site.url}/notice.png`;
    await clickMenuItem(extension, tabId, { menuItemId: 'alt-text', srcUrl, pageUrl: '' });
    const card = inPageCard(page, 'Alt text');
    await card.waitFor({ timeout: 60_000 });
    const field = card.getByRole('textbox', { name: 'Generated alt text' });
    await expect.poll(() => field.textContent().catch(() => ''), { timeout: 90_000 }).toMatch(/…'$/);
    const quoted = /^\S.*?: '(.*)…'$/.exec((await field.textContent()) ?? '')?.[1];
    expect(quoted && allText.startsWith(quoted)).toBe(true);
    // The text model is not stored here, so the start is quoted, and the host was not even asked about it.
    expect(host.requests.slice(requestsBefore).filter((request) => !request.path.startsWith(`/${COLOR_CAPTIONER_ID}/`))).toEqual([]);
    await card.getByRole('button', { name: 'Read all text' }).click();
    const all = card.getByRole('textbox', { name: 'All text in the image' });
    expect(await all.textContent()).toBe(allText);
    await card.getByRole('button', { name: 'Close' }).click();

    // The side panel's list has it too, on the image's row (the card applied nothing: the panel describes it).
    const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
    await page.bringToFront();
    expect(await generateInPanel(panel)).toBe('1 of 1 image described.');
    expect(await panel.getByLabel('Alt text for notice.png', { exact: true }).inputValue()).toBe(await page.locator('#notice').getAttribute('alt'));
    // The file name is said once in the row: in its field's label.
    const row = panel.getByRole('list', { name: 'Images' }).getByRole('listitem');
    expect((await row.innerText()).split('notice.png').length - 1).toBe(1);
    await panel.getByRole('button', { name: 'Read all text in notice.png' }).click();
    const panelAll = panel.getByRole('textbox', { name: 'All text in notice.png' });
    expect(await panelAll.inputValue()).toBe(allText);
    // Focused as the field replaces the button (a layout effect): already when the field is there.
    expect(await panelAll.evaluate((box) => box === document.activeElement)).toBe(true);
    await panel.close();
    await page.close();
  });
});

describe('the caption cache', () => {
  it('describes pixels it has seen before without loading the model', async () => {
    site.route('/first-visit.png', png(await solidPng('green', 50)));
    site.route('/first-visit.html', { body: '<!doctype html><title>First</title><img id="pic" src="/first-visit.png" width="50" height="50">' });
    const first = await openSitePage('/first-visit.html');
    await waitForImages(first.page);
    const panel = await extension.openPage(`sidepanel.html?tabId=${first.tabId}`);
    expect(await generateInPanel(panel)).toBe('1 of 1 image described.');
    expect(await first.page.locator('#pic').getAttribute('alt')).toBe(altFor('green'));
    await panel.close();
    await first.page.close();

    // A new engine host (as after a browser restart): nothing is loaded in memory.
    await extension.worker.evaluate(() => chrome.offscreen.closeDocument());
    // The same picture again, under another address.
    site.route('/revisit.png', png(await solidPng('green', 50)));
    site.route('/gray-new.png', png(await solidPng('gray', 50)));
    site.route('/revisit.html', { body: '<!doctype html><title>Again</title><img id="pic" src="/revisit.png" width="50" height="50">' });
    const again = await openSitePage('/revisit.html');
    await waitForImages(again.page);
    const panelAgain = await extension.openPage(`sidepanel.html?tabId=${again.tabId}`);
    expect((await engineStatus(panelAgain)).models).toEqual([]);
    expect(await generateInPanel(panelAgain)).toBe('1 of 1 image described.');
    expect(await again.page.locator('#pic').getAttribute('alt')).toBe(altFor('green'));
    // Answered from the cache: the captioning model was never loaded.
    expect((await engineStatus(panelAgain)).models.filter((model) => model.task === 'image-to-text')).toEqual([]);

    // Control: pixels it has not seen do load the model.
    await again.page.evaluate(() => {
      const img = document.createElement('img');
      Object.assign(img, { id: 'new', src: '/gray-new.png', width: 50, height: 50 });
      document.body.append(img);
    });
    await waitForImages(again.page);
    expect(await generateInPanel(panelAgain)).toBe('2 of 2 images described.');
    expect(await again.page.locator('#new').getAttribute('alt')).toBe(altFor('gray'));
    const loaded = (await engineStatus(panelAgain)).models.filter((model) => model.task === 'image-to-text');
    expect(loaded.map((model) => model.modelId)).toEqual([COLOR_CAPTIONER_ID]);
    await panelAgain.close();
    await again.page.close();
  });
});

describe('automatic alt text', () => {
  it('is off by default; switched on in the popup, it describes images as they come into view', async () => {
    site.route('/auto-top.png', png(await solidPng('blue', 120)));
    site.route('/auto-below.png', png(await solidPng('red', 120)));
    site.route('/auto-lazy.png', png(await solidPng('cyan', 120)));
    site.route('/auto.html', {
      body: `<!doctype html><html><head><title>Auto</title></head><body>
        <img id="top" src="/auto-top.png" width="120" height="120">
        <img id="icon" src="/auto-top.png" width="16" height="16">
        <div style="height: 3000px"></div>
        <img id="below" src="/auto-below.png" width="120" height="120">
        <div style="height: 8000px"></div>
        <img id="lazy" src="/auto-lazy.png" loading="lazy" width="120" height="120">
      </body></html>`,
    });
    const { page, tabId } = await openSitePage('/auto.html');
    await waitForImages(page, '#top, #below');
    await page.bringToFront();
    // Off by default: nothing happens on its own.
    await page.waitForTimeout(1500);
    expect(await altsOf(page, ['top', 'icon', 'below', 'lazy'])).toEqual({ top: null, icon: null, below: null, lazy: null });

    const popup = await extension.openPage(`popup.html?tabId=${tabId}`);
    const siteSwitch = popup.getByLabel(`On ${new URL(site.url).hostname}`);
    expect(await siteSwitch.isChecked()).toBe(false);
    expect(await popup.getByLabel('On every site').isChecked()).toBe(false);
    await siteSwitch.check();
    await page.bringToFront();

    // The image in view is described in the background; the ones below the fold are not (yet).
    await expect.poll(() => page.locator('#top').getAttribute('alt'), { timeout: 60_000 }).toBe(altFor('blue'));
    expect(await page.locator('#top').getAttribute(GENERATED)).not.toBeNull();
    // The icon in view is marked decorative, so a screen reader does not read out its file name.
    expect(await altsOf(page, ['icon'])).toEqual({ icon: '' });
    expect(await page.locator('#icon').getAttribute(GENERATED)).toBe('decorative');
    await page.waitForTimeout(1500);
    expect(await altsOf(page, ['below', 'lazy'])).toEqual({ below: null, lazy: null });

    // Scrolled into view, each gets its alt; the lazy one once it has loaded.
    await page.locator('#below').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('#below').getAttribute('alt'), { timeout: 60_000 }).toBe(altFor('red'));
    await page.locator('#lazy').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('#lazy').getAttribute('alt'), { timeout: 60_000 }).toBe(altFor('cyan'));

    // Switched off again in the popup (the other tests' pages share this site).
    await siteSwitch.uncheck();
    await expect
      .poll(() => extension.worker.evaluate(async () => ((await chrome.storage.local.get('settings'))['settings'] as { autoAltTextSites?: string[] } | undefined)?.autoAltTextSites))
      .toEqual([]);
    await popup.close();
    await page.close();
  });
});
