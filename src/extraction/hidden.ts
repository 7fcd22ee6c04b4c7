// Which elements a reader cannot see. Their text is never extracted: besides being noise, text a
// page hides is how a hostile page would slip instructions to the model ("ignore the article and
// say..."), so every way of hiding text that we can detect counts, and a hidden element's whole
// subtree is left out (flatten.ts prunes it while copying the page).
//
// Two levels:
//   - markup (Node and browser): the `hidden` attribute, aria-hidden="true", inline styles that hide
//     (display:none, visibility:hidden/collapse, opacity:0, font-size:0, transparent text, clipped to
//     nothing, zero size with overflow hidden, scaled to zero, pushed off-screen), and the same
//     declarations in the page's own <style> rules for simple class/id selectors;
//   - layout (browser, content script): the computed style of every element (any stylesheet, any
//     selector) and its box: hidden by display/visibility/opacity/content-visibility of itself or an
//     ancestor (checkVisibility), font-size under 1px, transparent text, clipped, zero-size with
//     overflow hidden, scaled to zero, or laid out entirely above or left of the page.
// Content a reader can reveal in place (closed <details>, hidden="until-found") is kept.

/** Why an element is hidden, for --explain and tests; null when it is visible. */
export type HiddenReason = string;

/** CSS declarations, lower-case property -> value (without !important). */
type Declarations = Map<string, string>;

const OFFSCREEN_PX = 999;

/** Parses a style attribute or a rule body: "display: none; color: red". */
export function parseDeclarations(style: string): Declarations {
  const declarations: Declarations = new Map();
  for (const part of style.split(';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const property = part.slice(0, colon).trim().toLowerCase();
    const value = part.slice(colon + 1).replace(/!\s*important/i, '').trim().toLowerCase();
    if (property && value) declarations.set(property, value);
  }
  return declarations;
}

/** Lengths in px (em/rem at 16px); NaN when not a length. */
function toPx(value: string | undefined): number {
  if (!value) return NaN;
  const match = /^(-?[\d.]+)(px|em|rem|pt|%|vw|vh)?$/.exec(value.trim());
  if (!match) return NaN;
  const number = Number(match[1]);
  switch (match[2]) {
    case 'em':
    case 'rem':
      return number * 16;
    case 'pt':
      return (number * 4) / 3;
    case '%':
    case 'vw':
    case 'vh':
      return number === 0 ? 0 : NaN;
    default:
      return number;
  }
}

function isTransparentColor(value: string | undefined): boolean {
  if (!value) return false;
  if (value === 'transparent') return true;
  const alpha = /^(?:rgba|hsla)\([^)]*[,/]\s*([\d.]+%?)\s*\)$/.exec(value) ?? /^(?:rgb|hsl)\([^)]*\/\s*([\d.]+%?)\s*\)$/.exec(value);
  return alpha !== null && parseFloat(alpha[1]!) === 0;
}

