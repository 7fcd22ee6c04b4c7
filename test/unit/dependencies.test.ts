// Dependencies installed exactly as the code expects. The build copies onnxruntime-web's .wasm files from the
// top-level package (wxt.config.ts), while the runtime's JavaScript comes inside transformers.js: both must be
// exactly the same onnxruntime-web. linkedom (Node-side extraction's DOM) and Readability are the builds in vendor/,
// whose changes must keep their behaviour.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { DOMParser, parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function packageJson(dir: string): { version: string; dependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, dir, 'package.json'), 'utf8'));
}

describe('onnxruntime-web', () => {
  it('is pinned to exactly the version @huggingface/transformers requires, and installed at it', () => {
    const required = packageJson('node_modules/@huggingface/transformers').dependencies?.['onnxruntime-web'];
    const pinned = packageJson('.').dependencies?.['onnxruntime-web'];
    expect(required).toMatch(/^\d+\.\d+\.\d+\S*$/); // an exact version, no range
    expect(pinned).toBe(required);
    expect(packageJson('node_modules/onnxruntime-web').version).toBe(required);
  });

  it('is the runtime bundled in the transformers.js build the extension uses', () => {
    const bundle = readFileSync(path.join(REPO_ROOT, 'node_modules/@huggingface/transformers/dist/transformers.js'), 'utf8');
    expect(bundle).toContain(packageJson('node_modules/onnxruntime-web').version);
  });
});

describe('linkedom', () => {
  it('is the vendored build (vendor/README.md), whose nodes still hear the events they listen for', () => {
    expect(packageJson('node_modules/linkedom').version).toBe('0.18.15-nanobanana.6');
    const { document, Event } = parseHTML('<p><span>hi</span></p>') as unknown as { document: Document; Event: typeof globalThis.Event };
    const paragraph = document.querySelector('p')!;
    const span = document.querySelector('span')!;
    const heard: string[] = [];
    const listener = (event: Event) => heard.push(`${event.type} at ${(event.currentTarget as Element).tagName}`);
    paragraph.addEventListener('ping', listener);
    span.removeEventListener('ping', listener); // never added there: nothing happens
    span.dispatchEvent(new Event('ping', { bubbles: true }));
    paragraph.removeEventListener('ping', listener);
    span.dispatchEvent(new Event('ping', { bubbles: true }));
    expect(heard).toEqual(['ping at P']);
  });
});

