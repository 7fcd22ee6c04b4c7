// The page a new person sees on install: what Nano Banana does, the models it will download and how big they
// are, and one click to download them (or a way to choose others). The downloads run in the engine's host,
// so they go on when this page is closed; their progress is read from the engine's status, so a reopened
// page shows them too.
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { engineQuery, engineStream } from '../engine/client';
import type { DownloadPlan, EngineErrorCode, EngineStatus, ModelTask } from '../engine/types';
import { sendMessage } from '../messaging/protocol';
import { ErrorNotice } from '../ui/ErrorNotice';
import { engineErrorCode, errorMessage } from '../ui/errors';
import { formatBytes } from '../ui/format';
import { plannedDownload, remainingBytes } from '../ui/download-plan';
import { DownloadRow } from '../ui/DownloadRow';
import { useEngineStatus } from '../ui/useEngineStatus';
import { getSettings } from './settings';
import { t, type MessageKey } from '../i18n/i18n';

const TASKS: Array<{ task: ModelTask; use: MessageKey }> = [
  { task: 'text-generation', use: 'welcomeUseText' },
  { task: 'image-to-text', use: 'welcomeUseImages' },
];

interface Planned {
  task: ModelTask;
  use: MessageKey;
  plan: DownloadPlan;
}

export function WelcomePage() {
  const [planned, setPlanned] = useState<Planned[]>();
  const [error, setError] = useState<{ message: string; code?: EngineErrorCode }>();
  const [started, setStarted] = useState(false);
  const [finished, setFinished] = useState<string[]>([]);
  const status = useEngineStatus();

  // Leaves what the last download said (such as its cancel) on screen: only Try again clears it.
  const plan = async () => {
    try {
      const [settings, cached] = await Promise.all([getSettings(), engineQuery('cachedModels')]);
      const models = { 'text-generation': settings.textModel, 'image-to-text': settings.imageModel };
      setPlanned(await Promise.all(TASKS.map(async ({ task, use }) => ({ task, use, plan: await plannedDownload(task, models[task], cached) }))));
    } catch (reason) {
      setError({ message: errorMessage(reason), code: engineErrorCode(reason) });
    }
  };
  useEffect(() => void plan(), []);

  const toDownload = planned?.filter(({ plan }) => remainingBytes(plan) > 0) ?? [];
  const total = toDownload.reduce((sum, { plan }) => sum + remainingBytes(plan), 0);

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
    // What is left (after a cancel or an error) can be downloaded again.
    setStarted(false);
    void plan();
  };

  return (
    <main class="nb-welcome">
      <h1>{t('welcomeTitle')}</h1>
      <p>{t('welcomeIntro')}</p>
      <section aria-labelledby="welcome-models">
        <h2 id="welcome-models">{t('welcomeModels')}</h2>
        {planned ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('welcomeFor')}</th>
                <th scope="col">{t('welcomeModel')}</th>
                <th scope="col">{t('welcomeDownload')}</th>
              </tr>
            </thead>
            <tbody>
              {planned.map(({ use, plan }) => (
                <tr key={plan.modelId}>
                  <td>{t(use)}</td>
                  <td>{plan.modelId}</td>
                  <td>{remainingBytes(plan) > 0 ? formatBytes(remainingBytes(plan)) : t('welcomeStored', formatBytes(plan.totalBytes))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : error ? null : (
          <p class="nb-hint">{t('welcomeFindingSizes')}</p>
        )}
        <MachineNote total={total} />
        {error?.code === 'cancelled' ? <p role="status">{error.message}</p> : null}
        {error && error.code !== 'cancelled' ? (
          <ErrorNotice message={error.message} code={error.code}>
            <button
              type="button"
              onClick={() => {
                setError(undefined);
                void plan();
              }}
            >
              {t('tryAgain')}
            </button>
          </ErrorNotice>
        ) : null}
        <div class="nb-actions">
          {planned && toDownload.length > 0 ? (
            <button type="button" class="nb-primary" disabled={started} onClick={() => void downloadAll()}>
              {t('welcomeDownloadModels', formatBytes(total))}
            </button>
          ) : null}
          <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('welcomeChooseOther')}
          </button>
        </div>
        {planned && toDownload.length === 0 ? <p role="status">{t('welcomeReady')}</p> : null}
        <Downloads status={status} finished={finished} />
        {started ? <p class="nb-hint">{t('welcomeCloseOk')}</p> : null}
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
      {free !== undefined ? `${t(free < total ? 'welcomeSpaceShort' : 'welcomeSpace', formatBytes(free))} ` : ''}
      {memory ? t('welcomeMemoryReported', memory) : t('welcomeMemory')}
    </p>
  );
}

/** Each model downloading now, with bytes, speed, time left and Cancel (from the engine's status, whoever started it). */
function Downloads({ status, finished }: { status: EngineStatus | undefined; finished: string[] }) {
  const downloads = status?.models.flatMap((model) => (model.download ? [model.download] : [])) ?? [];
  return (
    <>
      {downloads.map((download) => (
        <DownloadRow key={download.modelId} progress={download} />
      ))}
      {finished.length > 0 ? <p role="status">{t('welcomeDownloaded', finished.join(', '))}</p> : null}
    </>
  );
}
