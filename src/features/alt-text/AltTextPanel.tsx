// The side panel's "Alt text" section: finds the tab's images that lack useful alt text, describes
// each, writes the text into the page as soon as it is ready, and lets the user edit or undo it; lists
// what was marked decorative, with Undo too. Text read
// off a screenshot (pixels the page itself could not read) waits here until the person clicks Apply.
import { useEffect, useRef, useState } from 'preact/hooks';
import { sendToTab } from '../../messaging/tabs';
import type { SidePanelRequest } from '../../platform/side-panel';
import { answeredByLine } from '../../ui/answered-by';
import { DownloadNeeded, downloadToAskFor } from '../../ui/DownloadNeeded';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useStore } from '../../ui/useStore';
import { AltTextListRun, type AltTextRow as Row } from './alt-text-run';
import type { AltTextItem } from './types';

/** Asks the page the side panel shows, or says there is none. */
function inTab(tabId: number | undefined): number {
  if (tabId === undefined) throw new Error('No tab to describe. Open a web page and try again.');
  return tabId;
}

export function AltTextPanel({ tabId, request }: { tabId: number | undefined; request: SidePanelRequest | undefined }) {
  const tab = useRef(tabId);
  tab.current = tabId;
  const [run] = useState(
    () =>
      new AltTextListRun({
        downloadToAskFor: () => downloadToAskFor('image-to-text'),
        items: () => sendToTab('altTextItems', undefined, { tabId: inTab(tab.current) }),
        generate: (id) => sendToTab('generateAltText', { id }, { tabId: inTab(tab.current) }),
        stopInPage: () => sendToTab('stopAltText', undefined, { tabId: inTab(tab.current) }),
      }),
  );
  const { phase, rows, error, errorCode, needsDownload } = useStore(run);
  const busy = phase === 'working';

  const generateAll = () => {
    if (tabId !== undefined) void run.generateAll();
  };

  useEffect(() => {
    if (request?.kind === 'generate-alt-text') generateAll();
  }, [request]);

  const names = rows ? rowNames(rows) : [];

  return (
    <section aria-labelledby="alt-text-heading">
      <h2 id="alt-text-heading">Alt text</h2>
      <div class="nb-actions">
        <button type="button" class="nb-primary" onClick={generateAll} disabled={busy || tabId === undefined}>
          Generate alt text
        </button>
        {busy ? (
          <button type="button" onClick={() => run.stop()}>
            Stop
          </button>
        ) : null}
      </div>
      {needsDownload ? <DownloadNeeded plan={needsDownload} onAllowed={generateAll} /> : null}
      {error ? (
        <ErrorNotice message={error} code={errorCode}>
          <button type="button" onClick={generateAll}>
            Try again
          </button>
        </ErrorNotice>
      ) : null}
      {rows ? (
        <p class="nb-hint" role="status">
          {summary(rows, busy)}
        </p>
      ) : null}
      {rows && rows.length > 0 ? (
        <ul class="nb-alt-list" aria-label="Images">
          {rows.map((row, index) => (
            <AltTextRow key={row.id} row={row} name={names[index]!} tabId={tabId!} onChange={(patch) => run.update(row.id, patch)} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/**
 * While working, how far it got; then what was really done: descriptions written into the page, ones waiting
 * for Apply, images skipped, and images marked decorative, each counted apart.
 */
function summary(rows: Row[], busy: boolean): string {
  if (rows.length === 0) return 'Every image on this page already has alt text or is decorative.';
  // Rows marked decorative by the page's content script stay apart, undone or not.
  const work = rows.filter((row) => row.reason !== 'decorative');
  const count = (...states: Row['state'][]) => work.filter((row) => states.includes(row.state)).length;
  const toDescribe = work.length;
  if (busy) return `${count('done', 'ready', 'failed', 'undone')} of ${toDescribe} images`;
  const parts = [toDescribe > 0 ? `${count('done')} of ${toDescribe} ${toDescribe === 1 ? 'image' : 'images'} described` : 'No image needed a description'];
  if (count('ready') > 0) parts.push(`${count('ready')} waiting for you to apply`);
  if (count('failed') > 0) parts.push(`${count('failed')} skipped`);
  const decorative = rows.filter((row) => row.state === 'decorative').length;
  if (decorative > 0) parts.push(`${decorative} marked decorative`);
  return `${parts.join(', ')}.`;
}

function AltTextRow({ row, name, tabId, onChange }: { row: Row; name: string; tabId: number; onChange: (patch: Partial<Row>) => void }) {
  return (
    <li class="nb-alt-row">
      {row.thumbnail ? <img src={row.thumbnail} alt="" width={48} /> : null}
      <div>
        <p class="nb-hint">{name}</p>
        {row.state === 'waiting' ? <p class="nb-muted">Waiting…</p> : null}
        {row.state === 'working' ? <p class="nb-muted">Describing…</p> : null}
        {row.state === 'failed' ? <p class="nb-error">Skipped: {row.problem}</p> : null}
        {row.state === 'decorative' ? (
          <>
            <p class="nb-muted">Marked decorative: {row.note}</p>
            <button
              type="button"
              aria-label={`Undo decorative mark for ${name}`}
              onClick={() => void sendToTab('undoAltText', { id: row.id }, { tabId }).then(() => onChange({ state: 'undone' }))}
            >
              Undo
            </button>
          </>
        ) : null}
        {row.state === 'undone' && row.reason === 'decorative' ? <span class="nb-hint">Original restored.</span> : null}
        {row.answeredBy && (row.state === 'ready' || row.state === 'done') ? <p class="nb-hint">{answeredByLine(row.answeredBy)}</p> : null}
        {row.state === 'ready' ? (
          <>
            <p class="nb-hint">Read from a screenshot of the page: not written into the page until you apply it.</p>
            <label class="nb-inline">
              Alt text for {name}
              <input type="text" value={row.alt} onInput={(event) => onChange({ alt: event.currentTarget.value })} />
            </label>
            <button
              type="button"
              aria-label={`Apply alt text for ${name}`}
              disabled={!row.alt.trim()}
              onClick={() => void sendToTab('setAltText', { id: row.id, text: row.alt.trim() }, { tabId }).then(() => onChange({ state: 'done' }))}
            >
              Apply
            </button>
          </>
        ) : null}
        {row.state === 'done' || (row.state === 'undone' && row.reason !== 'decorative') ? (
          <>
            <label class="nb-inline">
              Alt text for {name}
              <input
                type="text"
                value={row.alt}
                onChange={(event) => {
                  const text = event.currentTarget.value.trim();
                  onChange({ alt: text, state: 'done' });
                  void sendToTab('setAltText', { id: row.id, text }, { tabId });
                }}
              />
            </label>
            {row.state === 'done' ? (
              <button
                type="button"
                aria-label={`Undo alt text for ${name}`}
                onClick={() => void sendToTab('undoAltText', { id: row.id }, { tabId }).then(() => onChange({ state: 'undone' }))}
              >
                Undo
              </button>
            ) : (
              <span class="nb-hint">Original restored.</span>
            )}
          </>
        ) : null}
      </div>
    </li>
  );
}

const KIND_NAMES: Record<AltTextItem['kind'], string> = {
  img: 'image',
  input: 'image button',
  area: 'map area',
  svg: 'drawing',
  object: 'embedded image',
  embed: 'embedded image',
  'role-img': 'picture',
};

/**
 * A name a person recognises for each image, unique in the list (each names a field and a button): the file
 * name without its query, else what kind of image it is and its size; a name met again gets its number.
 */
export function rowNames(items: Pick<AltTextItem, 'src' | 'kind' | 'width' | 'height'>[]): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = imageName(item);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

/** A short name for an image: its file name (a map area: where it leads), or its kind and size. */
export function imageName({ src, kind, width, height }: Pick<AltTextItem, 'src' | 'kind' | 'width' | 'height'>): string {
  const size = width > 0 && height > 0 ? ` ${width}×${height}` : '';
  if (/^data:/i.test(src)) return `inline image${size}`;
  if (/^blob:/i.test(src)) return `generated image${size}`;
  const file = fileName(src);
  if (kind === 'area') return `map area ${file || src}`.trim();
  return file || `${KIND_NAMES[kind]}${size}`;
}

/** The last segment of a URL's path, decoded; the host for a site's root; '' when there is no URL. */
function fileName(src: string): string {
  if (!src) return '';
  try {
    const url = new URL(src, 'https://page.invalid/');
    const segment = url.pathname.split('/').filter(Boolean).pop();
    if (segment) return decodeURIComponent(segment);
    return url.hostname === 'page.invalid' ? '' : url.hostname;
  } catch {
    return src.split(/[?#]/, 1)[0]!.split('/').filter(Boolean).pop() ?? '';
  }
}
