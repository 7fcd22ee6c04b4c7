// The page a new person sees on install: what Nano Banana does, the models it will download and how big they
// are, and one click to download them (or a way to choose others). The downloads run in the engine's host,
// so they go on when this page is closed; their progress is read from the engine's status, so a reopened
// page shows them too.
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { engineQuery, engineStream } from '../engine/client';
import { downloadBytesFor, presetFor } from '../engine/presets';
import type { CachedModel, DownloadPlan, DownloadProgress, EngineErrorCode, EngineStatus, ModelTask } from '../engine/types';
import { sendMessage } from '../messaging/protocol';
import { ErrorNotice } from '../ui/ErrorNotice';
import { engineErrorCode, errorMessage } from '../ui/errors';
import { formatBytes } from '../ui/format';
import { ProgressBar } from '../ui/ProgressBar';
import { useEngineStatus } from '../ui/useEngineStatus';
import { getSettings } from './settings';

const TASKS: Array<{ task: ModelTask; use: string }> = [
  { task: 'text-generation', use: 'Summarize and rewrite' },
  { task: 'image-to-text', use: 'Alt text for images' },
];

interface Planned {
  task: ModelTask;
  use: string;
  plan: DownloadPlan;
}

/**
 * What a model's download would be, asking the network as little as possible: a stored model from the
 * cache's list, a preset from its known file sizes (for the CPU; WebGPU's files differ a little), and only
 * another model by asking the model host for its files' sizes.
 */
async function plannedDownload(task: ModelTask, modelId: string, cached: CachedModel[]): Promise<DownloadPlan> {
  const stored = cached.find((model) => model.modelId === modelId);
  if (stored) return { modelId, totalBytes: stored.bytes, cachedBytes: stored.bytes };
  const preset = presetFor(modelId);
  if (preset) return { modelId, totalBytes: downloadBytesFor(preset, 'wasm', { shaderF16: false }), cachedBytes: 0 };
  return engineQuery('planDownload', task);
}

const remaining = (plan: DownloadPlan) => Math.max(0, plan.totalBytes - plan.cachedBytes);