describe('linkedom selectors (matched by name, or compiled once)', () => {
  const { document } = parseHTML(
    '<div id="a"><p class="x">1</p><H2>2</H2><p class="y">3</p><svg><foreignObject>4</foreignObject></svg></div><div id="b"><p>5</p></div>',
  ) as unknown as { document: Document };
  const texts = (found: NodeListOf<Element> | Element[]) => [...found].map((element) => element.textContent).join(',');

  it('finds lists of tag names in any case and spacing, in document order', () => {
    expect(texts(document.querySelectorAll('p,h2'))).toBe('1,2,3,5');
    expect(texts(document.querySelectorAll(' P , H2 '))).toBe('1,2,3,5');
    expect(texts(document.getElementById('a')!.querySelectorAll('h2, p'))).toBe('1,2,3');
    expect(document.querySelector('h2')?.textContent).toBe('2');
  });

  it('answers each selector for itself, after others were compiled', () => {
    expect(texts(document.querySelectorAll('p.x'))).toBe('1');
    expect(texts(document.querySelectorAll('p.y'))).toBe('3');
    expect(texts(document.querySelectorAll('p.x'))).toBe('1');
    expect(texts(document.querySelectorAll('div > p:not(.x)'))).toBe('3,5');
  });

  it('names elements in upper case in HTML, as written in XML', () => {
    // linkedom's own answers, the same before the patch (a browser would say "svg" and "foreignObject").
    expect([...document.querySelectorAll('div, p, h2, svg, foreignObject')].map((element) => element.tagName)).toEqual(
      ['DIV', 'P', 'H2', 'P', 'SVG', 'FOREIGNOBJECT', 'DIV', 'P'],
    );
    expect(document.getElementById('a')!.getElementsByTagName('P').length).toBe(2);
    const xml = new DOMParser().parseFromString('<svg><foreignObject/></svg>', 'image/svg+xml') as unknown as Document;
    expect(xml.documentElement.firstElementChild?.tagName).toBe('foreignObject');
  });

  it('gives every element for "*", as the DOM standard says (upstream gave none)', () => {
    expect(document.getElementsByTagName('*').length).toBe(document.querySelectorAll('*').length);
    expect(document.getElementsByTagName('*').length).toBe(8);
    expect(document.getElementById('a')!.getElementsByTagName('*').length).toBe(5);
  });

  it('reads "class" from the attribute, null without one, in step with classList and className', () => {
    const { document: page } = parseHTML('<p class="  b a  b ">x</p><p>y</p>') as unknown as { document: Document };
    const withClass = page.querySelector('p')!;
    const without = page.querySelectorAll('p')[1]!;
    expect(withClass.getAttribute('class')).toBe('b a'); // linkedom stores the class list it parsed, then and now
    expect(without.getAttribute('class')).toBeNull(); // upstream: "" (and a class list made for it)
    expect([withClass.className, without.className]).toEqual(['b a', '']);
    withClass.classList.add('c');
    expect([withClass.getAttribute('class'), withClass.className]).toEqual(['b a c', 'b a c']);
    withClass.setAttribute('class', 'd');
    expect([withClass.getAttribute('class'), withClass.className]).toEqual(['d', 'd']);
    withClass.className = 'e  f';
    expect([withClass.getAttribute('class'), withClass.className, [...withClass.classList]]).toEqual(['e f', 'e f', ['e', 'f']]);
    withClass.removeAttribute('class');
    expect([withClass.getAttribute('class'), withClass.className]).toEqual([null, '']);
    // A copy answers the same, though it has no class list of its own until asked.
    const copy = page.cloneNode(true) as Document;
    expect([...copy.querySelectorAll('p')].map((element) => element.className)).toEqual(['', '']);
    const named = page.createElement('p');
    named.setAttribute('class', 'g h');
    expect((named.cloneNode(true) as Element).className).toBe('g h');
  });

  it('finds elements named in upper case by lower-case tag lists, time after time', () => {
    const { document: page } = parseHTML('<div><p>x</p></div>') as unknown as { document: Document };
    page.querySelector('div')!.appendChild(page.createElement('SECTION'));
    for (let i = 0; i < 2; i++) expect(page.querySelectorAll('section, p').length).toBe(2);
    expect(page.querySelectorAll('div > section').length).toBe(1);
  });

  it('resolves :scope against the element asked, every time', () => {
    expect(texts(document.getElementById('a')!.querySelectorAll(':scope > p'))).toBe('1,3');
    expect(texts(document.getElementById('b')!.querySelectorAll(':scope > p'))).toBe('5');
  });
});

