// The watch that decides whether a page read ahead may look different now: each way a hostile page can hide
// text after being read, with no reading of its own, must count as a change.
import { afterAll, describe, expect, it } from 'vitest';
import { browserPage, closeBrowserPages } from './test-support';
import { renderRoots, watchPage, type WatchOptions } from './watch';

afterAll(closeBrowserPages);

const PAGE = `<html><head><style>.lead { color: black }</style></head><body>
  <article><p class="lead">The article's first paragraph.</p><p id="second">A second one.</p><div id="host"></div></article>
</body></html>`;

/** Mutation records are delivered as a microtask; a message at the click comes later still. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** An event of the page's own window (happy-dom refuses Node's). */
function fire(doc: Document, target: EventTarget, type: string) {
  const PageEvent = (doc.defaultView as unknown as { Event: typeof Event }).Event;
  target.dispatchEvent(new PageEvent(type));
}

async function changedAfter(change: (doc: Document) => void, setUp?: (doc: Document) => void, options?: WatchOptions): Promise<boolean> {
  const doc = browserPage(PAGE);
  setUp?.(doc);
  const watch = watchPage(doc, options);
  await settle();
  expect(watch.changed()).toBe(false);
  change(doc);
  await settle();
  const changed = watch.changed();
  watch.stop();
  return changed;
}

describe('watchPage', () => {
  it('counts nothing as a change on a page left alone, and reading it does not change it', async () => {
    const doc = browserPage(PAGE);
    const before = doc.documentElement.outerHTML;
    const watch = watchPage(doc);
    await settle();
    expect(watch.changed()).toBe(false);
    expect(watch.changed()).toBe(false);
    expect(doc.documentElement.outerHTML).toBe(before);
    watch.stop();
  });

  it.each<[string, (doc: Document) => void]>([
    ['text edited', (doc) => (doc.querySelector('#second')!.firstChild!.textContent = 'Other words.')],
    ['a paragraph added', (doc) => doc.querySelector('article')!.append(doc.createElement('p'))],
    ['a paragraph removed', (doc) => doc.querySelector('#second')!.remove()],
    ['a class that a rule hides', (doc) => doc.querySelector('#second')!.setAttribute('class', 'gone')],
    ['an inline style', (doc) => ((doc.querySelector('#second') as HTMLElement).style.display = 'none')],
    ['the hidden attribute', (doc) => doc.querySelector('#second')!.setAttribute('hidden', '')],
    ['aria-hidden', (doc) => doc.querySelector('#second')!.setAttribute('aria-hidden', 'true')],
    ['a style rule inserted through the CSSOM', (doc) => doc.styleSheets[0]!.insertRule('#second { display: none }', 0)],
    ['a style rule edited through the CSSOM', (doc) => ((doc.styleSheets[0]!.cssRules[0] as CSSStyleRule).style.display = 'none')],
    ['a stylesheet disabled', (doc) => (doc.styleSheets[0]!.disabled = true)],
    ['a shadow root attached (it hides the light DOM it does not slot)', (doc) => doc.querySelector('#second')!.attachShadow({ mode: 'open' })],
    ['the viewport resized (media queries)', (doc) => fire(doc, doc.defaultView!, 'resize')],
    ['the fragment changed (:target)', (doc) => fire(doc, doc.defaultView!, 'hashchange')],
    ['a popover or <details> toggled', (doc) => fire(doc, doc.querySelector('#second')!, 'toggle')],
  ])('counts %s as a change', async (_name, change) => {
    expect(await changedAfter(change)).toBe(true);
  });

  it('sees changes inside an open shadow root that was there when reading', async () => {
    const changed = await changedAfter(
      (doc) => doc.querySelector('#host')!.shadowRoot!.querySelector('p')!.setAttribute('style', 'display:none'),
      (doc) => {
        const shadow = doc.querySelector('#host')!.attachShadow({ mode: 'open' });
        shadow.innerHTML = '<p>Inside the shadow root.</p>';
      },
    );
    expect(changed).toBe(true);
  });

  it('looks for no shadow roots in what the reading leaves out (a huge page\'s navigation), and still sees the rest', async () => {
    const setUp = (doc: Document) => {
      const nav = doc.createElement('nav');
      nav.innerHTML = '<ul><li><span id="menu-host"></span></li></ul>';
      doc.body.prepend(nav);
      doc.querySelector('#menu-host')!.attachShadow({ mode: 'open' }).innerHTML = '<p>Menu</p>';
      doc.querySelector('#host')!.attachShadow({ mode: 'open' }).innerHTML = '<p>Inside the article.</p>';
    };
    const skip = (element: Element) => element.localName === 'nav';
    const inMenu = (doc: Document) => doc.querySelector('#menu-host')!.shadowRoot!.querySelector('p')!.setAttribute('style', 'display:none');
    const inArticle = (doc: Document) => doc.querySelector('#host')!.shadowRoot!.querySelector('p')!.setAttribute('style', 'display:none');
    const doc = browserPage(PAGE);
    setUp(doc);
    expect(renderRoots(doc).length).toBe(3);
    expect(renderRoots(doc, skip).map((root) => ('host' in root ? (root.host as Element).id : '#document'))).toEqual(['#document', 'host']);
    expect(await changedAfter(inMenu, setUp)).toBe(true);
    expect(await changedAfter(inMenu, setUp, { skip })).toBe(false);
    expect(await changedAfter(inArticle, setUp, { skip })).toBe(true);
    expect(await changedAfter((doc) => doc.querySelector('nav')!.setAttribute('role', 'presentation'), setUp, { skip })).toBe(true);
    expect(await changedAfter((doc) => doc.querySelector('#second')!.attachShadow({ mode: 'open' }), setUp, { skip })).toBe(true);
  });

  it('stays changed once changed, even if the page puts things back', async () => {
    const doc = browserPage(PAGE);
    const watch = watchPage(doc);
    const second = doc.querySelector('#second')!;
    second.setAttribute('hidden', '');
    second.removeAttribute('hidden');
    await settle();
    expect(watch.changed()).toBe(true);
  });

  it('ignores changes once stopped', async () => {
    const doc = browserPage(PAGE);
    const watch = watchPage(doc);
    watch.stop();
    doc.querySelector('#second')!.remove();
    await settle();
    // Only what is compared at the check (style rules, shadow roots, animations) still counts.
    expect(watch.changed()).toBe(false);
  });
});
