// The side panel's "Summarize" section: renders the summarize pipeline (summary-run.ts), which shows the
// quick (extractive) summary at once, then the model's summary streamed over it, part by part for long pages.
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { engineQuery, engineStream } from '../../engine/client';
import type { ExtractedPage } from '../../extraction/extract';
import { sendToTab } from '../../messaging/tabs';
import type { SidePanelRequest } from '../../platform/side-panel';
import { getSettings, updateSettings } from '../../settings/settings';
import { CopyButton } from '../../ui/CopyButton';
import { answeredByLine } from '../../ui/answered-by';
import { DownloadNeeded } from '../../ui/DownloadNeeded';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { DownloadRow } from '../../ui/DownloadRow';
import { usePerTab } from '../../ui/per-tab';
import { useStore } from '../../ui/useStore';
import { keyPointsOf } from './markdown-parse';
import { Markdown } from './markdown';
import { MultilingualSuggestion } from './MultilingualSuggestion';
import {
  SUMMARY_LENGTH_LABELS,
  SUMMARY_LENGTHS,
  SUMMARY_TYPE_LABELS,
  SUMMARY_TYPES,
  type SummaryLength,
  type SummaryType,
} from './options';
import { SourcedPoints } from './points';
import { findSources } from './sources';
import { offersComments, pageComments } from './frame-comments';
import { PageReadAhead } from './read-ahead';
import { keyPassagesLine, statusLine, SummaryRun, type SummarySource, type TargetText } from './summary-run';
import { t } from '../../i18n/i18n';
import { StopButton } from '../../ui/StopButton';

/** How long a tab the panel followed to stays in view before its page is read ahead. */
const READ_AHEAD_AFTER_SWITCH_MS = 500;

interface Props {
  tabId: number | undefined;
  request: SidePanelRequest | undefined;
}