describe('Readability', () => {
  const parse = (html: string) => {
    const { document } = parseHTML(html) as unknown as { document: Document };
    return new Readability(document).parse();
  };
  const prose = (words: string) => `<p>${Array.from({ length: 12 }, () => words).join(' ')}</p>`;

  it('is the vendored build (vendor/README.md)', () => {
    expect(packageJson('node_modules/@mozilla/readability').version).toBe('0.6.0-nanobanana.13');
  });

  it('tells elements without content (whitespace, <br>, comments) from ones with text however deep', () => {
    const { document } = parseHTML(
      `<div id="empty"> <!-- a comment --> <br> <span> \u00a0 </span><hr></div>` +
        `<div id="deep"> <div> </div><div><span> <b>\n</b><i>deep text</i></span></div></div>` +
        `<div id="last"><span> </span>x</div>`,
    ) as unknown as { document: Document };
    const reader = new Readability(document) as unknown as { _isElementWithoutContent(node: Element): boolean };
    const without = (id: string) => reader._isElementWithoutContent(document.getElementById(id)!);
    expect(without('empty')).toBe(false); // no text, but a child (<span>) that is neither <br> nor <hr>
    document.getElementById('empty')!.querySelector('span')!.remove();
    expect(without('empty')).toBe(true);
    expect(without('deep')).toBe(false);
    expect(without('last')).toBe(false);
  });

  it("reads an element's inline style to judge its visibility", () => {
    const { document } = parseHTML(
      '<p id="plain">a</p><p id="none" style="display: none">b</p><p id="invisible" style="visibility:hidden">c</p><p id="shown" style="color: red">d</p><p id="hidden" hidden>e</p>',
    ) as unknown as { document: Document };
    const reader = new Readability(document) as unknown as { _isProbablyVisible(node: Element): boolean };
    const visible = ['plain', 'none', 'invisible', 'shown', 'hidden'].filter((id) => reader._isProbablyVisible(document.getElementById(id)!));
    expect(visible).toEqual(['plain', 'shown']);
  });

  it('still cleans out a block of links inside the article, and keeps its prose', () => {
    const links = Array.from({ length: 6 }, (_, n) => `<a href="/story/${n}">Another story number ${n} worth a look</a>`).join(' ');
    const article = parse(
      `<html><body><div id="story">${prose('Farmers in the valley pack, weigh, and label bananas, then load them, by hand, onto trucks.')}` +
        `<div class="more">${links}</div>${prose('The trucks leave at night, reach the port by dawn, and the fruit sails north, cooled, for ten days.')}</div></body></html>`,
    );
    expect(article?.textContent).toContain('Farmers in the valley');
    expect(article?.textContent).toContain('The trucks leave at night');
    expect(article?.textContent).not.toContain('Another story number');
  });

  it('keeps a block of ten commas or more unless its names weigh it down, and then only for a data table in it', () => {
    // Ten commas, in several text nodes; nine.
    const commas = 'bananas, plantains, <b>mangoes, papayas,</b> guavas, limes, <i>lemons, <u>oranges</u>, figs</i>, dates, and pears';
    const nine = commas.replace('dates,', 'dates');
    const links = Array.from({ length: 6 }, (_, n) => `<a href="/story/${n}">Another story number ${n}</a>`).join(' ');
    const { document } = parseHTML(
      `<html><body><div id="article">` +
        `<div id="named" class="comment"><p>${commas}</p></div>` +
        `<div id="named-table" class="comment"><p>${commas}</p><table id="data"><tr><td>1</td></tr></table></div>` +
        `<div id="linky-commas">${links}<p>${commas}</p></div>` +
        `<div id="linky">${links}<p>${nine}</p></div>` +
        `</div></body></html>`,
    ) as unknown as { document: Document };
    (document.getElementById('data') as Element & { _readabilityDataTable?: boolean })._readabilityDataTable = true;
    const reader = new Readability(document) as unknown as {
      _cleanConditionally(element: Element, tag: string): void;
      _hasCommas(element: Element, count: number): boolean;
    };
    // Commas are counted across text nodes, as far as needed.
    expect(reader._hasCommas(document.getElementById('linky-commas')!, 10)).toBe(true);
    expect(reader._hasCommas(document.getElementById('linky')!, 10)).toBe(false);
    expect(reader._hasCommas(document.getElementById('linky')!, 9)).toBe(true);
    reader._cleanConditionally(document.getElementById('article')!, 'div');
    const left = Array.from(document.querySelectorAll('#article > div')).map((div) => div.id);
    expect(left).toEqual(['named-table', 'linky-commas']);
  });

  it("sums each element's link lengths in one pass exactly as link density does, element by element", () => {
    const { document } = parseHTML(
      `<html><body><div id="outer"><p>Intro with <a href="/a">a link</a> and <a href="#note">a note</a>.</p>` +
        `<div id="inner"><a href="/b">  spaced   link  </a><span><a href="/c">deep <b>link</b></a></span> plain words</div>` +
        `<ul><li><a href="/d">item link</a></li><li>no link here</li></ul><p id="none">Nothing linked.</p></div></body></html>`,
    ) as unknown as { document: Document };
    const reader = new Readability(document) as unknown as {
      _linkLengthsWithin(elements: Element[]): Map<Element, number>;
      _getLinkDensity(element: Element): number;
      _getInnerText(element: Element): string;
    };
    const elements = Array.from(document.body.querySelectorAll('*'));
    const sums = reader._linkLengthsWithin(elements);
    const densities = elements.map((element) => {
      const length = reader._getInnerText(element).length;
      return length === 0 ? 0 : sums.get(element)! / length;
    });
    expect(densities).toEqual(elements.map((element) => reader._getLinkDensity(element)));
    expect(sums.get(document.getElementById('none')!)).toBe(0);
    expect(sums.get(document.getElementById('outer')!)).toBeGreaterThan(sums.get(document.getElementById('inner')!)!);
  });

  it("measures each element's text in one walk exactly as _getInnerText does, element by element", () => {
    const { document } = parseHTML(
      `<html><body><div id="outer">  Lead\u00a0 words <p>One\n\n  two <b> bold </b><i></i>three</p>` +
        `<div id="spaces">   \t </div><ul><li>\u2028item\u3000\u3000one</li><li>x<!-- note --> y</li></ul>` +
        `<div id="inner"><span>a</span><span> </span><span>b  </span>  </div>\ufeff tail \u200b end </div></body></html>`,
    ) as unknown as { document: Document };
    const reader = new Readability(document) as unknown as {
      _innerTextLengthsWithin(elements: Element[]): Map<Element, number>;
      _getInnerText(element: Element): string;
      _isSpaceCode(code: number): boolean;
    };
    const elements = Array.from(document.querySelectorAll('*'));
    const lengths = reader._innerTextLengthsWithin(elements);
    expect(elements.map((element) => lengths.get(element))).toEqual(elements.map((element) => reader._getInnerText(element).length));
    expect(lengths.get(document.getElementById('spaces')!)).toBe(0);
    // Whitespace as \s knows it, every UTF-16 code unit.
    const differ = Array.from({ length: 0x10000 }, (_, code) => code).filter((code) => reader._isSpaceCode(code) !== /\s/.test(String.fromCharCode(code)));
    expect(differ).toEqual([]);
  });

  it('prepares the page from one walk, leaving out what an earlier step removed and seeing what one made', () => {
    const story = prose('Banana growers sort the harvest by size and ripeness at dawn.');
    const read = (head: string, body: string) => {
      const { document } = parseHTML(`<html><head>${head}</head><body>${body}</body></html>`) as unknown as { document: Document };
      return new Readability(document, { serializer: (node) => node as Element }).parse()!;
    };
    // The description in <noscript> goes with it when scripts are removed: the one before stays.
    const described = read('<meta name="description" content="The real one"><noscript><meta name="description" content="From noscript"></noscript>', `<div>${story}</div>`);
    expect(described.excerpt).toBe('The real one');
    // The lazy image gives way to the one in <noscript>, <font> and all, and that <font> is made a <span> like any other.
    const unwrapped = read('', `<div>${story}<p><img data-src="lazy.jpg"><noscript><font><img src="real.jpg"></font></noscript></p>${story}<font>old</font></div>`);
    expect(unwrapped.content!.querySelector('img')?.getAttribute('src')).toBe('real.jpg');
    expect(unwrapped.content!.querySelectorAll('font').length).toBe(0);
    expect(unwrapped.content!.textContent).toContain('old');
  });

  it("gives the article's text when asked, and reads only as much text as it needs to know an article is long enough", () => {
    const story = prose('Banana growers sort the harvest by size and ripeness at dawn.');
    const { document } = parseHTML(`<html><body><div>${story}</div></body></html>`) as unknown as { document: Document };
    const article = new Readability(document, { serializer: (node) => node as Element }).parse()!;
    expect(article.textContent).toBe(article.content!.textContent);
    expect(article.length).toBe(article.content!.textContent!.length);
    expect(new Readability(parseHTML(`<html><body><div>${story}</div></body></html>`).document as unknown as Document).parse()!.textContent).toBe(article.textContent);
    const reader = new Readability(document) as unknown as { _hasNonSpace(element: Element, count: number): boolean };
    const { document: spaced } = parseHTML('<p>ab \u00a0<b>c\u3000d</b>\n e</p>') as unknown as { document: Document };
    expect(reader._hasNonSpace(spaced.querySelector('p')!, 5)).toBe(true);
    expect(reader._hasNonSpace(spaced.querySelector('p')!, 6)).toBe(false);
  });

  it('answers tag lists from one walk exactly as a walk each time does, through removals, moves and new elements', () => {
    const { document } = parseHTML(
      '<html><body><div id="root"><div id="a"><p>1</p><table><tr><td><p>2</p></td></tr></table></div><ul><li><a href="/x">x</a></li></ul>' +
        '<div id="b"><p>3</p><br><br><p>4</p></div></div></body></html>',
    ) as unknown as { document: Document };
    type Reader = {
      _indexTags(root: Element, tags: string[]): void;
      _tagged(node: Element, tags: string[]): Element[];
      _getAllNodesWithTag(node: Element, tags: string[]): ArrayLike<Element>;
      _setNodeTag(node: Element, tag: string): Element;
    };
    const reader = new Readability(document) as unknown as Reader;
    const root = document.getElementById('root')!;
    const same = (node: Element, tags: string[]) => expect(reader._tagged(node, tags)).toEqual(Array.from(reader._getAllNodesWithTag(node, tags)));
    reader._indexTags(root, ['div', 'p', 'br', 'table', 'a']);
    const asks: [Element, string[]][] = [[root, ['p']], [root, ['div']], [document.getElementById('a')!, ['div', 'p']], [root, ['br', 'p', 'table']], [document.getElementById('a')!, ['p']], [root, ['a', 'p']]];
    for (const [node, tags] of asks) same(node, tags);
    document.getElementById('b')!.querySelector('p')!.remove();
    document.getElementById('a')!.appendChild(document.querySelector('#b br')!);
    document.querySelector('table')!.remove();
    for (const [node, tags] of asks) same(node, tags);
    // A <p> made from the list: the index no longer answers for <p>, the document does.
    reader._setNodeTag(document.querySelector('li')!, 'P');
    for (const [node, tags] of asks) same(node, tags);
    expect(reader._tagged(root, ['p']).length).toBe(3);
    // Outside its root, the index is not asked.
    same(document.body, ['div']);
  });

  it('cleans several tags in one pass exactly as one pass per tag does, sparing video embeds', () => {
    const page =
      '<div id="article"><footer><button>Share</button><p>Footer words</p></footer><p>Story <input value="x"> text</p>' +
      '<aside><iframe src="https://www.youtube.com/embed/abc"></iframe><select><option>1</option></select></aside>' +
      '<iframe src="https://ads.example/frame"></iframe><object data="https://player.vimeo.com/v/1"><embed src="/x.swf"></object>' +
      '<textarea>typed</textarea><link rel="stylesheet" href="/s.css"><p>End</p></div>';
    const cleaned = (tagLists: string[][]) => {
      const { document } = parseHTML(`<html><body>${page}</body></html>`) as unknown as { document: Document };
      const reader = new Readability(document) as unknown as { _clean(element: Element, tags: string[]): void };
      const article = document.getElementById('article')!;
      for (const tags of tagLists) reader._clean(article, tags);
      return article.innerHTML;
    };
    const tags = ['object', 'embed', 'footer', 'link', 'aside', 'iframe', 'input', 'textarea', 'select', 'button'];
    const together = cleaned([tags.slice(0, 5), tags.slice(5)]);
    expect(together).toBe(cleaned(tags.map((tag) => [tag])));
    expect(together).toBe('<p>Story  text</p><object data="https://player.vimeo.com/v/1"></object><p>End</p>');
  });

  it('leaves link and media addresses as written with keepUris, and still turns javascript: links into text', () => {
    const html =
      '<html><head><base href="https://example.com/news/"></head><body><div>' +
      prose('Growers ship bananas north, and the ships <a href="port.html">dock</a> at dawn, <a href="javascript:void(0)">every day</a>.') +
      '<img src="pics/ship.jpg"></div></body></html>';
    const read = (keepUris: boolean) => {
      const { document } = parseHTML(html) as unknown as { document: Document };
      const article = new Readability(document, { keepUris, serializer: (node) => node as Element }).parse()!.content!;
      return { hrefs: [...article.querySelectorAll('a')].map((link) => link.getAttribute('href')), src: article.querySelector('img')?.getAttribute('src'), text: article.textContent };
    };
    const kept = read(true);
    expect(kept.hrefs.every((href) => href === 'port.html')).toBe(true);
    expect(kept.hrefs.length).toBe(12);
    expect(kept.src).toBe('pics/ship.jpg');
    expect(kept.text).toContain('every day');
    const resolved = read(false);
    expect(resolved.hrefs.every((href) => href === 'https://example.com/news/port.html')).toBe(true);
    expect(resolved.src).toBe('https://example.com/news/pics/ship.jpg');
  });

  it('retries from the page as it was when the first try finds too little', () => {
    // The only prose sits in a "sidebar": the first try strips it as unlikely, finds under 500 characters, and
    // must start again from the whole page.
    const article = parse(`<html><body><div class="sidebar">${prose('Banana growers sort the harvest by size and ripeness at dawn.')}</div></body></html>`);
    expect(article?.textContent).toContain('Banana growers sort the harvest');
  });

  it('with retryFrom, copies nothing before the first try, and retries from that copy to the same article', () => {
    // A page the first try reads, and one it must retry (its prose in a "sidebar"), with <br> runs, a <font>, a
    // script and a noscript image for the preparation to redo.
    const story = prose('Banana growers sort the harvest by size and ripeness at dawn.');
    const pages = [
      `<html><body><div id="story">${story}${prose('Trucks take the boxes to the port, and ships carry them north.')}</div></body></html>`,
      `<html><head><style>p { color: red }</style></head><body><div class="sidebar">${story}<br><br>More words<br><br>after breaks ` +
        `<font>in a font</font><script>var x = 1;</script><noscript><img src="a.jpg"></noscript></div></body></html>`,
    ];
    for (const html of pages) {
      const plain = parseHTML(html).document as unknown as Document;
      const expected = new Readability(plain).parse();
      const { document } = parseHTML(html) as unknown as { document: Document };
      const copy = document.cloneNode(true) as Document;
      const copyBefore = copy.documentElement.outerHTML;
      let bodyCopies = 0;
      const cloneNode = document.body.cloneNode.bind(document.body);
      document.body.cloneNode = (deep?: boolean) => (bodyCopies++, cloneNode(deep));
      const reader = new Readability(document, { retryFrom: copy });
      const article = reader.parse();
      expect(article?.content).toBe(expected?.content);
      expect(article?.textContent).toContain('Banana growers sort the harvest');
      expect(bodyCopies).toBe(0);
      // The sidebar page is read again (more than once: the first retry still finds under 500 characters).
      const retries = (reader as unknown as { _attempts: unknown[] })._attempts.length;
      expect(html.includes('sidebar') ? retries > 0 : retries === 0).toBe(true);
      expect(copy.documentElement.outerHTML).toBe(copyBefore);
    }
  });

  it('with retryFrom a function, asks it for a fresh copy at each retry', () => {
    const html = `<html><body><div class="sidebar">${prose('Banana growers sort the harvest by size and ripeness at dawn.')}</div></body></html>`;
    const expected = new Readability(parseHTML(html).document as unknown as Document).parse();
    const { document } = parseHTML(html) as unknown as { document: Document };
    const copy = document.cloneNode(true) as Document;
    let copies = 0;
    const reader = new Readability(document, { retryFrom: () => (copies++, copy.cloneNode(true) as Document) });
    expect(reader.parse()?.content).toBe(expected?.content);
    expect(copies).toBe((reader as unknown as { _attempts: unknown[] })._attempts.length);
    expect(copies).toBeGreaterThan(0);
  });

  it('with carryProperty, moves the property with the attributes to re-created and unwrapped elements', () => {
    const mark = Symbol('mark');
    type Marked = Element & { [mark]?: string };
    // The <h1> becomes an <h2>; the outer div, holding only the inner one, gives way to it, which takes its attributes.
    const html =
      `<html><body><div id="story"><h1 id="title">Banana farming</h1>` +
      `<div id="outer"><div id="inner">${prose('Ships carry the boxes north, and ripening rooms wait at the other end of the trip.')}${prose('Trucks take the boxes to the port.')}</div></div>` +
      `</div></body></html>`;
    const { document } = parseHTML(html) as unknown as { document: Document };
    for (const element of Array.from(document.querySelectorAll('[id]'))) (element as Marked)[mark] = element.id;
    const article = new Readability(document, { carryProperty: mark, serializer: (node) => node as Element }).parse()!.content!;
    const heading = article.querySelector('h2')!;
    expect(heading.id).toBe('title');
    expect((heading as Marked)[mark]).toBe('title');
    // Readability's own wrappers are named readability-*.
    const kept = Array.from(article.querySelectorAll('[id]:not([id^="readability"])')).map((element) => [element.id, (element as Marked)[mark]]);
    expect(kept).toContainEqual(['outer', 'outer']);
    for (const [id, marked] of kept) expect(marked).toBe(id);
  });

  it('takes a short author line as the byline, and not a long one', () => {
    const body = prose('The cooperative ships green bananas to ports across the sea every week.');
    expect(parse(`<html><body><a rel="author">Ana Ruiz</a>${body}</body></html>`)?.byline).toBe('Ana Ruiz');
    const long = 'A very long line that names far too many people to be an author line at all, '.repeat(2);
    expect(parse(`<html><body><div class="byline">${long}</div>${body}</body></html>`)?.byline).toBeFalsy();
  });
});
