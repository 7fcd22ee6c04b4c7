// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import {
  altTextNeed,
  findAltTextCandidates,
  findImages,
  imageSource,
  isTrackingPixelUrl,
  MARKUP_ONLY,
  type AltTextView,
  type ImageMeasurements,
} from './candidates';

// happy-dom never loads images, so tests say how each image loaded through `measureImage`.
const LOADED_PHOTO: ImageMeasurements = { complete: true, naturalWidth: 800, naturalHeight: 600 };

function viewWith(measurements: ImageMeasurements): AltTextView {
  return { getComputedStyle: (el) => window.getComputedStyle(el), measureImage: () => measurements };
}
const loadedView = viewWith(LOADED_PHOTO);

function render(html: string): HTMLImageElement {
  document.body.innerHTML = html;
  const img = document.querySelector('img');
  if (!img) throw new Error('no <img> in test markup');
  return img;
}

function needOf(html: string, view: AltTextView = loadedView) {
  return altTextNeed(render(html), view);
}

beforeEach(() => {
  document.body.innerHTML = '';
  document.head.innerHTML = '';
});

describe('altTextNeed: images that need alt text', () => {
  it('flags a loaded photo with no alt as missing', () => {
    expect(needOf('<img src="/photos/beach.jpg">')).toEqual({ needs: true, reason: 'missing' });
  });

  it.each(['IMG_2041.png', 'image', 'photo-1.webp', 'https://example.com/a.jpg', 'Bild', '{alt_text}'])(
    'flags alt=%j as useless',
    (alt) => {
      expect(needOf(`<img src="/photos/beach.jpg" alt="${alt}">`)).toEqual({ needs: true, reason: 'useless' });
    },
  );

  it('flags an alt that repeats the file name', () => {
    expect(needOf('<img src="/photos/hotel-door.jpg" alt="hotel-door">')).toEqual({ needs: true, reason: 'useless' });
  });

  it('uses the <picture> choice (currentSrc) before src', () => {
    const img = render(
      '<picture><source srcset="/a/sunset.webp"><img src="/a/fallback.jpg" alt="sunset.webp"></picture>',
    );
    Object.defineProperty(img, 'currentSrc', { value: 'https://example.com/a/sunset.webp' });
    expect(imageSource(img)).toBe('https://example.com/a/sunset.webp');
    expect(altTextNeed(img, loadedView)).toEqual({ needs: true, reason: 'useless' });
  });

  it('falls back to srcset, then to the <picture> source, when there is no src yet', () => {
    expect(imageSource(render('<img srcset="/a/one.jpg 1x, /a/two.jpg 2x">'))).toBe('/a/one.jpg');
    expect(imageSource(render('<picture><source srcset="/a/p.webp 1x"><img></picture>'))).toBe('/a/p.webp');
  });

  it('flags a figure image with no alt even when the figure has a caption', () => {
    const need = needOf(
      '<figure><img src="/a/crowd.jpg"><figcaption>Protesters on Monday. Photo: AP</figcaption></figure>',
    );
    expect(need).toEqual({ needs: true, reason: 'missing' });
  });

  it('flags an image whose only name is a useless title or aria-label', () => {
    expect(needOf('<img src="/a/x.jpg" title="image">')).toEqual({ needs: true, reason: 'useless' });
    expect(needOf('<img src="/a/x.jpg" aria-label="DSC0001.JPG" alt="A red barn">')).toEqual({
      needs: true,
      reason: 'useless',
    });
  });

  it('reads the element itself when no view is given', () => {
    const img = render('<img src="/a/x.jpg">');
    Object.defineProperty(img, 'naturalWidth', { value: 640 });
    Object.defineProperty(img, 'naturalHeight', { value: 480 });
    expect(altTextNeed(img)).toEqual({ needs: true, reason: 'missing' });
  });
});

