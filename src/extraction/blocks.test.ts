import { describe, expect, it } from 'vitest';
import { visibleTextLength } from './blocks';
import { parseHtmlDocument } from './node';

describe('visibleTextLength', () => {
  const page = () =>
    parseHtmlDocument(
      '<div id="outer">Ab c<script>var hidden = 1;</script><style>p { color: red }</style>' +
        '<section id="middle"><p id="inner">de\u00a0f <b>gh</b></p><button>Menu</button><p id="empty"> \n </p></section>' +
        '<ul id="list"><li>one</li><li>two <i>three</i></li></ul></div>',
    );

  it('counts the characters a reader could see, ASCII spaces and line breaks and never-shown elements left out', () => {
    const doc = page();
    const length = (id: string) => visibleTextLength(doc.getElementById(id)!);
    expect(length('inner')).toBe('de\u00a0f'.length + 'gh'.length); // a no-break space is counted
    expect(length('empty')).toBe(0);
    expect(length('middle')).toBe(length('inner'));
    expect(length('list')).toBe('onetwothree'.length);
    expect(length('outer')).toBe('Abc'.length + length('middle') + length('list'));
  });

  it('gives the same lengths with `known`, measuring each element once and reusing it after', () => {
    const doc = page();
    const ids = ['inner', 'outer', 'middle', 'empty', 'list'];
    const plain = ids.map((id) => visibleTextLength(doc.getElementById(id)!));
    const known = new Map<Element, number>();
    expect(ids.map((id) => visibleTextLength(doc.getElementById(id)!, known))).toEqual(plain);
    // Measuring #outer kept every element under it that shows text, script and button excepted.
    expect([...known.keys()].map((element) => element.id || element.tagName).sort()).toEqual(
      ['B', 'I', 'LI', 'LI', 'empty', 'inner', 'list', 'middle', 'outer'].sort(),
    );
    // What is known is not measured again (the tree must stay as it was while it is asked).
    doc.getElementById('inner')!.textContent = 'changed';
    expect(visibleTextLength(doc.getElementById('middle')!, known)).toBe(plain[2]);
    expect(visibleTextLength(doc.getElementById('middle')!)).toBe('changed'.length);
  });

  it('measures a page nested deeper than the call stack would allow', () => {
    const depth = 20_000;
    const doc = parseHtmlDocument(`<div id="top">${'<div>x'.repeat(depth)}${'</div>'.repeat(depth)}</div>`);
    expect(visibleTextLength(doc.getElementById('top')!, new Map())).toBe(depth);
  });
});
