// Builds a detached copy of the page for extraction, without touching the page itself.
//
// The copy is "flattened": shadow roots (closed ones too, in a content script: shadow.ts) are rendered
// in place of their host's light children (with <slot>s filled), and same-origin iframes become a
// <div> holding the frame's body. Hidden subtrees are left out. Every copied element carries a stamp
// attribute (an index into a table of the original elements), so passages found in the copy - even
// after Readability has moved and re-tagged things - map back to the live element they came from.
//
// Locators: a path of element indices from the document root, "/"-separated. "#shadow" steps into
// the shadow root of the element reached so far, "#frame" into the document of that iframe.
// Example: "0/1/4/#shadow/0/2" = html > body > 5th child > (shadow root) > 1st child > 3rd child.

import { visibleTextLength } from './blocks';
import {
  hiddenByLayout,
  hiddenByMarkup,
  isScreenReaderOnlyReason,
  isTextOnlyReason,
  layoutSuspects,
  markedElements,
  needsOwnLayoutCheck,
  resetsTextVisibility,
  StylesheetHiding,
} from './hidden';
import { shadowRootOf } from './shadow';

/**
 * Where a copied node keeps its stamp: a property of the copy's own node objects, out of the page's reach (a
 * detached copy; in a content script, its world's own wrappers). Not a Map: on a page of 400,000 nodes, the Maps'
 * upkeep was a fifth of the reading. Not an attribute either: every DOM walk would pass one more node per element,
 * Readability's included (on wikipedia-2 in Node, Readability took 12 % longer with them).
 */
export const STAMP = Symbol('stamp');
type Stamped = Node & { [STAMP]?: number };

const SHADOW_STEP = '#shadow';
const FRAME_STEP = '#frame';

/** Elements whose content is never rendered, so visibility checks don't apply to them. */
const NEVER_RENDERED = new Set(['HEAD', 'TITLE', 'META', 'LINK', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'BASE']);

export interface FlattenOptions {
  /**
   * Use the browser's layout to drop elements hidden by CSS (Element.checkVisibility).
   * Default: on where the DOM implements it.
   */
  computedStyle?: boolean;
  /** Told of each hidden element left out, and why (for --explain). */
  onHidden?: (element: Element, reason: string) => void;
  /** Elements left out with all they hold, not being the page's (the extension's own in-page UI). */
  skip?: (element: Element) => boolean;
  /**
   * Elements `skip` will leave out, where the caller knows them before copying (navigation on a page too big
   * for Readability, often its bulk): the copy is made around them, not made whole and then cut.
   */
  skipped?: readonly Element[];
}

export interface FlatCopy {
  /** Detached, stamped copy of the page. Safe to mutate. */
  doc: Document;
  /** Number of elements copied. */
  elementCount: number;
  /** The live element a stamped copy element was made from. */
  originalOf(copy: Element): Element | null;
  /**
   * Stamp of a copy element or its nearest stamped ancestor. Stamps follow document order
   * (flattened): a smaller stamp comes earlier on the page.
   */
  stampOf(copy: Element): number | null;
  /** Locator of the live element a copy element (or its nearest stamped ancestor) was made from. */
  locatorOf(copy: Element): string;
  /**
   * Stamp of the live element a copied text node sat in. Works after Readability has re-wrapped
   * the text in new elements, since it moves text nodes rather than recreating them.
   */
  stampOfText(copy: Node): number | null;
  /** Locator of the innermost live element that contains all the stamped elements. */
  locatorOfStamps(stamps: number[]): string;
  /**
   * Readies the copy for Readability, which rewrites it: writes each text node's stamp onto it (Readability
   * moves text into elements of its own), and removes the comments (Readability takes one for the end of a
   * paragraph's phrasing content). Until then a text node's stamp is its parent's unless it says otherwise, and
   * the comments do no harm. Readability is to carry the STAMP property where it re-creates an element.
   */
  prepareForRewrite(): void;
  /** The copy's elements by stamp. */
  byStamp(): Map<number, Element>;
}