function clipsToNothing(clip: string | undefined, clipPath: string | undefined): boolean {
  if (clip && clip.startsWith('rect(')) {
    const numbers = clip.slice(5, -1).split(/[\s,]+/).map((part) => (part === 'auto' ? NaN : toPx(part)));
    const [top, right, bottom, left] = numbers;
    if (numbers.length === 4 && numbers.every(Number.isFinite) && right! - left! <= 1 && bottom! - top! <= 1) return true;
  }
  if (clipPath) {
    const inset = /^inset\(\s*([\d.]+)%/.exec(clipPath);
    if (inset && Number(inset[1]) >= 50) return true;
    if (/^circle\(\s*0(?:px|%)?[\s)]/.test(clipPath)) return true;
  }
  return false;
}

function scalesToZero(transform: string | undefined): boolean {
  if (!transform || transform === 'none') return false;
  if (/scale[xy]?\(\s*0(?:\.0+)?\s*[,)]/.test(transform) || /scale\(\s*[^,)]+,\s*0(?:\.0+)?\s*\)/.test(transform)) return true;
  const matrix = /^matrix\(\s*([-\d.e]+),\s*([-\d.e]+),\s*([-\d.e]+),\s*([-\d.e]+)/.exec(transform);
  return matrix !== null && Number(matrix[1]) * Number(matrix[4]) - Number(matrix[2]) * Number(matrix[3]) === 0;
}

/**
 * Whether these declarations hide the element's text. Works on a style attribute, a rule body, or
 * (with the property names below) a computed style.
 */
export function declarationsHide(get: (property: string) => string | undefined): HiddenReason | null {
  const display = get('display');
  if (display === 'none') return 'display:none';
  const visibility = get('visibility');
  if (visibility === 'hidden' || visibility === 'collapse') return `visibility:${visibility}`;
  if (get('content-visibility') === 'hidden') return 'content-visibility:hidden';
  const opacity = get('opacity');
  if (opacity !== undefined && opacity !== '' && parseFloat(opacity) <= 0.01) return 'opacity:0';
  const fontSize = toPx(get('font-size'));
  if (fontSize < 1) return 'font-size:0';
  if (isTransparentColor(get('color')) || isTransparentColor(get('-webkit-text-fill-color'))) return 'transparent text';
  if (clipsToNothing(get('clip'), get('clip-path'))) return 'clipped';
  if (scalesToZero(get('transform'))) return 'scaled to zero';
  const overflow = `${get('overflow') ?? ''} ${get('overflow-x') ?? ''} ${get('overflow-y') ?? ''}`;
  if (/hidden|clip/.test(overflow)) {
    const width = smallest(toPx(get('width')), toPx(get('max-width')));
    const height = smallest(toPx(get('height')), toPx(get('max-height')));
    if (width <= 1 || height <= 1) return 'zero size, overflow hidden';
  }
  if (toPx(get('text-indent')) <= -OFFSCREEN_PX) return 'off-screen (text-indent)';
  if (toPx(get('margin-left')) <= -OFFSCREEN_PX || toPx(get('margin-top')) <= -OFFSCREEN_PX) return 'off-screen (margin)';
  const position = get('position');
  if (position === 'absolute' || position === 'fixed') {
    if (toPx(get('left')) <= -OFFSCREEN_PX || toPx(get('top')) <= -OFFSCREEN_PX) return 'off-screen (position)';
    if (toPx(get('right')) >= 5 * OFFSCREEN_PX || toPx(get('bottom')) >= 5 * OFFSCREEN_PX) return 'off-screen (position)';
  }
  return null;
}

/** The smaller of two lengths, ignoring those that are not lengths (NaN). */
function smallest(a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b);
}

/** Reasons of the "visually hidden" (screen-reader-only) pattern: clipped to nothing, a 1px box. */
export function isScreenReaderOnlyReason(reason: string): boolean {
  return /clipped|zero size/.test(reason);
}

/** Reasons that hide only an element's own text (children may set a visible size or colour again). */
export function isTextOnlyReason(reason: string): boolean {
  return reason.endsWith('font-size:0}') || reason.endsWith('font-size:0') || reason.endsWith('transparent text') || reason.endsWith('transparent text}');
}

/**
 * Whether an inline style makes inherited invisible text visible again: it must set both a font size
 * of 1px or more and an opaque colour (either alone may leave the other trick in force).
 */
export function resetsTextVisibility(element: Element): boolean {
  const style = element.getAttribute('style');
  if (style === null || !/font-size|color/i.test(style)) return false;
  const declarations = parseDeclarations(style);
  const fontSize = toPx(declarations.get('font-size'));
  const color = declarations.get('color');
  return fontSize >= 1 && color !== undefined && !isTransparentColor(color);
}

