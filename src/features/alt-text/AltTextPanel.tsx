// The side panel's "Alt text" section: finds the tab's images that lack useful alt text, describes
// each, writes the text into the page as soon as it is ready, and lets the user edit or undo it; lists
// what was marked decorative, with Undo too. Text read
// off a screenshot (pixels the page itself could not read) waits here until the person clicks Apply.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { sendToTab } from '../../messaging/tabs';
import type { SidePanelRequest } from '../../platform/side-panel';
import { answeredByLine } from '../../ui/answered-by';
import { DownloadNeeded, downloadToAskFor } from '../../ui/DownloadNeeded';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { errorMessage } from '../../ui/errors';
import { usePerTab } from '../../ui/per-tab';
import { useStore } from '../../ui/useStore';
import { AltTextListRun, type AltTextRow as Row } from './alt-text-run';
import type { AltTextItem } from './types';
import { t, uiLanguage, type MessageKey } from '../../i18n/i18n';
import { StopButton } from '../../ui/StopButton';

/** Asks the page the side panel shows, or says there is none. */
function inTab(tabId: number | undefined): number {
  if (tabId === undefined) throw new Error(t('errNoTabToDescribe'));
  return tabId;
}

export function AltTextPanel({ tabId, request }: { tabId: number | undefined; request: SidePanelRequest | undefined }) {
  // Each tab its own list: the panel follows the tab in view, and images are described in the page they are in.
  const runs = usePerTab(
    (runTab) =>
      new AltTextListRun({
        downloadToAskFor: () => downloadToAskFor('image-to-text'),
        items: () => sendToTab('altTextItems', undefined, { tabId: inTab(runTab) }),
        generate: (image) => sendToTab('generateAltText', image, { tabId: inTab(runTab) }),
        stopInPage: () => sendToTab('stopAltText', undefined, { tabId: inTab(runTab) }),
      }),
    { pageLeft: (run) => run.pageChanged() },
  );
  const run = runs.of(tabId);
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
      <h2 id="alt-text-heading">{t('altText')}</h2>
      <div class="nb-actions">
        <button type="button" class="nb-primary" onClick={generateAll} disabled={busy || tabId === undefined}>
          {t('generateAltText')}
        </button>
        <StopButton busy={busy} onStop={() => run.stop()} />
      </div>
      {needsDownload ? <DownloadNeeded plan={needsDownload} onAllowed={generateAll} /> : null}
      {error ? (
        <ErrorNotice message={error} code={errorCode}>
          <button type="button" onClick={generateAll}>
            {t('tryAgain')}
          </button>
        </ErrorNotice>
      ) : null}
      {rows ? (
        <p class="nb-hint" role="status">
          {summary(rows, busy)}
        </p>
      ) : null}
      {rows && rows.length > 0 ? (
        <ul class="nb-alt-list" aria-label={t('imagesList')}>
          {rows.map((row, index) => (
            <AltTextRow
              key={row.id}
              row={row}
              name={names[index]!}
              tabId={tabId!}
              busy={busy}
              onChange={(patch) => run.update(row.id, patch)}
              onRetry={() => void run.retry(row.id)}
            />
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
  if (rows.length === 0) return t('altAllFine');
  // Rows marked decorative by the page's content script stay apart, undone or not.
  const work = rows.filter((row) => row.reason !== 'decorative');
  const count = (...states: Row['state'][]) => work.filter((row) => states.includes(row.state)).length;
  const toDescribe = work.length;
  if (busy) return t('altProgress', count('done', 'ready', 'failed', 'undone'), toDescribe);
  const parts = [toDescribe > 0 ? t(toDescribe === 1 ? 'altDescribedOne' : 'altDescribed', count('done'), toDescribe) : t('altNoneNeeded')];
  if (count('ready') > 0) parts.push(t('altWaitingApply', count('ready')));
  if (count('failed') > 0) parts.push(t('altSkippedCount', count('failed')));
  const decorative = rows.filter((row) => row.state === 'decorative').length;
  if (decorative > 0) parts.push(t('altDecorativeCount', decorative));
  return t('sentence', new Intl.ListFormat(uiLanguage(), { style: 'short', type: 'unit' }).format(parts));
}

function AltTextRow({
  row,
  name,
  tabId,
  busy,
  onChange,
  onRetry,
}: {
  row: Row;
  name: string;
  tabId: number;
  busy: boolean;
  onChange: (patch: Partial<Row>) => void;
  onRetry: () => void;
}) {
  const [showAll, setShowAll] = useState(false);
  // An Apply, edit or Undo the page refused (the image is gone, or the tab shows another document now).
  const [refused, setRefused] = useState<string>();
  const image = { id: row.id, page: row.page };
  const act = (done: Promise<unknown>, patch?: Partial<Row>) =>
    void done.then(
      () => {
        setRefused(undefined);
        if (patch) onChange(patch);
      },
      (reason: unknown) => setRefused(errorMessage(reason)),
    );
  const allTextBox = useRef<HTMLTextAreaElement>(null);
  // The text shown takes the focus from the button that showed it, once, as it replaces the button (a layout effect:
  // no moment with the focus on nothing).
  useLayoutEffect(() => {
    if (showAll) allTextBox.current?.focus();
  }, [showAll]);
  const ready = row.state === 'ready';
  const written = row.state === 'done' || (row.state === 'undone' && row.reason !== 'decorative');
  return (
    <li class="nb-alt-row">
      {row.thumbnail ? <img src={row.thumbnail} alt="" width={48} /> : null}
      <div>
        {/* The name once: a row with a field says it in the field's label. */}
        {ready || written ? null : <p class="nb-hint">{name}</p>}
        {row.state === 'waiting' ? <p class="nb-muted">{t('waiting')}</p> : null}
        {row.state === 'working' ? <p class="nb-muted">{t('describing')}</p> : null}
        {row.state === 'failed' ? (
          <div class="nb-alt-field">
            <p class={row.problem ? 'nb-error' : 'nb-muted'}>{row.problem ? t('skippedProblem', row.problem) : t('notDescribed')}</p>
            {row.reason === 'broken' ? null : (
              <button type="button" aria-label={t('tryAgainFor', name)} disabled={busy} onClick={onRetry}>
                {t('tryAgain')}
              </button>
            )}
          </div>
        ) : null}
        {row.state === 'decorative' ? (
          <>
            <p class="nb-muted">{t('markedDecorative', row.note ?? '')}</p>
            <button
              type="button"
              aria-label={t('undoDecorativeFor', name)}
              onClick={() => act(sendToTab('undoAltText', image, { tabId }), { state: 'undone' })}
            >
              {t('undo')}
            </button>
          </>
        ) : null}
        {row.state === 'undone' && row.reason === 'decorative' ? <span class="nb-hint">{t('originalRestored')}</span> : null}
        {row.answeredBy && (ready || row.state === 'done') ? <p class="nb-hint">{answeredByLine(row.answeredBy)}</p> : null}
        {ready ? (
          <>
            <p class="nb-hint">{t('readFromScreenshot')}</p>
            <div class="nb-alt-field">
              <label>
                {t('altTextFor', name)}
                <input type="text" value={row.alt} onInput={(event) => onChange({ alt: event.currentTarget.value })} />
              </label>
              <button
                type="button"
                aria-label={t('applyAltTextFor', name)}
                disabled={!row.alt.trim()}
                onClick={() => act(sendToTab('setAltText', { ...image, text: row.alt.trim() }, { tabId }), { state: 'done' })}
              >
                {t('apply')}
              </button>
            </div>
          </>
        ) : null}
        {written ? (
          <div class="nb-alt-field">
            <label>
              {t('altTextFor', name)}
              <input
                type="text"
                value={row.alt}
                onChange={(event) => {
                  const text = event.currentTarget.value.trim();
                  onChange({ alt: text, state: 'done' });
                  act(sendToTab('setAltText', { ...image, text }, { tabId }));
                }}
              />
            </label>
            {row.state === 'done' ? (
              <button
                type="button"
                aria-label={t('undoAltTextFor', name)}
                onClick={() => act(sendToTab('undoAltText', image, { tabId }), { state: 'undone' })}
              >
                {t('undo')}
              </button>
            ) : (
              <span class="nb-hint">{t('originalRestored')}</span>
            )}
          </div>
        ) : null}
        {row.allText && (ready || written) ? (
          showAll ? (
            <label>
              {t('allTextIn', name)}
              <textarea readOnly value={row.allText} ref={allTextBox} />
            </label>
          ) : (
            <button type="button" aria-label={t('readAllTextIn', name)} onClick={() => setShowAll(true)}>
              {t('readAllText')}
            </button>
          )
        ) : null}
        {refused ? (
          <p class="nb-error" role="alert">
            {refused}
          </p>
        ) : null}
      </div>
    </li>
  );
}

const KIND_NAMES: Record<AltTextItem['kind'], MessageKey> = {
  img: 'kindImg',
  input: 'kindInput',
  area: 'kindArea',
  svg: 'kindSvg',
  object: 'kindObject',
  embed: 'kindObject',
  'role-img': 'kindRoleImg',
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
  if (/^data:/i.test(src)) return `${t('imageInline')}${size}`;
  if (/^blob:/i.test(src)) return `${t('imageGenerated')}${size}`;
  const file = fileName(src);
  if (kind === 'area') return t('mapAreaTo', file || src).trim();
  return file || `${t(KIND_NAMES[kind])}${size}`;
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
