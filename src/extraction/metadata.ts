// Page metadata read straight from markup: used when Readability found no article at all
// (it only reports metadata along with an article), and for language and direction.

export interface PageMetadata {
  title: string;
  byline: string | null;
  siteName: string | null;
  excerpt: string | null;
}

export function readMetadata(doc: Document): PageMetadata {
  const h1 = doc.body?.getElementsByTagName('h1')[0];
  return {
    title: firstText([meta(doc, 'og:title'), meta(doc, 'twitter:title'), doc.title, h1?.textContent]) ?? '',
    byline: firstText([meta(doc, 'author'), meta(doc, 'article:author'), meta(doc, 'dc.creator')].filter(notUrl)),
    siteName: firstText([meta(doc, 'og:site_name'), meta(doc, 'application-name')]),
    excerpt: firstText([meta(doc, 'description'), meta(doc, 'og:description'), meta(doc, 'twitter:description')]),
  };
}

/** Declared language: <html lang>, else a Content-Language meta. */
export function readLanguage(doc: Document): string | null {
  const declared = doc.documentElement?.getAttribute('lang') ?? httpEquiv(doc, 'content-language');
  return declared?.trim() || null;
}

export type TextDirection = 'ltr' | 'rtl';

/** Declared direction of `element` or its nearest ancestor that declares one. */
export function readDirection(element: Element | null): TextDirection | null {
  for (let el = element; el; el = el.parentElement) {
    const dir = el.getAttribute('dir');
    if (dir) return toDirection(dir);
  }
  return null;
}

export function toDirection(value: string | null | undefined): TextDirection | null {
  const dir = value?.trim().toLowerCase();
  return dir === 'ltr' || dir === 'rtl' ? dir : null;
}

function meta(doc: Document, key: string): string | null {
  for (const element of Array.from(doc.getElementsByTagName('meta'))) {
    const name = (element.getAttribute('property') ?? element.getAttribute('name') ?? '').toLowerCase();
    if (name.split(/\s+/).includes(key)) return element.getAttribute('content');
  }
  return null;
}

function httpEquiv(doc: Document, key: string): string | null {
  for (const element of Array.from(doc.getElementsByTagName('meta'))) {
    if (element.getAttribute('http-equiv')?.toLowerCase() === key) return element.getAttribute('content');
  }
  return null;
}

function firstText(candidates: Array<string | null | undefined>): string | null {
  for (const candidate of candidates) {
    const text = candidate?.replace(/\s+/g, ' ').trim();
    if (text) return text;
  }
  return null;
}

function notUrl(value: string | null | undefined): boolean {
  return !value || !/^https?:\/\//i.test(value.trim());
}