/** Hidden by its own attributes: `hidden`, aria-hidden="true", or an inline style that hides. */
export function hiddenByMarkup(element: Element): HiddenReason | null {
  const hidden = element.getAttribute('hidden');
  // hidden="until-found" content is collapsed but findable (e.g. folded wiki sections): keep it.
  if (hidden !== null && hidden !== 'until-found') return 'hidden attribute';
  if (element.getAttribute('aria-hidden') === 'true') return 'aria-hidden';
  const style = element.getAttribute('style');
  if (style === null || !style.includes(':')) return null;
  const declarations = parseDeclarations(style);
  const reason = declarationsHide((property) => declarations.get(property));
  return reason && `inline ${reason}`;
}

/**
 * The page's own <style> rules that hide, for simple selectors (".name", "#id", "tag.name",
 * ".a.b"), outside @media and other at-rules: for Node, where no layout exists. Selectors with
 * combinators or pseudo-classes are skipped (they need a real style engine: the browser path has one).
 */
export class StylesheetHiding {
  private readonly rules: { selector: string; tag: string | null; id: string | null; classes: string[]; reason: HiddenReason }[] = [];
  private readonly byClass = new Map<string, number[]>();
  private readonly byId = new Map<string, number[]>();

  /** Selectors that some @media (or other conditional) block styles again: responsive, not hidden. */
  private readonly conditional = new Set<string>();

  constructor(doc: Document) {
    for (const style of Array.from(doc.getElementsByTagName('style'))) this.addSheet(style.textContent ?? '');
    for (const [key, indexes] of [...this.byClass, ...this.byId]) {
      const kept = indexes.filter((index) => !this.conditional.has(this.rules[index]!.selector));
      if (kept.length === 0) {
        this.byClass.delete(key);
        this.byId.delete(key);
      } else {
        (this.byClass.has(key) ? this.byClass : this.byId).set(key, kept);
      }
    }
  }

  get size(): number {
    return this.rules.length;
  }