export function SummaryPanel({ tabId, request }: Props) {
  const [type, setType] = useState<SummaryType>('key-points');
  const [length, setLength] = useState<SummaryLength>('medium');
  const [readAhead] = useState(() => new PageReadAhead((tabId, request) => sendToTab('readPage', request, { tabId })));
  // Each tab its own run: the panel follows the tab in view, and a summary stays with the page it summarizes.
  const runs = usePerTab(
    (runTab) =>
      new SummaryRun({
        settings: getSettings,
        readTarget: (source, frameId) => readTarget(readAhead, runTab, source, frameId),
        textModelInfo: () => engineQuery('textModelInfo'),
        countTokens: (texts) => engineQuery('countTokens', texts),
        warmPrompt: (messages) => engineQuery('warmPrompt', messages),
        generate: (request, { onToken, onDownload, signal }) => engineStream('generate', request, { onChunk: onToken, onProgress: onDownload, signal }),
      }),
    // The tab going to another page leaves the summary of what was read, and says so.
    { pageLeft: (run) => run.pageChanged() },
  );
  const run = runs.of(tabId);
  const state = useStore(run);
  const { phase, page, quick, answer, download, error, errorCode, notice, needsDownload, answeredBy, keyPassages, truncated } = state;

  useEffect(() => {
    void getSettings().then((settings) => {
      setType(settings.summaryType);
      setLength(settings.summaryLength);
    });
  }, []);

  // Ready before the click: the model loaded (if downloaded) and the prompt's fixed part computed.
  useEffect(() => {
    if (tabId !== undefined) void run.warm().catch(() => undefined);
  }, [tabId, type, length]);

  // The page is read ahead of the click: now, once it has loaded, and when the person comes back to its tab.
  // A tab the panel follows to is read once it stays in view a moment: a reading is main-thread work in that
  // page, and tabs only passed through (Ctrl+Tab along the strip) need none.
  const shownTab = useRef<number | undefined>(undefined);
  // The tab whose reading ahead found comments: "Summarize comments" is offered before any summary.
  const [commentsAhead, setCommentsAhead] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (tabId === undefined) return;
    const switched = shownTab.current !== undefined && shownTab.current !== tabId;
    shownTab.current = tabId;
    const refresh = () =>
      void readAhead.refresh(tabId).then(() => setCommentsAhead(offersComments(readAhead.peek(tabId)) ? tabId : undefined));
    const readSoon = setTimeout(refresh, switched ? READ_AHEAD_AFTER_SWITCH_MS : 0);
    const onUpdated = (updatedTabId: number, change: { status?: string }) => {
      if (updatedTabId === tabId && change.status === 'complete') refresh();
    };
    const onActivated = ({ tabId: activated }: { tabId: number }) => {
      if (activated === tabId) refresh();
    };
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.tabs.onActivated.addListener(onActivated);
    return () => {
      clearTimeout(readSoon);
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.tabs.onActivated.removeListener(onActivated);
    };
  }, [tabId]);

  useEffect(() => {
    if (request?.kind === 'summarize-page') void run.summarize('page');
    if (request?.kind === 'summarize-selection') void run.summarize('selection', request.frameId);
  }, [request]);

  // Passages are shown in the page they were read from only: after the tab went elsewhere there is none to show.
  const showSource = state.pageLeft
    ? undefined
    : (locator: string) => {
        if (tabId !== undefined && locator) void sendToTab('scrollToPassage', locator, { tabId }).catch(() => {});
      };

  const choose = (patch: { summaryType?: SummaryType; summaryLength?: SummaryLength }) => {
    if (patch.summaryType) setType(patch.summaryType);
    if (patch.summaryLength) setLength(patch.summaryLength);
    void updateSettings(patch);
  };

  const busy = phase === 'reading' || phase === 'summarizing';
  // Offered once a reading of the page (ahead, or for its summary) found comments, which its text leaves out.
  const commentsOffered = commentsAhead === tabId || (!state.pageLeft && offersComments(page));
  const sources = page && answer && type === 'key-points' ? findSources(keyPointsOf(answer), page) : [];

  return (
    <section aria-labelledby="summarize-heading">
      <h2 id="summarize-heading">{t('summarize')}</h2>
      <div class="nb-row">
        <label class="nb-inline">
          {t('summaryStyle')}
          <select value={type} onChange={(event) => choose({ summaryType: event.currentTarget.value as SummaryType })}>
            {SUMMARY_TYPES.map((value) => (
              <option key={value} value={value}>
                {t(SUMMARY_TYPE_LABELS[value])}
              </option>
            ))}
          </select>
        </label>
        <label class="nb-inline">
          {t('summaryLength')}
          <select value={length} onChange={(event) => choose({ summaryLength: event.currentTarget.value as SummaryLength })}>
            {SUMMARY_LENGTHS.map((value) => (
              <option key={value} value={value}>
                {t(SUMMARY_LENGTH_LABELS[value])}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="nb-actions">
        <button type="button" class="nb-primary" onClick={() => void run.summarize('page')} disabled={busy || tabId === undefined}>
          {t('summarizePage')}
        </button>
        {commentsOffered ? (
          <button type="button" onClick={() => void run.summarize('comments')} disabled={busy}>
            {t('summarizeComments')}
          </button>
        ) : null}
        <StopButton busy={busy} onStop={() => run.stop()} />
        {answer || quick.length > 0 ? (
          <>
            <CopyButton text={answer || quick.map((point) => `- ${point.text}`).join('\n')} disabled={busy} />
            <button type="button" disabled={busy} onClick={() => void run.again()}>
              {t('regenerate')}
            </button>
          </>
        ) : null}
        {phase === 'done' && truncated ? (
          <button type="button" onClick={() => void run.continue()}>
            {t('continue')}
          </button>
        ) : null}
      </div>

      <p class="nb-hint" aria-live="polite">
        {statusLine(state)}
      </p>
      {/* The summary is spoken once, when it is finished (the region below changes with every word). */}
      <p class="nb-visually-hidden" aria-live="polite">
        {phase === 'done' && answer ? t('summarySpoken', answer) : ''}
      </p>
      {answer && answeredBy ? <p class="nb-hint">{answeredByLine(answeredBy)}</p> : null}
      {download ? <DownloadRow progress={download} /> : null}
      {needsDownload ? <DownloadNeeded plan={needsDownload} onAllowed={() => void run.again()} /> : null}
      <MultilingualSuggestion pageLang={page?.lang} onSwitched={() => (needsDownload ? void run.again() : undefined)} />
      {notice ? <p class="nb-notice">{notice}</p> : null}
      {keyPassages ? (
        <p class="nb-notice">
          {keyPassagesLine(keyPassages)}{' '}
          <button type="button" onClick={() => void run.readWholePage()}>
            {t('readWholePage')}
          </button>
        </p>
      ) : null}
      {error ? (
        <ErrorNotice message={error} code={errorCode}>
          <button type="button" onClick={() => void run.again()}>
            {t('tryAgain')}
          </button>
        </ErrorNotice>
      ) : null}

      {/* The extractive points are no model's answer: say so wherever they stand in for one. */}
      {quick.length > 0 && !answer ? <p class="nb-output-label">{t('quickSummaryLabel')}</p> : null}
      <div
        class="nb-output"
        role="region"
        aria-label={t('summaryRegion')}
        aria-busy={busy ? 'true' : 'false'}
        data-placeholder={t('summaryPlaceholder')}
        // The summary is in the page's language: right-to-left scripts must read right to left.
        dir={page?.dir ?? 'auto'}
        lang={page?.lang ?? undefined}
      >
        {answer ? (
          <Markdown text={answer} sources={sources} onShowSource={showSource} />
        ) : quick.length > 0 ? (
          <SourcedPoints points={quick} onShowSource={showSource} />
        ) : null}
      </div>
    </section>
  );
}

/** The text to summarize: the page's article, just what is selected in one of its frames, or the page's comments. */
async function readTarget(readAhead: PageReadAhead, tabId: number | undefined, source: SummarySource, frameId: number): Promise<TargetText> {
  if (tabId === undefined) throw new Error(t('errNoTabToSummarize'));
  if (source === 'comments') {
    // The reading held (taken ahead, or for the page's summary), unless the page changed since.
    const page = await readAhead.read(tabId);
    const { title, lang, dir, commentFrames } = page;
    const comments = await pageComments(tabId, page);
    if (comments.length === 0) throw new Error(t(commentFrames.length > 0 && page.comments.length === 0 ? 'errFrameCommentsEmpty' : 'errNoComments'));
    // Said in the title the model reads (beside the text, in English like its instructions): these are readers'
    // comments on the page, not the page. They stay offered while their summary is shown.
    return { title: title ? `Readers' comments on "${title}"` : "Readers' comments", lang, dir, blocks: comments, comments, commentFrames };
  }
  if (source === 'selection') {
    const text = (await sendToTab('summarizeSelection', undefined, { tabId, frameId })).trim();
    if (!text) throw new Error(t('errNothingSelected'));
    const tab = await browser.tabs.get(tabId);
    return {
      title: tab.title ?? '',
      lang: null,
      dir: null,
      blocks: text.split(/\n\s*\n/).map((paragraph) => ({ kind: 'paragraph' as const, text: paragraph.trim(), locator: '' })),
    };
  }
  const page: ExtractedPage = await readAhead.read(tabId);
  if (!page.text.trim()) {
    throw new Error(t('errNoTextToSummarize'));
  }
  return page;
}