describe('altTextNeed: images left alone', () => {
  it.each([
    ['<img src="/a.jpg" alt="">', 'empty alt'],
    ['<img src="/a.jpg" alt="   ">', 'blank alt'],
    ['<img src="/a.jpg" alt="&#8203; ">', 'zero-width space alt'],
    ['<img src="/a.jpg" role="presentation">', 'role=presentation'],
    ['<img src="/a.jpg" role="none" alt="IMG_1.png">', 'role=none'],
    ['<img src="/a.jpg" aria-hidden="true">', 'aria-hidden on the image'],
    ['<div aria-hidden="true"><p><img src="/a.jpg"></p></div>', 'aria-hidden on an ancestor'],
  ])('decorative: %s (%s)', (html) => {
    expect(needOf(html)).toEqual({ needs: false, reason: 'decorative' });
  });

  it('does not treat an empty alt as decorative when aria-label names the image', () => {
    expect(needOf('<img src="/a.jpg" alt="" aria-label="A red barn">')).toEqual({ needs: false, reason: 'meaningful' });
  });

  it.each([
    '<img src="/a.jpg" alt="A red barn in a snowy field">',
    '<img src="/a.jpg" alt="WebMD logo">',
    '<img src="/a.jpg" aria-label="A red barn">',
    '<img src="/a.jpg" title="Sunset over the bay">',
    '<span id="l1">Chart of</span><span id="l2">sales by month</span><img src="/a.jpg" aria-labelledby="l1 l2">',
  ])('meaningful: %s', (html) => {
    expect(needOf(html)).toEqual({ needs: false, reason: 'meaningful' });
  });

  it('ignores aria-labelledby that points nowhere', () => {
    expect(needOf('<img src="/a.jpg" aria-labelledby="missing-id">')).toEqual({ needs: true, reason: 'missing' });
  });

  it.each([
    '<img src="/a.jpg" hidden>',
    '<div hidden><img src="/a.jpg"></div>',
    '<img src="/a.jpg" style="display:none">',
    '<div style="display:none"><img src="/a.jpg"></div>',
    '<img src="/a.jpg" style="visibility:hidden">',
    '<div style="visibility:hidden"><img src="/a.jpg"></div>',
  ])('hidden: %s', (html) => {
    expect(needOf(html)).toEqual({ needs: false, reason: 'hidden' });
  });

  it('hides by a stylesheet rule, not just inline styles', () => {
    document.head.innerHTML = '<style>.offscreen-gallery { display: none }</style>';
    const img = document.createElement('img');
    img.src = '/a.jpg';
    const gallery = document.createElement('div');
    gallery.className = 'offscreen-gallery';
    gallery.append(img);
    document.body.append(gallery);
    expect(altTextNeed(img, loadedView)).toEqual({ needs: false, reason: 'hidden' });
  });

  it('does not call opacity:0 hidden (lazy loaders fade images in from it)', () => {
    expect(needOf('<img src="/a.jpg" style="opacity:0">')).toEqual({ needs: true, reason: 'missing' });
  });

  it.each([
    ['<img src="/icons/star.png" width="16" height="16">', 'tiny by attributes'],
    ['<img src="/rule.png" width="600" height="3">', 'a thin rule is tiny'],
  ])('tiny: %s (%s)', (html) => {
    expect(needOf(html)).toEqual({ needs: false, reason: 'tiny' });
  });

  it('measures the rendered box first, then attributes, then the natural size', () => {
    const smallNatural = viewWith({ complete: true, naturalWidth: 20, naturalHeight: 20 });
    expect(needOf('<img src="/icon.png">', smallNatural)).toEqual({ needs: false, reason: 'tiny' });
    expect(needOf('<img src="/icon.png" width="200" height="200">', smallNatural).needs).toBe(true);
    const renderedSmall = viewWith({ ...LOADED_PHOTO, renderedWidth: 16, renderedHeight: 16 });
    expect(needOf('<img src="/big.png" width="800" height="600">', renderedSmall)).toEqual({
      needs: false,
      reason: 'tiny',
    });
    const noLayout = viewWith({ ...LOADED_PHOTO, renderedWidth: 0, renderedHeight: 0 });
    expect(needOf('<img src="/big.png">', noLayout).needs).toBe(true);
  });

  it.each([
    '<img src="https://www.facebook.com/tr?id=1&ev=PageView&noscript=1">',
    '<img src="https://sb.scorecardresearch.com/p?c1=2&c2=3">',
    '<img src="//pixel.quantserve.com/pixel/p-abc.gif">',
    '<img src="https://www.google-analytics.com/collect?v=1">',
    '<img src="/images/spacer.gif">',
    '<img src="https://s.yimg.com/g/images/spaceball.gif">',
    '<img src="/b.gif" width="1" height="1">',
    '<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">',
  ])('tracking pixel: %s', (html) => {
    expect(needOf(html)).toEqual({ needs: false, reason: 'tracking-pixel' });
  });

  it('does not mistake ordinary image names for beacons', () => {
    expect(isTrackingPixelUrl('https://example.com/photos/clear-sky.jpg')).toBe(false);
    expect(isTrackingPixelUrl('https://example.com/pixel-art/castle.png')).toBe(false);
    expect(isTrackingPixelUrl('https://example.com/tracking-shot.jpg')).toBe(false);
    expect(isTrackingPixelUrl('')).toBe(false);
  });

  it('reports images still loading, or waiting for a lazy loader, as not-loaded', () => {
    const loading = viewWith({ complete: false, naturalWidth: 0, naturalHeight: 0 });
    expect(needOf('<img src="/a.jpg" loading="lazy">', loading)).toEqual({ needs: false, reason: 'not-loaded' });
    expect(needOf('<img data-src="/real.jpg" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">')).toEqual({
      needs: false,
      reason: 'not-loaded',
    });
    const withPlaceholderFile = '<img class="lazy" data-lazy-src="/real.jpg" src="/img/blank.gif" width="800" height="600">';
    expect(needOf(withPlaceholderFile)).toEqual({ needs: false, reason: 'not-loaded' });
    expect(needOf('<img alt="">')).toEqual({ needs: false, reason: 'decorative' });
    expect(needOf('<img>')).toEqual({ needs: false, reason: 'not-loaded' });
  });

  it('judges a lazy image by its real address once the loader has swapped it in', () => {
    expect(needOf('<img data-src="/real.jpg" src="/real.jpg">')).toEqual({ needs: true, reason: 'missing' });
  });

  it('reports an image that loaded with no pixels as broken', () => {
    const broken = viewWith({ complete: true, naturalWidth: 0, naturalHeight: 0 });
    expect(needOf('<img src="/gone.jpg">', broken)).toEqual({ needs: false, reason: 'broken' });
    const sized = '<img src="/gone.jpg" width="300" height="200">';
    expect(needOf(sized, broken)).toEqual({ needs: false, reason: 'broken' });
  });

  it('treats <noscript> fallbacks in parsed markup as hidden', () => {
    // happy-dom, like a browser with scripting on, keeps <noscript> as text; build the element by hand.
    const noscript = document.createElement('noscript');
    const img = document.createElement('img');
    img.src = '/a.jpg';
    noscript.append(img);
    document.body.append(noscript);
    expect(altTextNeed(img, MARKUP_ONLY)).toEqual({ needs: false, reason: 'hidden' });
  });
});