  private addSheet(css: string): void {
    const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
    let depth = 0;
    let start = 0;
    let atRule = false;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === '{') {
        if (depth > 0) {
          // A rule inside @media, @supports...: remember its selectors, they may show what a top-level rule hides.
          const selectors = text.slice(start, i).split(/[;{}]/).pop() ?? '';
          for (const selector of selectors.split(',')) this.conditional.add(selector.trim());
          start = i + 1;
        }
        if (depth === 0) {
          const selector = text.slice(start, i).trim();
          atRule = selector.startsWith('@');
          const close = atRule ? -1 : text.indexOf('}', i);
          if (!atRule && close > 0) {
            this.addRule(selector, text.slice(i + 1, close));
            i = close;
            start = close + 1;
            continue;
          }
        }
        depth++;
      } else if (char === '}') {
        depth = Math.max(0, depth - 1);
        start = i + 1;
      }
    }
  }

  private addRule(selectorList: string, body: string): void {
    if (!/display|visibility|opacity|font-size|clip|transform|indent|left|top|color|overflow|content-visibility/i.test(body)) return;
    const declarations = parseDeclarations(body);
    const reason = declarationsHide((property) => declarations.get(property));
    if (!reason) return;
    for (const selector of selectorList.split(',')) {
      const match = /^([a-z][a-z0-9-]*)?((?:[.#][\w-]+)+)$/i.exec(selector.trim());
      if (!match) continue;
      const parts = match[2]!.match(/[.#][\w-]+/g) ?? [];
      const ids = parts.filter((part) => part.startsWith('#')).map((part) => part.slice(1));
      if (ids.length > 1) continue;
      const rule = {
        selector: selector.trim(),
        tag: match[1]?.toUpperCase() ?? null,
        id: ids[0] ?? null,
        classes: parts.filter((part) => part.startsWith('.')).map((part) => part.slice(1)),
        reason: `stylesheet ${selector.trim()} {${reason}}`,
      };
      const index = this.rules.push(rule) - 1;
      const [map, key] = rule.id !== null ? [this.byId, rule.id] : [this.byClass, rule.classes[0]!];
      map.set(key, [...(map.get(key) ?? []), index]);
    }
  }

  /** Why a rule hides `element`, or null. */
  reasonFor(element: Element): HiddenReason | null {
    if (this.rules.length === 0) return null;
    const id = element.getAttribute('id');
    const className = element.getAttribute('class');
    const classes = className ? className.split(/\s+/).filter(Boolean) : [];
    const candidates = [...(id ? (this.byId.get(id) ?? []) : []), ...classes.flatMap((name) => this.byClass.get(name) ?? [])];
    for (const index of candidates) {
      const rule = this.rules[index]!;
      if (rule.tag !== null && rule.tag !== element.tagName.toUpperCase()) continue;
      if (rule.id !== null && rule.id !== id) continue;
      if (rule.classes.every((name) => classes.includes(name))) return rule.reason;
    }
    return null;
  }
}

type VisibilityCheck = (options?: object) => boolean;

/** CSS property name -> its camelCase attribute on CSSStyleDeclaration ("margin-left" -> "marginLeft"). */
const camelNames = new Map<string, string>();

/**
 * Properties hiddenByLayout need not read: checkVisibility() has already ruled out display:none and
 * visibility:hidden/collapse, and the `overflow` shorthand says no more than its longhands, which
 * declarationsHide reads too. Every read counts on big pages (17 per element, 210,000 elements).
 */
const SETTLED_PROPERTIES = new Set(['display', 'visibility', 'overflow']);

const VISIBILITY_OPTIONS = { visibilityProperty: true, opacityProperty: true, contentVisibilityAuto: false };

/** A computed value, read as a camelCase attribute: about twice as fast as getPropertyValue() in Chromium. */
function computedValue(style: CSSStyleDeclaration, property: string): string | undefined {
  if (SETTLED_PROPERTIES.has(property)) return undefined;
  let camel = camelNames.get(property);
  if (camel === undefined) {
    camel = property.replace(/^-webkit-/, 'webkit-').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
    camelNames.set(property, camel);
  }
  const value = (style as unknown as Record<string, unknown>)[camel];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Hidden by layout (browser only): computed style and box. Assumes the ancestors were checked
 * first (flatten.ts walks top-down and prunes hidden subtrees). Returns null where the DOM has no
 * layout (no checkVisibility / getComputedStyle).
 */
export function hiddenByLayout(element: Element): HiddenReason | null {
  const check = (element as Element & { checkVisibility?: VisibilityCheck }).checkVisibility;
  const view = element.ownerDocument.defaultView;
  if (typeof check !== 'function' || !view) return null;
  // Folded content a reader can open (closed <details>, hidden="until-found") is content.
  const folded = () => element.closest('details:not([open]), [hidden="until-found"]') !== null;
  const style = view.getComputedStyle(element);
  // display:contents elements have no box of their own, yet their children render.
  if (style.display === 'contents') return null;
  if (!check.call(element, VISIBILITY_OPTIONS)) {
    return folded() ? null : 'not rendered (display, visibility, opacity or content-visibility)';
  }
  const reason = declarationsHide((property) => computedValue(style, property));
  if (reason && !folded()) return reason;
  if (reason) return null;
  // Laid out entirely above or left of the page: nobody can scroll there.
  const box = element.getBoundingClientRect();
  if (box.width > 0 || box.height > 0) {
    if (box.right + view.scrollX <= 0 || box.bottom + view.scrollY <= 0) return 'off-screen (box)';
  }
  return null;
}

/**
 * Elements that layout could hide, in `doc` (not its shadow trees or frames): those a rule of the
 * page's stylesheets matches whose declarations could hide (hiding values, and any value computed
 * late: var(), calc(), inherit...), as one selector list for querySelectorAll. An element outside
 * this set, with no style attribute and of a tag the browser's own stylesheet never hides, has the
 * computed style its parent passes down, so checking it costs a style lookup and finds nothing: on
 * a page of 200,000 such elements, that was seconds. null when the rules cannot all be read (a
 * cross-origin sheet, a nested or scoped rule that could hide): then every element is checked.
 */
export function layoutSuspects(doc: Document): Set<Element> | null {
  const selectors: string[] = [];
  const sheets = [...Array.from(doc.styleSheets ?? []), ...Array.from((doc as Document & { adoptedStyleSheets?: CSSStyleSheet[] }).adoptedStyleSheets ?? [])];
  try {
    for (const sheet of sheets) if (!sheet.disabled && !collectHidingSelectors(sheet.cssRules, selectors)) return null;
  } catch {
    return null; // a cross-origin sheet's rules cannot be read
  }
  if (selectors.length === 0) return new Set();
  try {
    return new Set(Array.from(doc.querySelectorAll(selectors.join(', '))));
  } catch {
    return null;
  }
}

interface RuleLike {
  selectorText?: string;
  style?: CSSStyleDeclaration;
  cssRules?: CSSRuleList;
  conditionText?: string;
  styleSheet?: CSSStyleSheet | null;
  constructor: { name: string };
}

/** Adds the selectors of rules that could hide; false when a rule that could hide cannot be matched here. */
function collectHidingSelectors(rules: CSSRuleList | undefined, selectors: string[]): boolean {
  for (const rule of Array.from(rules ?? []) as unknown as RuleLike[]) {
    if (typeof rule.selectorText === 'string') {
      if (rule.cssRules && rule.cssRules.length > 0 && anyRuleMayHide(rule.cssRules)) return false; // nested rules: relative selectors
      if (rule.style && declarationsMayHide(rule.style)) {
        for (const selector of splitSelectorList(rule.selectorText)) {
          // Pseudo-elements style generated boxes, never the element's own text nodes.
          if (!PSEUDO_ELEMENT.test(selector.replace(/"[^"]*"|'[^']*'/g, '""'))) selectors.push(selector);
        }
      }
    } else if (rule.styleSheet !== undefined) {
      if (rule.styleSheet && !collectHidingSelectors(rule.styleSheet.cssRules, selectors)) return false; // @import
    } else if (rule.cssRules) {
      // @media, @supports, @container, @layer hold rules that may apply; @scope and unknown groups change what selectors mean.
      const grouping = typeof rule.conditionText === 'string' || rule.constructor.name === 'CSSLayerBlockRule';
      if (grouping ? !collectHidingSelectors(rule.cssRules, selectors) : anyRuleMayHide(rule.cssRules)) return false;
    }
  }
  return true;
}

function anyRuleMayHide(rules: CSSRuleList): boolean {
  return (Array.from(rules) as unknown as RuleLike[]).some(
    (rule) => (rule.style !== undefined && declarationsMayHide(rule.style)) || (rule.cssRules !== undefined && anyRuleMayHide(rule.cssRules)),
  );
}

const PSEUDO_ELEMENT = /::|:(?:before|after|first-line|first-letter)\b/i;

/** "a, b:is(c, d)" -> ["a", "b:is(c, d)"]. */
function splitSelectorList(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const char = list[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(list.slice(start).trim());
  return parts.filter(Boolean);
}

/** Values only known once computed: they could come out as anything. */
const LATE_VALUE = /var\(|env\(|attr\(|calc\(|min\(|max\(|clamp\(|inherit|initial|unset|revert/;

/** Whether a rule's declarations could hide an element's text (see declarationsHide; erring towards yes). */
function declarationsMayHide(style: CSSStyleDeclaration): boolean {
  for (let i = 0; i < style.length; i++) {
    const property = style.item(i);
    const test = MAY_HIDE[property];
    if (!test) continue;
    const value = style.getPropertyValue(property).trim().toLowerCase();
    // A longhand of a shorthand written with var() reads as ''.
    if (value === '' || LATE_VALUE.test(value) || test(value)) return true;
  }
  return false;
}

const negative = (value: string) => value.startsWith('-');
const notNone = (value: string) => value !== 'none';
const mayBeTransparent = (value: string) =>
  isTransparentColor(value) || /transparent|#[\da-f]{3}0\b|#[\da-f]{6}00\b|\/\s*0*\.?0+%?\s*\)|color-mix|light-dark|\bfrom\b/.test(value);
/** Pushed left or up by its right/bottom offset: far, or by a share of its container. */
const farOffset = (value: string) => !/^(?:auto|0|-.*|\d+(?:\.\d+)?px)$/.test(value) || toPx(value) >= 100;

/** Per property: whether a specified value could hide (or move off-screen) the element's text. */
const MAY_HIDE: Record<string, (value: string) => boolean> = {
  display: (value) => value === 'none',
  visibility: (value) => value === 'hidden' || value === 'collapse',
  'content-visibility': (value) => value === 'hidden',
  opacity: (value) => !(parseFloat(value) > 0.01),
  'font-size': (value) => {
    const match = /^([\d.]+)([a-z%]*)$/.exec(value);
    if (!match) return value === 'smaller';
    const number = Number(match[1]);
    const unit = match[2]!;
    if (unit === 'px' || unit === '') return number < 1;
    if (unit === 'pt') return number < 0.75;
    if (unit === '%') return number < 100;
    return number < 1 || !/^(?:em|rem|ex|ch|lh|rlh|cap|ic)$/.test(unit); // viewport and container units
  },
  color: mayBeTransparent,
  '-webkit-text-fill-color': mayBeTransparent,
  clip: (value) => value !== 'auto',
  'clip-path': notNone,
  transform: notNone,
  scale: notNone,
  translate: notNone,
  'overflow-x': (value) => /hidden|clip/.test(value),
  'overflow-y': (value) => /hidden|clip/.test(value),
  overflow: (value) => /hidden|clip/.test(value),
  'text-indent': negative,
  'margin-left': negative,
  'margin-top': negative,
  'margin-inline-start': negative,
  'margin-block-start': negative,
  left: negative,
  top: negative,
  'inset-inline-start': negative,
  'inset-block-start': negative,
  right: farOffset,
  bottom: farOffset,
  'inset-inline-end': farOffset,
  'inset-block-end': farOffset,
  'animation-name': notNone,
};

/**
 * Tags that the browser's own stylesheet never hides nor shrinks, whatever their attributes (the
 * `hidden` attribute and inline styles are read from markup): the rest (dialog, select, media
 * fallback, SVG...) are checked one by one.
 */
const PLAIN_TAGS = new Set(
  ('HTML BODY DIV SPAN P A B I U S EM STRONG SMALL BIG MARK ABBR CITE Q DFN CODE KBD SAMP VAR TIME SUB SUP DEL INS ' +
    'H1 H2 H3 H4 H5 H6 HEADER FOOTER NAV MAIN ARTICLE SECTION ASIDE ADDRESS HGROUP SEARCH BLOCKQUOTE PRE FIGURE FIGCAPTION ' +
    'UL OL LI DL DT DD MENU TABLE CAPTION THEAD TBODY TFOOT TR TD TH COL COLGROUP BR WBR HR IMG PICTURE LABEL FORM FIELDSET LEGEND ' +
    'BUTTON CENTER FONT TT STRIKE NOBR BDI BDO RUBY RT DATA OUTPUT')
    .split(' '),
);

/** Whether an element outside layoutSuspects() and markedElements() still needs its own layout check. */
export function needsOwnLayoutCheck(element: Element, tag: string): boolean {
  return !PLAIN_TAGS.has(tag) || element.namespaceURI !== 'http://www.w3.org/1999/xhtml';
}

/**
 * Elements of `doc` (not its shadow trees or frames) with an attribute that can hide them or make
 * layout do so (hiddenByMarkup; a popover is hidden until opened), found in one query: the rest
 * need no attribute reads of their own. null where the query fails: then every element is read.
 */
export function markedElements(doc: Document): Set<Element> | null {
  try {
    return new Set(Array.from(doc.querySelectorAll('[hidden], [aria-hidden], [style], [popover]')));
  } catch {
    return null;
  }
}