interface StampRecord {
  original: Element;
  copy: Element;
  /** Stamp of the element the path continues from, or -1 at the document root. */
  parent: number;
  /** Path step(s) from the parent: "3", or "#shadow/3", "#frame/0/1". */
  step: string;
}

/** A shadow host whose tree is being copied: its light children fill the tree's <slot>s. */
interface HostScope {
  element: Element;
  stamp: number;
  /** The host the host itself sits in, when shadow trees nest. */
  outer: HostScope | null;
}

/** What the children of one copied element share. */
interface ParentScope {
  /** Where children not yet copied are copied to: the parent's copy (the host's or slot's for shadow and slotted children). */
  copyParent: Node;
  /** Stamp the locator continues from (the host for shadow and slotted children). */
  parentStamp: number;
  /** Set while copying a shadow tree. */
  host: HostScope | null;
  /** Element inside <head>: never hidden. */
  inHead: boolean;
  /** Copy as a plain <div> (a same-origin frame's body, folded into the page). */
  asDiv: boolean;
  /** The parent's own text cannot be seen (font-size 0, transparent): leave text nodes out. */
  textHidden: boolean;
  /** Inline styles above made text invisible, unless this element's own inline style resets it (Node). */
  inheritedTextHidden: boolean;
  /** Check each element's layout whatever the page's rules say (see Visibility.checkBelow). */
  checkLayout: boolean;
}

interface PendingNode {
  source: Node;
  /** The source element's copy, made by the deep copy of an ancestor; null when not yet copied (and for text). */
  copy: Element | null;
  /** Locator step from the scope's parentStamp, for elements. */
  step: string;
  scope: ParentScope;
}