describe('altTextNeed with MARKUP_ONLY', () => {
  it('skips style and loading checks and keeps size attributes', () => {
    expect(needOf('<img src="/a.jpg" style="display:none">', MARKUP_ONLY)).toEqual({ needs: true, reason: 'missing' });
    expect(needOf('<img src="/a.jpg" width="12" height="12">', MARKUP_ONLY)).toEqual({ needs: false, reason: 'tiny' });
    expect(needOf('<img src="/a.jpg" hidden>', MARKUP_ONLY)).toEqual({ needs: false, reason: 'hidden' });
  });
});

describe('findAltTextCandidates', () => {
  it('returns only the images that need alt text, with the reason', () => {
    document.body.innerHTML = `
      <img id="missing" src="/a.jpg">
      <img id="useless" src="/b.jpg" alt="IMG_2041.png">
      <img id="fine" src="/c.jpg" alt="A red barn">
      <img id="decor" src="/d.jpg" alt="">
      <img id="icon" src="/e.png" width="16" height="16">`;
    const found = findAltTextCandidates(document, loadedView).map(({ img, reason }) => [img.id, reason]);
    expect(found).toEqual([
      ['missing', 'missing'],
      ['useless', 'useless'],
    ]);
  });

  it('walks open shadow roots, nested ones included', () => {
    document.body.innerHTML = '<div id="outer-host"></div><img id="light" src="/l.jpg">';
    const outer = document.getElementById('outer-host')!.attachShadow({ mode: 'open' });
    outer.innerHTML = '<img id="in-outer" src="/o.jpg" alt="photo"><section><span id="inner-host"></span></section>';
    const inner = outer.getElementById('inner-host')!.attachShadow({ mode: 'open' });
    inner.innerHTML = '<img id="in-inner" src="/i.jpg"><img id="named" src="/n.jpg" alt="A cat">';

    const ids = findAltTextCandidates(document, loadedView).map(({ img }) => img.id);
    expect(ids.sort()).toEqual(['in-inner', 'in-outer', 'light']);
  });

  it('accepts a shadow root or an element as the root, including an <img> root', () => {
    document.body.innerHTML = '<article><img id="a" src="/a.jpg"></article><img id="b" src="/b.jpg">';
    const article = document.querySelector('article')!;
    expect(findAltTextCandidates(article, loadedView).map(({ img }) => img.id)).toEqual(['a']);
    const img = document.getElementById('b')!;
    expect(findImages(img).map((image) => image.id)).toEqual(['b']);
  });

  it('sees aria-hidden on a shadow host from inside its shadow root', () => {
    document.body.innerHTML = '<div id="host" aria-hidden="true"></div>';
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<img src="/a.jpg">';
    const img = shadow.querySelector('img')!;
    expect(altTextNeed(img, loadedView)).toEqual({ needs: false, reason: 'decorative' });
    expect(findAltTextCandidates(document, loadedView)).toEqual([]);
  });

  it('resolves aria-labelledby inside the same shadow root', () => {
    document.body.innerHTML = '<div id="host"></div>';
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p id="cap">A lighthouse at dawn</p><img src="/a.jpg" aria-labelledby="cap">';
    expect(altTextNeed(shadow.querySelector('img')!, loadedView)).toEqual({ needs: false, reason: 'meaningful' });
  });
});
