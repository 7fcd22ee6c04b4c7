// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import {
  altTextNeed,
  decorativeMark,
  findAltTextCandidates,
  findImages,
  imageKind,
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

describe("every image-like element, after WCAG's alt decision tree", () => {
  const need = (html: string, selector: string, view: AltTextView = loadedView) => {
    document.body.innerHTML = html;
    return altTextNeed(document.querySelector(selector)!, view);
  };

  it('knows the image-like kinds and nothing else', () => {
    document.body.innerHTML = `
      <img id="a" src="/a.png"><input id="b" type="IMAGE" src="/b.png"><input id="x1" type="text">
      <map name="m"><area id="c" href="/c" shape="rect" coords="0,0,5,5"><area id="x2" shape="rect"></map>
      <svg id="d"><svg id="x3"></svg></svg><object id="e" data="/e.png"></object><object id="x4" data="/movie.mp4"></object>
      <embed id="f" src="/f.svg"><embed id="x5" src="/app.swf"><div id="g" role="img"></div><div id="x6" role="button"></div>
      <object id="h" data="/chart" type="image/png"></object>`;
    expect(findImages(document).map((element) => [element.id, imageKind(element)])).toEqual([
      ['a', 'img'], ['b', 'input'], ['c', 'area'], ['d', 'svg'], ['e', 'object'], ['f', 'embed'], ['g', 'role-img'], ['h', 'object'],
    ]);
  });

  it('names an image button and a map area, whatever their size, and never takes a blank alt for decorative there', () => {
    expect(need('<input type="image" src="/go.png" width="12" height="12">', 'input')).toEqual({ needs: true, reason: 'missing' });
    expect(need('<input type="image" src="/go.png" alt=" ">', 'input')).toEqual({ needs: true, reason: 'missing' });
    expect(need('<input type="image" src="/go.png" alt="Search">', 'input')).toEqual({ needs: false, reason: 'meaningful' });
    const map = '<img src="/world.png" usemap="#w" alt="World map"><map name="w"><area href="/eu" alt="%s" shape="rect" coords="0,0,9,9"></map>';
    expect(need(map.replace('%s', ''), 'area')).toEqual({ needs: true, reason: 'missing' });
    expect(need(map.replace('%s', 'Europe'), 'area')).toEqual({ needs: false, reason: 'meaningful' });
    // A map no image uses is never shown.
    expect(need('<map name="w"><area href="/eu" shape="rect" coords="0,0,9,9"></map>', 'area')).toEqual({ needs: false, reason: 'hidden' });
    expect(need('<img src="/w.png" usemap="#w" hidden><map name="w"><area href="/eu"></map>', 'area')).toEqual({ needs: false, reason: 'hidden' });
  });

  it('takes an SVG <title> or aria-label as its name, and describes an SVG without one', () => {
    expect(need('<svg role="img"><title>Sales by month</title><rect/></svg>', 'svg')).toEqual({ needs: false, reason: 'meaningful' });
    expect(need('<svg role="img" aria-label="Sales by month"></svg>', 'svg')).toEqual({ needs: false, reason: 'meaningful' });
    expect(need('<svg role="img" width="200" height="100"><rect/></svg>', 'svg')).toEqual({ needs: true, reason: 'missing' });
    expect(need('<svg width="200" height="100" aria-hidden="true"></svg>', 'svg')).toEqual({ needs: false, reason: 'decorative' });
  });

  it('judges role="img", <object> and <embed> like images: named, hidden, tiny or to describe', () => {
    expect(need('<div role="img" style="background-image: url(/chart.png)"></div>', 'div')).toEqual({ needs: true, reason: 'missing' });
    expect(need('<div role="img" aria-label="Chart of sales"></div>', 'div')).toEqual({ needs: false, reason: 'meaningful' });
    expect(need('<div role="img" aria-label="image"></div>', 'div')).toEqual({ needs: true, reason: 'useless' });
    expect(need('<div role="img" style="display:none"></div>', 'div')).toEqual({ needs: false, reason: 'hidden' });
    expect(need('<object data="/a.png" title="Floor plan"></object>', 'object')).toEqual({ needs: false, reason: 'meaningful' });
    expect(need('<object data="/a.png" width="300" height="200"></object>', 'object')).toEqual({ needs: true, reason: 'missing' });
    expect(need('<embed src="/star.svg" width="16" height="16">', 'embed')).toEqual({ needs: false, reason: 'tiny' });
    // Flash (by type or address) is an empty box: marked presentational, unless its fallback says something.
    const flash = '<object data="/movie.swf" width="88" height="31"><param name="movie" value="/movie.swf"></object>';
    expect(need(flash, 'object')).toEqual({ needs: false, reason: 'plugin' });
    expect(need('<object data="/img/0.png" type="application/x-shockwave-flash" width="88" height="31"></object>', 'object')).toEqual({ needs: false, reason: 'plugin' });
    expect(decorativeMark(document.querySelector('object')!, { needs: false, reason: 'plugin' })).toBe('plugin');
    expect(need('<object data="/movie.swf">Our opening hours as a film</object>', 'object')).toEqual({ needs: false, reason: 'meaningful' });
    expect(need('<object data="/movie.swf" title="Opening hours"></object>', 'object')).toEqual({ needs: false, reason: 'meaningful' });
  });

  it('reads the CSS background a role="img" element shows', () => {
    document.body.innerHTML = `<div role="img" style='background-image: url("/bg/hero.jpg"), linear-gradient(red, blue)'></div>`;
    expect(imageSource(document.querySelector('div')!)).toMatch(/\/bg\/hero\.jpg$/);
  });

  it('describes a tiny image that is all there is in its link or button: it is the link’s name', () => {
    expect(need('<a href="/home"><img src="/home.png" width="16" height="16"></a>', 'img')).toEqual({ needs: true, reason: 'missing' });
    expect(need('<button><svg role="img" width="16" height="16"></svg></button>', 'svg')).toEqual({ needs: true, reason: 'missing' });
    // With text beside it, or a label on the link, the icon adds nothing.
    expect(need('<a href="/home"><img src="/home.png" width="16" height="16"> Home</a>', 'img')).toEqual({ needs: false, reason: 'tiny' });
    expect(need('<a href="/home" aria-label="Home"><img src="/home.png" width="16" height="16"></a>', 'img')).toEqual({ needs: false, reason: 'tiny' });
    // A tracking pixel stays one, link or not.
    expect(need('<a href="/x"><img src="/spacer.gif"></a>', 'img')).toEqual({ needs: false, reason: 'tracking-pixel' });
  });

  it('finds alts that only repeat the text beside them', () => {
    expect(need('<a href="/jane"><img src="/jane.jpg" alt="Jane Doe"> Jane Doe</a>', 'img')).toEqual({ needs: false, reason: 'redundant' });
    expect(need('<p><img src="/jane.jpg" alt="Jane Doe."><span>jane doe</span></p>', 'img')).toEqual({ needs: false, reason: 'redundant' });
    expect(need('<p><img src="/jane.jpg" alt="Jane Doe at the lectern"><span>Jane Doe</span></p>', 'img')).toEqual({ needs: false, reason: 'meaningful' });
    // An alt that is the link's only name is no repetition.
    expect(need('<a href="/jane"><img src="/jane.jpg" alt="Jane Doe"></a>', 'img')).toEqual({ needs: false, reason: 'meaningful' });
  });

  it('says which images left alone must be marked decorative', () => {
    const mark = (html: string, selector = 'img') => {
      document.body.innerHTML = html;
      const element = document.querySelector(selector)!;
      return decorativeMark(element, altTextNeed(element, loadedView));
    };
    expect(mark('<img src="/icon.png" width="16" height="16">')).toBe('tiny');
    expect(mark('<svg role="img" width="12" height="12"></svg>', 'svg')).toBe('tiny');
    expect(mark('<img src="https://www.facebook.com/tr?id=1&ev=PageView">')).toBe('tracking-pixel');
    expect(mark('<img src="/b.gif" width="1" height="1">')).toBe('tracking-pixel');
    expect(mark('<a href="/jane"><img src="/jane.jpg" alt="Jane Doe"> Jane Doe</a>')).toBe('redundant');
    expect(mark('<img src="/a.jpg" alt="  ">')).toBe('blank-alt');
    // Already right, or not ours to decide: nothing to mark.
    expect(mark('<img src="/a.jpg" alt="">')).toBeUndefined();
    expect(mark('<img src="/a.jpg" role="presentation">')).toBeUndefined();
    expect(mark('<img src="/a.jpg" alt="A red barn">')).toBeUndefined();
    expect(mark('<img src="/a.jpg" style="display:none">')).toBeUndefined();
    expect(mark('<img src="/a.jpg">')).toBeUndefined();
  });
});
