// Page metadata read straight from markup: used when Readability found no article at all
// (it only reports metadata along with an article), and for language and direction.

export interface PageMetadata {
  title: string;
  byline: string | null;
  siteName: string | null;
  excerpt: string | null;
}

export function readMetadata(doc: Document): PageMetadata {
  const metas = metaContents(doc);
  const h1 = doc.body?.getElementsByTagName('h1')[0];
  return {
    title: firstText([metas.get('og:title'), metas.get('twitter:title'), doc.title, h1?.textContent]) ?? '',
    byline: firstText([metas.get('author'), metas.get('article:author'), metas.get('dc.creator')].filter(notUrl)),
    siteName: firstText([metas.get('og:site_name'), metas.get('application-name')]),
    excerpt: firstText([metas.get('description'), metas.get('og:description'), metas.get('twitter:description')]),
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

/** Content of each <meta name|property>, first one wins ("og:title" -> "..."). */
function metaContents(doc: Document): Map<string, string> {
  const contents = new Map<string, string>();
  for (const element of Array.from(doc.getElementsByTagName('meta'))) {
    const content = element.getAttribute('content');
    const names = (element.getAttribute('property') ?? element.getAttribute('name') ?? '').toLowerCase();
    if (content === null) continue;
    for (const name of names.split(/\s+/)) if (name && !contents.has(name)) contents.set(name, content);
  }
  return contents;
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