export function flattenDocument(doc: Document, options: FlattenOptions = {}): FlatCopy {
  const copyDoc = doc.cloneNode(false) as Document;
  const records: StampRecord[] = [];
  const isHidden = makeHiddenCheck(doc, options);
  // Subtrees are copied whole (importNode deep: the browser copies them natively, their text never read into
  // script), then walked beside the page, and what the walk leaves out is removed from the copy. Elements
  // holding a known skipped one, and what renders elsewhere (shadow trees, slotted children, frames), are
  // copied one level at a time instead.
  const holdsSkipped = ancestorsOf(options.skipped ?? []);
  const place = <T extends Node>(copy: Node | null, node: T, parent: Node): T => {
    if (copy) copy.parentNode!.replaceChild(node, copy);
    else parent.appendChild(node);
    return node;
  };

  const root = doc.documentElement;
  const stack: PendingNode[] = [];
  if (root) {
    const scope: ParentScope = {
      copyParent: copyDoc,
      parentStamp: -1,
      host: null,
      inHead: false,
      asDiv: false,
      textHidden: false,
      inheritedTextHidden: false,
      checkLayout: false,
    };
    stack.push({ source: root, copy: null, step: '0', scope });
  }

  while (stack.length > 0) {
    const { source, copy: madeCopy, step, scope } = stack.pop()!;
    const nodeType = source.nodeType;
    // Text and comments come here only where their parent's copy is made one level at a time (text in a
    // whole copy stays as the deep import made it: see pushChildren).
    if (nodeType === TEXT_NODE || nodeType === CDATA_NODE) {
      if (scope.textHidden) continue;
      const text = scope.copyParent.appendChild(copyDoc.createTextNode(source.nodeValue ?? ''));
      if (scope.parentStamp >= 0) (text as Stamped)[STAMP] = scope.parentStamp;
      continue;
    }
    if (nodeType !== ELEMENT_NODE) continue;
    const element = source as Element;
    const tag = element.tagName.toUpperCase();
    const inHead = scope.inHead || tag === 'HEAD';
    const visibility = inHead || NEVER_RENDERED.has(tag) ? VISIBLE : isHidden(element, tag, scope.inheritedTextHidden, scope.checkLayout);
    if (visibility.prune || options.skip?.(element)) {
      madeCopy?.parentNode!.removeChild(madeCopy);
      continue;
    }

    const stamp = records.length;
    const frameBody = tag === 'IFRAME' || tag === 'FRAME' ? (frameDocument(element)?.body ?? null) : null;
    // Whether the copy holds copies of the element's children, each paired with its source below.
    let whole = false;
    let copy: Element;
    if (scope.asDiv || frameBody !== null) {
      copy = place(madeCopy, copyDoc.createElement('div'), scope.copyParent);
    } else if (madeCopy !== null) {
      copy = madeCopy;
      whole = true;
    } else {
      whole = !holdsSkipped.has(element);
      copy = place(null, copyDoc.importNode(element, whole) as Element, scope.copyParent);
    }
    records.push({ original: element, copy, parent: scope.parentStamp, step });
    (copy as Stamped)[STAMP] = stamp;

    const shadow = shadowRootOf(element);
    const childScope: ParentScope = {
      copyParent: copy,
      parentStamp: stamp,
      host: scope.host,
      inHead,
      asDiv: frameBody !== null,
      textHidden: visibility.textHidden,
      inheritedTextHidden: visibility.inheritTextHidden,
      // Shadow trees (slotted children included) and frames have style rules of their own, and text-hiding values pass down.
      checkLayout: scope.checkLayout || visibility.checkBelow === true || Boolean(shadow) || frameBody !== null,
    };
    const slotted = tag === 'SLOT' && scope.host ? assignedNodes(element as HTMLSlotElement, scope.host.element) : [];
    // A shadow tree or the host's light children a slot shows render instead of the children copied.
    if (whole && (shadow || slotted.length > 0)) copy.replaceChildren();
    if (frameBody) {
      stack.push({ source: frameBody, copy: null, step: `${FRAME_STEP}/0/${elementIndex(frameBody)}`, scope: { ...childScope, host: null } });
    } else if (shadow) {
      pushChildren(stack, shadow, null, `${SHADOW_STEP}/`, { ...childScope, host: { element, stamp, outer: scope.host } });
    } else if (slotted.length > 0) {
      // Their locator continues from the host.
      const host = scope.host!;
      const slottedScope: ParentScope = { ...childScope, parentStamp: host.stamp, host: host.outer };
      for (let i = slotted.length - 1; i >= 0; i--) {
        const node = slotted[i]!;
        stack.push({ source: node, copy: null, step: node.nodeType === ELEMENT_NODE ? String(elementIndex(node as Element)) : '', scope: slottedScope });
      }
    } else {
      pushChildren(stack, element, whole ? copy : null, '', childScope);
    }
  }

  let textStampsWritten = false;
  const stampOf = (copy: Element): number | null => {
    for (let el: Element | null = copy; el; el = el.parentElement) {
      const stamp = ownStamp(el);
      if (stamp !== null) return stamp;
    }
    return null;
  };
  return {
    doc: copyDoc,
    elementCount: records.length,
    stampOf,
    originalOf: (copy) => {
      const stamp = ownStamp(copy);
      return stamp === null ? null : (records[stamp]?.original ?? null);
    },
    locatorOf: (copy) => {
      const stamp = stampOf(copy);
      return stamp === null ? '' : locatorOfStamp(records, stamp);
    },
    stampOfText: (copy) => {
      const stamp = (copy as Stamped)[STAMP];
      if (stamp !== undefined || textStampsWritten) return stamp ?? null;
      const parent = copy.parentElement;
      return parent ? ownStamp(parent) : null;
    },
    locatorOfStamps: (stamps) => {
      const common = commonStamp(records, stamps);
      return common === null ? '' : locatorOfStamp(records, common);
    },
    prepareForRewrite: () => {
      settleTextAndComments(copyDoc);
      textStampsWritten = true;
    },
    byStamp: () => new Map(records.map((record, stamp) => [stamp, record.copy])),
  };
}

