// Text a page hides never reaches the model: each way of hiding, in Node (markup and the page's own
// <style> rules) and in a browser-like DOM (computed styles).
import { afterAll, describe, expect, it } from 'vitest';
import { extractPage } from './extract';
import { declarationsHide, layoutSuspects, parseDeclarations } from './hidden';
import { extractHtml } from './node';
import { browserPage, closeBrowserPages } from './test-support';

afterAll(closeBrowserPages);

const prose = (lead: string) =>
  `${lead} is where the article makes its point with a sentence long enough to read as prose, and then another one follows it.`;

/** Each hostile snippet carries the word SECRET; none of it may be extracted. */
const HIDING_MARKUP = [
  '<p hidden>SECRET hidden attribute</p>',
  '<p aria-hidden="true">SECRET aria-hidden</p>',
  '<p style="display:none">SECRET display none</p>',
  '<p style="visibility: hidden">SECRET visibility hidden</p>',
  '<p style="opacity:0">SECRET opacity zero</p>',
  '<p style="font-size:0">SECRET font size zero</p>',
  '<p style="color: transparent">SECRET transparent text</p>',
  '<p style="position:absolute; left:-10000px">SECRET off-screen left</p>',
  '<p style="position:absolute; top:-9999px">SECRET off-screen top</p>',
  '<p style="text-indent:-9999px; overflow:hidden">SECRET text indent</p>',
  '<p style="position:absolute; clip: rect(0 0 0 0)">SECRET clipped</p>',
  '<p style="clip-path: inset(50%)">SECRET clip path</p>',
  '<p style="width:1px;height:1px;overflow:hidden">SECRET one pixel</p>',
  '<p style="max-height:0; overflow:hidden">SECRET collapsed</p>',
  '<p style="transform: scale(0)">SECRET scaled to zero</p>',
  '<div style="display:none"><p>SECRET inside a hidden parent</p></div>',
  '<div style="font-size:0"><p>SECRET inherits font size zero</p><p style="color:red">SECRET colour alone</p></div>',
  '<div style="color:transparent"><span>SECRET inherits transparent text</span></div>',
  '<p class="hide-me">SECRET class rule</p>',
  '<p id="gone">SECRET id rule</p>',
  '<p class="x tiny">SECRET two-class rule</p>',
];
const STYLE = '<style>.hide-me { display: none !important } #gone{visibility:hidden} p.x.tiny { font-size: 0px }</style>';

function hostilePage(): string {
  return `<!DOCTYPE html><html lang="en"><head><title>Hostile</title>${STYLE}</head><body><article><h1>Title</h1>
    <p>${prose('The first paragraph')}</p>
    ${HIDING_MARKUP.join('\n')}
    <p>${prose('The second paragraph')}</p>
    <p>${prose('The third paragraph')}</p>
  </article></body></html>`;
}

describe('hidden text', () => {
  it('is never extracted in Node (markup and simple <style> rules)', () => {
    const extracted = extractHtml(hostilePage());
    expect(extracted.text).toContain('The second paragraph');
    expect(extracted.text).not.toContain('SECRET');
  });

  it('is never extracted from a live page (computed styles)', () => {
    const extracted = extractPage(browserPage(hostilePage()));
    expect(extracted.text).toContain('The second paragraph');
    expect(extracted.text).not.toContain('SECRET');
  });

  it('is never extracted from a live page when rules need a style engine, though only suspect elements are checked', () => {
    // Combinators, @media/@supports, var(), selector lists and inherited invisible text: each could only be
    // missed by reading too few computed styles (hidden.ts, layoutSuspects).
    const rules = `<style>
      article > div.box p:nth-child(2) { display: none }
      @media screen { .m { visibility: hidden } }
      @supports (display: grid) { .s { opacity: 0 } }
      .v { --o: 0; opacity: var(--o) }
      .fade { color: rgba(0, 0, 0, 0) }
      .tiny { font-size: 0.4px }
      .pair:is(.x, .y) { display: none }
    </style>`;
    const secrets = [
      '<div class="box"><p>Box first line stays.</p><p>SECRET second child</p></div>',
      '<p class="m">SECRET media rule</p>',
      '<p class="s">SECRET supports rule</p>',
      '<p class="v">SECRET opacity from a variable</p>',
      '<div class="fade"><p><span>SECRET inherits a transparent colour</span></p></div>',
      '<div class="tiny"><p><b>SECRET inherits a tiny size</b></p></div>',
      '<p class="pair y">SECRET selector list</p>',
    ];
    const doc = browserPage(`<!DOCTYPE html><html><head><title>Rules</title>${rules}</head><body><article><h1>Title</h1>
      <p>${prose('The first paragraph')}</p>${secrets.join('\n')}<p>${prose('The last paragraph')}</p></article></body></html>`);
    const suspects = layoutSuspects(doc);
    expect(suspects?.size).toBeLessThan(doc.getElementsByTagName('*').length / 2);
    const extracted = extractPage(doc);
    expect(extracted.text).toContain('The last paragraph');
    expect(extracted.text).toContain('Box first line stays.');
    expect(extracted.text).not.toContain('SECRET');
  });

  it('checks every element where the rules cannot all be matched', () => {
    const page = (css: string) => browserPage(`<html><head><style>${css}</style></head><body><p class="a">Text</p></body></html>`);
    expect(layoutSuspects(page('.a { color: red } @media print { .b { color: blue } }'))?.size).toBe(0);
    expect(layoutSuspects(page('.a { color: red } .a::before { display: none }'))?.size).toBe(0);
    expect(layoutSuspects(page('@scope (.card) { p { display: none } }'))).toBeNull();
  });

  it('keeps the children of a font-size:0 row and a page that fades itself in (Node)', () => {
    const extracted = extractHtml(`<!DOCTYPE html><html><head><style>.row{font-size:0} body.fadein{opacity:0}</style></head>
      <body class="fadein"><article><div class="row"><p>${prose('Row paragraph')}</p><p>${prose('Second row paragraph')}</p></div>
      <div style="font-size:0"><p style="font-size:16px;color:#222">${prose('Reset paragraph')}</p></div>
      <p>${prose('Closing paragraph')}</p></article></body></html>`);
    for (const lead of ['Row paragraph', 'Second row paragraph', 'Reset paragraph', 'Closing paragraph']) expect(extracted.text).toContain(lead);
  });

  it('keeps text that is only styled, not hidden', () => {
    const visible = [
      'position:absolute; left:10px',
      'opacity: 0.8',
      'font-size: 12px',
      'overflow:hidden; height: 300px',
      'text-indent: 2em',
      'transform: scale(1.1)',
      'color: rgba(0, 0, 0, 0.7)',
    ];
    for (const style of visible) {
      const declarations = parseDeclarations(style);
      expect(declarationsHide((property) => declarations.get(property)), style).toBeNull();
    }
    const extracted = extractHtml(`<article>${visible.map((style) => `<p style="${style}">${prose(`Styled ${style}`)}</p>`).join('')}</article>`);
    for (const style of visible) expect(extracted.text).toContain(`Styled ${style}`);
  });
});
