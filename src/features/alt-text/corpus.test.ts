/**
 * The candidate rules on real pages: Mozilla Readability's test pages in the shared corpus
 * (markup only, no image files, so sizes come from width/height attributes alone).
 * NANO_BANANA_CORPUS overrides where the readability-pages folder is.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasSharedCorpus, SHARED_CORPUS_DIR as corpusDir, sharedCorpusSuite } from '../../../test/support/pages';
import { altTextNeed, findImages, imageSource, isUselessAlt, MARKUP_ONLY, type AltTextNeed } from './candidates';
import { isBlankAlt } from './useless-alt';

interface CorpusImage {
  page: string;
  alt: string | null;
  src: string;
  markup: string;
  need: AltTextNeed;
  hasAriaName: boolean;
}

function corpusPages(): string[] {
  return readdirSync(corpusDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(corpusDir, entry.name, 'source.html')))
    .map((entry) => entry.name)
    .sort();
}

function judgePages(pages: string[]): CorpusImage[] {
  return pages.flatMap((page) => {
    const { document } = parseHTML(readFileSync(path.join(corpusDir, page, 'source.html'), 'utf8'));
    // These rules are about <img> and its alt; the other image-like kinds have their own unit tests.
    const imgs = findImages(document as unknown as Document).filter((img) => img.localName === 'img');
    return imgs.map((img) => ({
      page,
      alt: img.getAttribute('alt'),
      src: imageSource(img),
      markup: img.outerHTML.slice(0, 200),
      need: altTextNeed(img, MARKUP_ONLY),
      hasAriaName: ['aria-label', 'aria-labelledby', 'title'].some((name) => img.getAttribute(name)?.trim()),
    }));
  });
}

const IMAGE_FILE_NAME = /\.(?:jpe?g|png|gif|webp|svg)$/i;

/** Written by a person, at length: at least four words of three or more letters, not a file name. */
function isDescriptive(alt: string | null): boolean {
  if (alt === null || IMAGE_FILE_NAME.test(alt.trim())) return false;
  return alt.split(/\s+/).filter((word) => /^\p{L}{3,}[.,;:!?]?$/u.test(word)).length >= 4;
}

describe.skipIf(!hasSharedCorpus)(sharedCorpusSuite('alt-text rules on the corpus'), () => {
  let pages: string[] = [];
  let images: CorpusImage[] = [];
  beforeAll(() => {
    pages = corpusPages();
    images = judgePages(pages);
    printCounts(pages, images);
  }, 120_000);

  const describe = (image: CorpusImage) => `${image.page}: ${image.markup}`;

  it('finds the pages and their images', () => {
    expect(pages.length).toBeGreaterThanOrEqual(100);
    expect(new Set(images.map((image) => image.page)).size).toBeGreaterThanOrEqual(80);
    expect(images.length).toBeGreaterThan(1500);
  });

  it('never picks an image with an empty alt', () => {
    const emptyAlt = images.filter((image) => image.alt !== null && isBlankAlt(image.alt) && !image.hasAriaName);
    expect(emptyAlt.length).toBeGreaterThan(300);
    for (const image of emptyAlt) expect(image.need, describe(image)).toEqual({ needs: false, reason: 'decorative' });
  });

  it('never picks an image with a long descriptive alt', () => {
    const descriptive = images.filter((image) => isDescriptive(image.alt));
    expect(descriptive.length).toBeGreaterThan(200);
    for (const image of descriptive) expect(image.need.needs, describe(image)).toBe(false);
  });

  it('picks the images whose alt is a file name', () => {
    const fileNameAlts = images.filter((image) => image.alt !== null && IMAGE_FILE_NAME.test(image.alt.trim()));
    expect(fileNameAlts.length).toBeGreaterThanOrEqual(10);
    for (const image of fileNameAlts) expect(image.need.reason, describe(image)).not.toBe('meaningful');
    const picked = fileNameAlts.filter((image) => image.need.needs);
    expect(picked.length).toBeGreaterThanOrEqual(10);
    for (const image of picked) expect(image.need.reason).toBe('useless');
  });

  it('picks the known useless alts of these pages', () => {
    const knownUseless = [
      'Image for post', 'An image', 'Screenshot', 'Image 1', 'Loading', 'P1610279.jpg', 'update_graphic_red_bar',
      '1222_kourtney_main', 'Screen Shot 2016 11 11 at 15.10.08',
    ];
    for (const alt of knownUseless) {
      const withAlt = images.filter((image) => image.alt === alt);
      expect(withAlt.length, alt).toBeGreaterThan(0);
      expect(withAlt.some((image) => image.need.needs && image.need.reason === 'useless'), alt).toBe(true);
    }
  });

  it('keeps short real alts: logos, user names, formulas, other scripts', () => {
    const keep = ['WebMD logo', 'PatrickAllan', 'tw27003265', '展開分類', '{\\displaystyle A^{\\mathsf {H}}}'];
    for (const alt of keep) {
      const withAlt = images.filter((image) => image.alt === alt);
      expect(withAlt.length, alt).toBeGreaterThan(0);
      for (const image of withAlt) expect(image.need.needs, describe(image)).toBe(false);
    }
  });

  it('gives an image without alt or aria name no "meaningful" verdict', () => {
    const unnamed = images.filter((image) => image.alt === null && !image.hasAriaName);
    expect(unnamed.length).toBeGreaterThan(300);
    for (const image of unnamed) expect(image.need.reason, describe(image)).not.toBe('meaningful');
  });

  it('never picks a known tracking pixel', () => {
    const beaconHosts = /facebook\.com\/tr|scorecardresearch|quantserve|doubleclick/;
    const beacons = images.filter((image) => beaconHosts.test(image.src));
    expect(beacons.length).toBeGreaterThanOrEqual(5);
    for (const image of beacons) expect(image.need.needs, describe(image)).toBe(false);
  });

  it('finds most authored alts fine (isUselessAlt is not over-eager)', () => {
    const authored = images.filter((image) => image.alt !== null && image.alt.trim() !== '');
    const useless = authored.filter((image) => isUselessAlt(image.alt ?? '', image.src));
    expect(useless.length / authored.length).toBeLessThan(0.15);
  });
});

function printCounts(pages: string[], images: CorpusImage[]): void {
  const count = (test: (image: CorpusImage) => boolean) => images.filter(test).length;
  const byReason = (reason: AltTextNeed['reason']) => count((image) => image.need.reason === reason);
  const rows: Array<[string, number]> = [
    ['pages', pages.length],
    ['pages with images', new Set(images.map((image) => image.page)).size],
    ['images', images.length],
    ['no alt attribute', count((image) => image.alt === null)],
    ['candidates: missing', byReason('missing')],
    ['candidates: useless', byReason('useless')],
    ['decorative', byReason('decorative')],
    ['meaningful', byReason('meaningful')],
    ['hidden', byReason('hidden')],
    ['tiny', byReason('tiny')],
    ['tracking-pixel', byReason('tracking-pixel')],
    ['not-loaded', byReason('not-loaded')],
  ];
  const uselessAlts = [...new Set(images.filter((image) => image.need.reason === 'useless').map((image) => image.alt))];
  const table = rows.map(([label, n]) => `  ${label.padEnd(22)}${String(n).padStart(6)}`).join('\n');
  const examples = uselessAlts.map((alt) => JSON.stringify(alt)).join(', ');
  console.log(`alt-text rules on the corpus\n${table}\n  useless alts: ${examples}`);
}