/**
 * A clone of a stamped copy (FlatCopy.doc, or a clone of it), its elements stamped as the copy's are (not its text
 * nodes), with its elements by stamp: to keep as it is while Readability rewrites the copy, and for Readability's
 * retries.
 */
export function stampedClone(copy: Document): { doc: Document; byStamp: Map<number, Element> } {
  const clone = copy.cloneNode(true) as Document;
  const byStamp = new Map<number, Element>();
  // The clone's elements come in the same order as the copy's.
  const sources = copy.getElementsByTagName('*');
  const clones = clone.getElementsByTagName('*');
  for (let i = 0; i < clones.length; i++) {
    const stamp = (sources[i] as Stamped)[STAMP];
    if (stamp === undefined) continue;
    (clones[i] as Stamped)[STAMP] = stamp;
    byStamp.set(stamp, clones[i]!);
  }
  return { doc: clone, byStamp };
}

/** A copy element's own stamp (not its ancestors'), or null for an element the copy did not make (one Readability made). */
export function ownStamp(element: Element): number | null {
  return (element as Stamped)[STAMP] ?? null;
}

/** The live element a locator points at, or null when the page no longer has it. */
export function resolveLocator(doc: Document, locator: string): Element | null {
  if (!locator) return null;
  let scope: ParentNode = doc;
  let current: Element | null = null;
  for (const step of locator.split('/')) {
    if (step === SHADOW_STEP) {
      const shadow = current ? shadowRootOf(current) : null;
      if (!shadow) return null;
      scope = shadow;
    } else if (step === FRAME_STEP) {
      const frameDoc = current ? frameDocument(current) : null;
      if (!frameDoc) return null;
      scope = frameDoc;
    } else {
      const index = Number(step);
      if (!Number.isInteger(index) || index < 0) return null;
      current = scope.children[index] ?? null;
      if (!current) return null;
      scope = current;
    }
  }
  return current;
}

// ---------------------------------------------------------------------------------------------

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_NODE = 4;

/**
 * Pushes the children of `parent` in reverse, so that the first is walked first (document order). Where
 * `copy` is the parent's whole copy, only the elements, each with its copy: the text is there already (its
 * stamp is its parent's), unless the parent's own text is hidden, which goes now.
 */
function pushChildren(stack: PendingNode[], parent: ParentNode & Node, copy: Element | null, prefix: string, scope: ParentScope): void {
  // Gathered in document order, where each element's index among its siblings is known, then pushed in reverse.
  const from = stack.length;
  if (copy === null) {
    let index = 0;
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      stack.push({ source: node, copy: null, step: node.nodeType === ELEMENT_NODE ? `${prefix}${index++}` : '', scope });
    }
  } else {
    if (scope.textHidden) {
      for (let node = copy.firstChild; node; ) {
        const next = node.nextSibling;
        if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_NODE) copy.removeChild(node);
        node = next;
      }
    }
    let index = 0;
    for (let node = parent.firstElementChild, counterpart = copy.firstElementChild; node && counterpart; node = node.nextElementSibling, counterpart = counterpart.nextElementSibling) {
      stack.push({ source: node, copy: counterpart, step: `${prefix}${index++}`, scope });
    }
  }
  reverseFrom(stack, from);
}

function reverseFrom<T>(items: T[], from: number): void {
  for (let i = from, j = items.length - 1; i < j; i++, j--) [items[i], items[j]] = [items[j]!, items[i]!];
}

/**
 * Gives each text node of the copy its stamp (its parent's, where it has none of its own), turns CDATA
 * sections into text, and removes comments and processing instructions, as a copy made node by node would.
 */
function settleTextAndComments(copyDoc: Document): void {
  const pending: Node[] = [copyDoc];
  while (pending.length > 0) {
    const parent = pending.pop()!;
    for (let node = parent.firstChild; node; ) {
      const next = node.nextSibling;
      const nodeType = node.nodeType;
      if (nodeType === ELEMENT_NODE) {
        pending.push(node);
      } else if (nodeType === TEXT_NODE || nodeType === CDATA_NODE) {
        const stamp = (node as Stamped)[STAMP] ?? ownStamp(parent as Element);
        const text = nodeType === TEXT_NODE ? node : parent.insertBefore(copyDoc.createTextNode(node.nodeValue ?? ''), node);
        if (text !== node) parent.removeChild(node);
        if (stamp !== null) (text as Stamped)[STAMP] = stamp;
      } else {
        parent.removeChild(node);
      }
      node = next;
    }
  }
}

