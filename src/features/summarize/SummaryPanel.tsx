// The side panel's "Summarize" section: the quick (extractive) summary at once, then the model's
// summary streamed over it, part by part for long pages.
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { engineQuery, engineStream } from '../../engine/client';
import type { DownloadProgress } from '../../engine/types';
import type { ExtractedPage } from '../../extraction/extract';
import { sendToTab } from '../../messaging/tabs';
import type { SidePanelRequest } from '../../platform/side-panel';
import { getSettings, updateSettings } from '../../settings/settings';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { errorMessage } from '../../ui/errors';
import { DownloadProgressBar } from '../../ui/ProgressBar';
import { batchTokenCounter, summarizeLongText, type SummaryProgress } from './chunking';
import { extractiveSummary, type ExtractedPoint } from './extractive';
import { keyPointsOf } from './markdown-parse';
import { Markdown } from './markdown';
import {
  SUMMARY_LENGTH_LABELS,
  SUMMARY_LENGTHS,
  SUMMARY_TYPE_LABELS,
  SUMMARY_TYPES,
  suggestedAnswerTokens,
  type SummaryLength,
  type SummaryType,
} from './options';
import type { SummarizablePage } from './page';
import { SourcedPoints } from './points';
import { findSources } from './sources';

type Phase = 'idle' | 'reading' | 'summarizing' | 'done' | 'stopped' | 'error';

interface Props {
  tabId: number | undefined;
  request: SidePanelRequest | undefined;
}

function formatCount(count: number): string {
  return count.toLocaleString('en');
}

