// In-page UI lives in a shadow root: page styles cannot reach it and its styles cannot leak out.
// Styles go in through a constructed stylesheet, which pages' CSP rules for inline styles do not block.
import cardStyles from '../../assets/card.css?inline';

export interface ShadowHost {
  host: HTMLElement;
  root: ShadowRoot;
  container: HTMLElement;
  remove(): void;
}

export function createShadowHost(name: string): ShadowHost {
  const host = document.createElement(name);
  host.setAttribute('data-nano-banana', '');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cardStyles);
  root.adoptedStyleSheets = [sheet];
  const container = document.createElement('div');
  root.append(container);
  (document.body ?? document.documentElement).append(host);
  return { host, root, container, remove: () => host.remove() };
}