/** The elements holding any of `elements`. */
function ancestorsOf(elements: readonly Element[]): Set<Element> {
  const ancestors = new Set<Element>();
  for (const element of elements) {
    for (let parent = element.parentElement; parent && !ancestors.has(parent); parent = parent.parentElement) ancestors.add(parent);
  }
  return ancestors;
}

/** Light children of `host` rendered in `slot`: from the browser if it knows, else by slot name. */
function assignedNodes(slot: HTMLSlotElement, host: Element): Node[] {
  if (typeof slot.assignedNodes === 'function') return slot.assignedNodes();
  const name = slot.getAttribute('name') ?? '';
  const nodes: Node[] = [];
  for (let node = host.firstChild; node; node = node.nextSibling) {
    const slotName = node.nodeType === ELEMENT_NODE ? ((node as Element).getAttribute('slot') ?? '') : '';
    if (slotName === name && (node.nodeType === ELEMENT_NODE || node.nodeType === TEXT_NODE)) nodes.push(node);
  }
  return nodes;
}

function locatorOfStamp(records: StampRecord[], stamp: number): string {
  const steps: string[] = [];
  for (let s = stamp; s >= 0; s = records[s]!.parent) steps.push(records[s]!.step);
  return steps.reverse().join('/');
}

/** The innermost stamp whose element contains all of `stamps` (their common ancestor). */
function commonStamp(records: StampRecord[], stamps: number[]): number | null {
  let common: number | null = null;
  for (const stamp of stamps) {
    if (common === null) {
      common = stamp;
      continue;
    }
    // An element's stamp is larger than its parent's (stamps are handed out walking down), so the larger of
    // the two is never their common ancestor: step it up until they meet.
    let other = stamp;
    while (common !== other) {
      if (common < 0 || other < 0) return null;
      if (common > other) common = records[common]!.parent;
      else other = records[other]!.parent;
    }
  }
  return common;
}

function elementIndex(element: Element): number {
  let index = 0;
  for (let el = element.previousElementSibling; el; el = el.previousElementSibling) index++;
  return index;
}

function frameDocument(element: Element): Document | null {
  try {
    return (element as HTMLIFrameElement).contentDocument ?? null;
  } catch {
    return null; // cross-origin frames throw in some browsers
  }
}

interface Visibility {
  /** Leave the element and everything in it out. */
  prune: boolean;
  /** Leave the element's own text nodes out (its children are judged on their own). */
  textHidden: boolean;
  /** Node only: children inherit invisible text unless their inline style resets it. */
  inheritTextHidden: boolean;
  /** Browser: the element's computed style hides text in a way its descendants inherit: check each of them. */
  checkBelow?: boolean;
}

const VISIBLE: Visibility = { prune: false, textHidden: false, inheritTextHidden: false };
const PRUNE: Visibility = { prune: true, textHidden: true, inheritTextHidden: true };

type HiddenCheck = (element: Element, tag: string, inheritedTextHidden: boolean, checkLayout: boolean) => Visibility;

/**
 * Hidden elements (see hidden.ts): by markup and the page's simple <style> rules always, and by
 * computed style and layout where the DOM has them. Every element is checked (no budget): text a
 * page hides must never reach the model, however large the page. Layout is read for the elements
 * whose style could differ from what their parent passes down (hidden.ts, layoutSuspects), and for
 * every element below one whose invisible text its children inherit.
 *
 * Invisible text (font-size 0, transparent colour) hides only the element's own text: layouts set
 * font-size:0 on a row to remove the gaps between its blocks, which set their own size again.
 * Without layout (Node), a <style> rule that hides an element holding most of the page's text is
 * taken for a page that reveals itself with script (body.fadein {opacity:0}, tabs): the browser
 * path sees the page as it is once shown. Nor, in Node, do "visually hidden" classes (clipped to
 * nothing, 1px boxes): sites put headings for screen readers there, which Readability keeps; in the
 * browser the computed style drops them all the same.
 */