export function SummaryPanel({ tabId, request }: Props) {
  const [type, setType] = useState<SummaryType>('key-points');
  const [length, setLength] = useState<SummaryLength>('medium');
  const [phase, setPhase] = useState<Phase>('idle');
  const [page, setPage] = useState<TargetText>();
  const [quick, setQuick] = useState<ExtractedPoint[]>([]);
  const [answer, setAnswer] = useState('');
  const [progress, setProgress] = useState<SummaryProgress>();
  const [download, setDownload] = useState<DownloadProgress>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const controller = useRef<AbortController | undefined>(undefined);
  const lastSource = useRef<'page' | 'selection'>('page');

  useEffect(() => {
    void getSettings().then((settings) => {
      setType(settings.summaryType);
      setLength(settings.summaryLength);
    });
  }, []);

  // The page navigating away mid-summary leaves the summary of what was read, and says so.
  useEffect(() => {
    if (tabId === undefined) return;
    const onUpdated = (updatedTabId: number, change: { url?: string }) => {
      if (updatedTabId === tabId && change.url && controller.current) {
        setNotice('The page changed while it was being summarized: this summary is of the page you asked about.');
      }
    };
    browser.tabs.onUpdated.addListener(onUpdated);
    return () => browser.tabs.onUpdated.removeListener(onUpdated);
  }, [tabId]);

  useEffect(() => {
    if (request?.kind === 'summarize-page') void summarize('page');
    if (request?.kind === 'summarize-selection') void summarize('selection', request.frameId);
  }, [request]);

  const summarize = async (source: 'page' | 'selection', frameId = 0) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    lastSource.current = source;
    setPhase('reading');
    setError(undefined);
    setNotice(undefined);
    setAnswer('');
    setQuick([]);
    setProgress(undefined);
    setDownload(undefined);
    try {
      const settings = await getSettings();
      const target = await readTarget(tabId, source, frameId);
      if (abort.signal.aborted) return;
      setPage(target);
      const points = extractiveSummary(target, settings.summaryLength);
      setQuick(points);
      if (settings.summaryType === 'quick') {
        setPhase('done');
        return;
      }
      setPhase('summarizing');
      const options = { type: settings.summaryType, length: settings.summaryLength, outputLanguage: null };
      const info = await engineQuery('textModelInfo');
      await summarizeLongText({
        page: target,
        options,
        contextTokens: info.contextTokens,
        maxAnswerTokens: suggestedAnswerTokens(options),
        countTokens: batchTokenCounter((texts) => engineQuery('countTokens', texts)),
        generate: async (messages, { maxNewTokens }, onToken, signal) =>
          (await engineStream('generate', { messages, maxNewTokens }, { onChunk: onToken, onProgress: setDownload, signal })).text,
        onToken: (token) => setAnswer((text) => text + token),
        onProgress: setProgress,
        onLimited: ({ coveredWords, totalWords }) =>
          setNotice(
            `This page is very long: the summary covers its first ${formatCount(coveredWords)} of ${formatCount(totalWords)} words.`,
          ),
        signal: abort.signal,
      });
      setPhase('done');
    } catch (reason) {
      if (abort.signal.aborted) {
        setPhase('stopped');
        return;
      }
      setError(errorMessage(reason));
      setPhase('error');
    } finally {
      if (controller.current === abort) controller.current = undefined;
      setDownload(undefined);
    }
  };

  const showSource = (locator: string) => {
    if (tabId !== undefined && locator) void sendToTab('scrollToPassage', locator, { tabId }).catch(() => {});
  };

  const choose = (patch: { summaryType?: SummaryType; summaryLength?: SummaryLength }) => {
    if (patch.summaryType) setType(patch.summaryType);
    if (patch.summaryLength) setLength(patch.summaryLength);
    void updateSettings(patch);
  };

  const busy = phase === 'reading' || phase === 'summarizing';
  const sources = page && answer && type === 'key-points' ? findSources(keyPointsOf(answer), page) : [];

  return (
    <section aria-labelledby="summarize-heading">
      <h2 id="summarize-heading">Summarize</h2>
      <div class="nb-row">
        <label class="nb-inline">
          Style
          <select value={type} onChange={(event) => choose({ summaryType: event.currentTarget.value as SummaryType })}>
            {SUMMARY_TYPES.map((value) => (
              <option key={value} value={value}>
                {SUMMARY_TYPE_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <label class="nb-inline">
          Length
          <select value={length} onChange={(event) => choose({ summaryLength: event.currentTarget.value as SummaryLength })}>
            {SUMMARY_LENGTHS.map((value) => (
              <option key={value} value={value}>
                {SUMMARY_LENGTH_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="nb-actions">
        <button type="button" onClick={() => void summarize('page')} disabled={busy || tabId === undefined}>
          Summarize page
        </button>
        {busy ? (
          <button type="button" onClick={() => controller.current?.abort()}>
            Stop
          </button>
        ) : null}
        {answer || quick.length > 0 ? (
          <>
            <CopyButton text={answer || quick.map((point) => `- ${point.text}`).join('\n')} disabled={busy} />
            <button type="button" disabled={busy} onClick={() => void summarize(lastSource.current)}>
              Regenerate
            </button>
          </>
        ) : null}
      </div>

      <p class="nb-hint" aria-live="polite">
        {statusLine(phase, progress, quick.length > 0 && !answer)}
      </p>
      <DownloadProgressBar progress={download} />
      {notice ? <p class="nb-notice">{notice}</p> : null}
      {error ? (
        <ErrorNotice message={error}>
          <button type="button" onClick={() => void summarize(lastSource.current)}>
            Try again
          </button>
        </ErrorNotice>
      ) : null}

      <div
        class="nb-output"
        role="region"
        aria-label="Summary"
        aria-busy={busy ? 'true' : 'false'}
        data-placeholder="The summary appears here."
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

function statusLine(phase: Phase, progress: SummaryProgress | undefined, showingQuick: boolean): string {
  if (phase === 'reading') return 'Reading the page…';
  if (phase === 'stopped') return 'Stopped.';
  if (phase !== 'summarizing') return '';
  const quickNote = showingQuick ? 'Quick summary shown while the model works. ' : '';
  if (!progress || progress.parts <= 1) return `${quickNote}Summarizing…`;
  if (progress.phase === 'part') return `${quickNote}Summarizing part ${progress.part} of ${progress.parts}…`;
  return `${quickNote}Combining ${progress.parts} parts…`;
}

type TargetText = SummarizablePage & Pick<ExtractedPage, 'dir'>;

/** The text to summarize: the page's article, or just what is selected in one of its frames. */
async function readTarget(tabId: number | undefined, source: 'page' | 'selection', frameId: number): Promise<TargetText> {
  if (tabId === undefined) throw new Error('No tab to summarize. Open a web page and try again.');
  if (source === 'selection') {
    const text = (await sendToTab('summarizeSelection', undefined, { tabId, frameId })).trim();
    if (!text) throw new Error('Nothing is selected. Select some text on the page, then choose "Summarize selection".');
    const tab = await browser.tabs.get(tabId);
    return {
      title: tab.title ?? '',
      lang: null,
      dir: null,
      blocks: text.split(/\n\s*\n/).map((paragraph) => ({ kind: 'paragraph' as const, text: paragraph.trim(), locator: '' })),
    };
  }
  const page: ExtractedPage = await sendToTab('extractPage', undefined, { tabId });
  if (!page.text.trim()) {
    throw new Error('This page has no text to summarize. It may be made of images, or still loading.');
  }
  return page;
}