export function WelcomePage() {
  const [planned, setPlanned] = useState<Planned[]>();
  const [error, setError] = useState<{ message: string; code?: EngineErrorCode }>();
  const [started, setStarted] = useState(false);
  const [finished, setFinished] = useState<string[]>([]);
  const status = useEngineStatus();

  const plan = async () => {
    setError(undefined);
    try {
      const [settings, cached] = await Promise.all([getSettings(), engineQuery('cachedModels')]);
      const models = { 'text-generation': settings.textModel, 'image-to-text': settings.imageModel };
      setPlanned(await Promise.all(TASKS.map(async ({ task, use }) => ({ task, use, plan: await plannedDownload(task, models[task], cached) }))));
    } catch (reason) {
      setError({ message: errorMessage(reason), code: engineErrorCode(reason) });
    }
  };
  useEffect(() => void plan(), []);

  const toDownload = planned?.filter(({ plan }) => remaining(plan) > 0) ?? [];
  const total = toDownload.reduce((sum, { plan }) => sum + remaining(plan), 0);

  const downloadAll = async () => {
    setStarted(true);
    setError(undefined);
    await Promise.all(
      toDownload.map(async ({ task, plan: { modelId } }) => {
        try {
          // This click is the person's consent to download these models (remembered per model).
          await sendMessage('allowDownload', modelId);
          await engineStream('download', { task });
          setFinished((done) => [...done, modelId]);
        } catch (reason) {
          setError({ message: errorMessage(reason), code: engineErrorCode(reason) });
        }
      }),
    );
    void plan();
  };

  return (
    <main class="nb-welcome">
      <h1>Welcome to Nano Banana</h1>
      <p>
        Nano Banana summarizes web pages, rewrites text you select and describes images for screen readers, from the side
        panel and the right-click menu. It runs small AI models on this computer, so nothing you read or write is sent
        anywhere.
      </p>
      <section aria-labelledby="welcome-models">
        <h2 id="welcome-models">Models</h2>
        {planned ? (
          <table>
            <thead>
              <tr>
                <th scope="col">For</th>
                <th scope="col">Model</th>
                <th scope="col">Download</th>
              </tr>
            </thead>
            <tbody>
              {planned.map(({ use, plan }) => (
                <tr key={plan.modelId}>
                  <td>{use}</td>
                  <td>{plan.modelId}</td>
                  <td>{remaining(plan) > 0 ? formatBytes(remaining(plan)) : `Stored (${formatBytes(plan.totalBytes)})`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : error ? null : (
          <p class="nb-hint">Finding out the download sizes…</p>
        )}
        <MachineNote total={total} />
        {error ? (
          <ErrorNotice message={error.message} code={error.code}>
            <button type="button" onClick={() => void plan()}>
              Try again
            </button>
          </ErrorNotice>
        ) : null}
        <div class="nb-actions">
          {planned && toDownload.length > 0 ? (
            <button type="button" class="nb-primary" disabled={started} onClick={() => void downloadAll()}>
              Download models ({formatBytes(total)})
            </button>
          ) : null}
          <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
            Choose other models
          </button>
        </div>
        {planned && toDownload.length === 0 ? <p role="status">The models are stored on this computer: Nano Banana is ready.</p> : null}
        <Downloads status={status} finished={finished} />
        {started ? <p class="nb-hint">You can close this page: the downloads go on in the background.</p> : null}
      </section>
    </main>
  );
}

/** Free space and memory, as far as the browser tells: whether the models fit. */
function MachineNote({ total }: { total: number }) {
  const [free, setFree] = useState<number>();
  useEffect(() => {
    void navigator.storage
      ?.estimate()
      .then(({ quota = 0, usage = 0 }) => setFree(quota - usage))
      .catch(() => undefined);
  }, []);
  const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  return (
    <p class="nb-hint">
      {free !== undefined ? `Space this browser can still use here: about ${formatBytes(free)}${free < total ? ', less than the download: free some disk space first' : ''}. ` : ''}
      The models need about 1.5 GB of memory while they work{memory ? `; this computer reports at least ${memory} GB` : ''}.
    </p>
  );
}

/** Each model downloading now, with bytes, speed and time left (from the engine's status, whoever started it). */
function Downloads({ status, finished }: { status: EngineStatus | undefined; finished: string[] }) {
  const downloads = status?.models.flatMap((model) => (model.download ? [model.download] : [])) ?? [];
  return (
    <>
      {downloads.map((download) => (
        <DownloadRow key={download.modelId} download={download} />
      ))}
      {finished.length > 0 ? <p role="status">Downloaded: {finished.join(', ')}. Nano Banana is ready.</p> : null}
    </>
  );
}

function DownloadRow({ download }: { download: DownloadProgress }) {
  const rate = useRate(download.loaded);
  const left = rate > 0 ? (download.total - download.loaded) / rate : undefined;
  return (
    <div class="nb-download">
      <ProgressBar label={`Downloading ${download.modelId}`} loaded={download.loaded} total={download.total} />
      <p class="nb-hint">
        {rate > 0 ? `${formatBytes(rate)}/s` : 'Starting…'}
        {left !== undefined ? `, about ${formatDuration(left)} left` : ''}
      </p>
    </div>
  );
}

/** Bytes per second over the last few seconds. */
function useRate(loaded: number): number {
  const samples = useRef<Array<{ at: number; loaded: number }>>([]);
  const now = Date.now();
  samples.current = [...samples.current.filter((sample) => now - sample.at < 5000), { at: now, loaded }];
  const first = samples.current[0]!;
  const seconds = (now - first.at) / 1000;
  return seconds > 0.5 ? Math.max(0, loaded - first.loaded) / seconds : 0;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