function makeHiddenCheck(doc: Document, options: FlattenOptions): HiddenCheck {
  const probe = doc.documentElement as (Element & { checkVisibility?: unknown }) | null;
  const layout =
    options.computedStyle !== false && typeof probe?.checkVisibility === 'function' && typeof doc.defaultView?.getComputedStyle === 'function';
  const stylesheets = layout ? null : new StylesheetHiding(doc);
  const marked = markedElements(doc);
  const suspects = layout ? layoutSuspects(doc) : null;
  // Shadow trees and frames are outside both queries: flattenDocument sets checkLayout for all they hold
  // (asking each element for its ownerDocument instead costs ~0.1 s on a page of 200,000 in a content script).
  const mayBeMarked = (element: Element, checkLayout: boolean) => checkLayout || marked === null || marked.has(element);
  const mayHideByLayout = (element: Element, tag: string, checkLayout: boolean) =>
    suspects === null || suspects.has(element) || mayBeMarked(element, checkLayout) || needsOwnLayoutCheck(element, tag);
  // The page is only read while it is copied: each element's text is measured once.
  const textLengths = new Map<Element, number>();
  let pageText = -1;
  const holdsMostOfPage = (element: Element) => {
    if (pageText < 0) pageText = doc.body ? visibleTextLength(doc.body, textLengths) : 0;
    return visibleTextLength(element, textLengths) >= 0.5 * pageText;
  };
  const hide = (element: Element, reason: string): Visibility => {
    options.onHidden?.(element, reason);
    return PRUNE;
  };
  return (element, tag, inheritedTextHidden, checkLayout) => {
    const markup = mayBeMarked(element, checkLayout) ? hiddenByMarkup(element) : null;
    if (markup !== null && !isTextOnlyReason(markup)) return hide(element, markup);
    let textHidden = markup !== null;
    const inheritTextHidden = !layout && (textHidden || (inheritedTextHidden && !resetsTextVisibility(element)));
    if (stylesheets !== null) {
      const rule = stylesheets.reasonFor(element);
      if (rule !== null && isTextOnlyReason(rule)) textHidden = true;
      else if (rule !== null && !isScreenReaderOnlyReason(rule) && !holdsMostOfPage(element)) return hide(element, rule);
    }
    let checkBelow = false;
    if (layout && mayHideByLayout(element, tag, checkLayout)) {
      const reason = hiddenByLayout(element);
      if (reason !== null && isTextOnlyReason(reason)) textHidden = checkBelow = true;
      else if (reason !== null) return hide(element, reason);
    }
    textHidden ||= inheritTextHidden;
    if (textHidden) noteHiddenText(element, options);
    return textHidden || inheritTextHidden ? { prune: false, textHidden, inheritTextHidden, checkBelow } : VISIBLE;
  };
}

/** Reports an element's own invisible text to onHidden. */
function noteHiddenText(element: Element, options: FlattenOptions): void {
  if (!options.onHidden) return;
  let own = '';
  for (let node = element.firstChild; node; node = node.nextSibling) if (node.nodeType === TEXT_NODE) own += node.nodeValue ?? '';
  if (/\S/.test(own)) {
    const carrier = element.ownerDocument.createElement('span');
    carrier.textContent = own;
    options.onHidden(carrier, 'invisible text (font-size 0 or transparent colour)');
  }
}

/** Hidden by attributes alone: `hidden`, aria-hidden, inline styles that hide (see hidden.ts). */
export function isHiddenByMarkup(element: Element): boolean {
  return hiddenByMarkup(element) !== null;
}
