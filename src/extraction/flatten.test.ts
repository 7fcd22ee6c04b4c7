import { afterEach, describe, expect, it } from 'vitest';
import { flattenDocument, stampedClone } from './flatten';
import { parseHtmlDocument } from './node';
import { browserPage, closeBrowserPages } from './test-support';

afterEach(closeBrowserPages);

function textNodes(root: Node): Node[] {
  const found: Node[] = [];
  for (let node = root.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 3) found.push(node);
    else found.push(...textNodes(node));
  }
  return found;
}

function comments(root: Node): number {
  let count = 0;
  for (let node = root.firstChild; node; node = node.nextSibling) count += node.nodeType === 8 ? 1 : comments(node);
  return count;
}

describe('flattenDocument', () => {
  it("gives each copied text node its element's stamp, and keeps it when Readability would move the text", () => {
    const doc = parseHtmlDocument('<html><body><div><p>First <b>bold</b> words</p><!-- a note --><p>Second</p></div></body></html>');
    const flat = flattenDocument(doc, { computedStyle: false });
    const stampOfParent = (text: Node) => Number(flat.stampOf(text.parentElement!));
    for (const text of textNodes(flat.doc)) expect(flat.stampOfText(text)).toBe(stampOfParent(text));

    flat.prepareForRewrite();
    expect(comments(flat.doc)).toBe(0); // Readability reads a comment as the end of a paragraph's phrasing content
    const bold = flat.doc.querySelector('b')!;
    const boldText = bold.firstChild!;
    const stamp = flat.stampOfText(boldText);
    // Moved into an element of Readability's own making, the text still says where it came from.
    flat.doc.body!.appendChild(flat.doc.createElement('p')).appendChild(boldText);
    expect(flat.stampOfText(boldText)).toBe(stamp);
    expect(flat.originalOf(bold)?.textContent).toBe('bold');
    // Text Readability makes itself has none.
    expect(flat.stampOfText(flat.doc.body!.appendChild(flat.doc.createTextNode('new')))).toBeNull();
  });

  it('makes stamped clones of the copy, leaving no attribute in either', () => {
    const doc = parseHtmlDocument('<html><body><div id="a"><p>First <b>bold</b> words</p><p>Second</p></div></body></html>');
    const flat = flattenDocument(doc, { computedStyle: false });
    flat.prepareForRewrite();
    const { doc: clone, byStamp } = stampedClone(flat.doc);
    const copies = Array.from(flat.doc.getElementsByTagName('*'));
    const clones = Array.from(clone.getElementsByTagName('*'));
    expect(clones.map((element) => element.localName)).toEqual(copies.map((element) => element.localName));
    expect(clones.map((element) => flat.stampOf(element))).toEqual(copies.map((element) => flat.stampOf(element)));
    expect(new Set(clones.map((element) => flat.stampOf(element))).size).toBe(clones.length);
    for (const element of clones) expect(byStamp.get(flat.stampOf(element)!)).toBe(element);
    expect(flat.originalOf(clone.querySelector('b')!)).toBe(doc.querySelector('b'));
    // Changing the copy leaves the clone as it was.
    flat.doc.querySelector('b')!.remove();
    expect(clone.querySelector('b')?.textContent).toBe('bold');
    for (const element of [...copies, ...clones]) expect(element.getAttributeNames().filter((name) => name !== 'id')).toEqual([]);
  });

  it("stamps text a slot shows with its host's stamp, not the slot's", () => {
    const doc = browserPage('<html><body><x-card><span slot="a">Span text</span>Loose text</x-card></body></html>');
    const host = doc.querySelector('x-card')!;
    host.attachShadow({ mode: 'open' }).innerHTML = '<div><slot name="a"></slot><slot></slot></div>';
    const flat = flattenDocument(doc, { computedStyle: false });
    const loose = textNodes(flat.doc).find((text) => text.nodeValue === 'Loose text')!;
    const hostCopy = flat.doc.querySelector('x-card')!;
    expect(loose.parentElement?.localName).toBe('slot');
    expect(flat.stampOfText(loose)).toBe(flat.stampOf(hostCopy));
    flat.prepareForRewrite();
    expect(flat.stampOfText(loose)).toBe(flat.stampOf(hostCopy));
  });
});
