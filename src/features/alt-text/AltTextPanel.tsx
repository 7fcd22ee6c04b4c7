// The side panel's "Alt text" section: finds the tab's images that lack useful alt text, describes
// each, writes the text into the page as soon as it is ready, and lets the user edit or undo it; lists
// what was marked decorative, with Undo too. Text read
// off a screenshot (pixels the page itself could not read) waits here until the person clicks Apply.
import type { AnsweredBy } from '../../engine/types';
import { answeredByLine } from '../../ui/answered-by';
import { useEffect, useRef, useState } from 'preact/hooks';
import { sendToTab } from '../../messaging/tabs';
import type { SidePanelRequest } from '../../platform/side-panel';
import type { DownloadPlan, EngineErrorCode } from '../../engine/types';
import { DownloadNeeded, downloadToAskFor } from '../../ui/DownloadNeeded';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { engineErrorCode, errorMessage } from '../../ui/errors';
import type { AltTextItem } from './types';

interface Row extends AltTextItem {
  /**
   * `ready`: described from a screenshot, not written into the page until the person applies it.
   * `decorative`: marked decorative by the content script; `undone` also when that was undone.
   */
  state: 'waiting' | 'working' | 'ready' | 'done' | 'undone' | 'failed' | 'decorative';
  thumbnail?: string;
  problem?: string;
  answeredBy?: AnsweredBy;
}

export function AltTextPanel({ tabId, request }: { tabId: number | undefined; request: SidePanelRequest | undefined }) {
  const [rows, setRows] = useState<Row[]>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; code?: EngineErrorCode }>();
  const [needsDownload, setNeedsDownload] = useState<DownloadPlan>();
  const stop = useRef(false);

  useEffect(() => {
    if (request?.kind === 'generate-alt-text') void generateAll();
  }, [request]);

  const update = (id: number, patch: Partial<Row>) =>
    setRows((current) => current?.map((row) => (row.id === id ? { ...row, ...patch } : row)));

  const generateAll = async () => {
    if (tabId === undefined) return;
    setBusy(true);
    setError(undefined);
    setNeedsDownload(undefined);
    stop.current = false;
    try {
      // Asked before the images are listed: one offer of the download, not one failure per image.
      const plan = await downloadToAskFor('image-to-text');
      if (plan) {
        setNeedsDownload(plan);
        return;
      }
      const items = await sendToTab('altTextItems', undefined, { tabId });
      // Images described before stay in the list (with Undo); broken ones are skipped with the reason.
      const thumbnails = new Map(rows?.map((row) => [row.id, row.thumbnail]));
      setRows(
        items.map((item): Row => {
          if (item.reason === 'generated') return { ...item, state: 'done', thumbnail: thumbnails.get(item.id) };
          if (item.reason === 'broken') return { ...item, state: 'failed' };
          if (item.reason === 'decorative') return { ...item, state: 'decorative' };
          return { ...item, state: 'waiting' };
        }),
      );
      for (const item of items) {
        if (item.reason === 'generated' || item.reason === 'broken' || item.reason === 'decorative') continue;
        if (stop.current) break;
        update(item.id, { state: 'working' });
        try {
          // The content script writes the text into the page as soon as it is ready.
          const { text, thumbnail, applied, answeredBy } = await sendToTab('generateAltText', { id: item.id }, { tabId });
          update(item.id, { state: applied ? 'done' : 'ready', alt: text, thumbnail, answeredBy });
        } catch (reason) {
          update(item.id, { state: 'failed', problem: errorMessage(reason) });
        }
      }
      if (stop.current) {
        setRows((current) =>
          current?.map((row) => (row.state === 'waiting' ? { ...row, state: 'failed', problem: 'Stopped before this image.' } : row)),
        );
      }
    } catch (reason) {
      setError({ message: errorMessage(reason), code: engineErrorCode(reason) });
    } finally {
      setBusy(false);
    }
  };

  const names = rows ? rowNames(rows) : [];

  return (
    <section aria-labelledby="alt-text-heading">
      <h2 id="alt-text-heading">Alt text</h2>
      <div class="nb-actions">
        <button type="button" class="nb-primary" onClick={() => void generateAll()} disabled={busy || tabId === undefined}>
          Generate alt text
        </button>
        {busy ? (
          <button
            type="button"
            onClick={() => {
              stop.current = true;
              if (tabId !== undefined) void sendToTab('stopAltText', undefined, { tabId }).catch(() => undefined);
            }}
          >
            Stop
          </button>
        ) : null}
      </div>
      {needsDownload ? <DownloadNeeded plan={needsDownload} onAllowed={() => void generateAll()} /> : null}
      {error ? (
        <ErrorNotice message={error.message} code={error.code}>
          <button type="button" onClick={() => void generateAll()}>
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
            <AltTextRow key={row.id} row={row} name={names[index]!} tabId={tabId!} onChange={(patch) => update(row.id, patch)} />
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
