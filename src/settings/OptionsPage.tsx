import { useEffect, useRef, useState } from 'preact/hooks';
import { engineQuery } from '../engine/client';
import { MODEL_PRESETS } from '../engine/presets';
import type { CachedModel, ModelTask } from '../engine/types';
import { formatBytes } from '../ui/format';
import { ModelDownload } from '../ui/ModelDownload';
import { ModelStatus } from '../ui/ModelStatus';
import { useEngineStatus } from '../ui/useEngineStatus';
import type { DevicePreference } from '../engine/types';
import { builtinApi } from '../engine/builtin-engine';
import { BuiltinSettings } from './BuiltinSettings';
import { NumberInput } from './NumberInput';
import { ServerSettings } from './ServerSettings';
import type { SummaryReading } from '../features/summarize/options';
import { DEFAULT_SETTINGS, getSettings, updateSettings, type Settings } from './settings';

export function OptionsPage() {
  const [settings, setSettings] = useState<Settings>();
  const [hostError, setHostError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const status = useEngineStatus();
  /** Counts deletes, so what says "Stored" asks again. */
  const [deletes, setDeletes] = useState(0);

  useEffect(() => {
    void getSettings().then(setSettings);
  }, []);

  // "Open Options" from an unreachable-host message lands on the field that fixes it.
  useEffect(() => {
    if (settings && location.hash.length > 1) document.getElementById(location.hash.slice(1))?.focus();
  }, [settings !== undefined]);

  if (!settings) return <p>Loading…</p>;
  // Offered only where the browser has it (Chrome with Gemini Nano).
  const hasBuiltin = builtinApi() !== undefined;

  const save = async (patch: Partial<Settings>) => {
    setSettings(await updateSettings(patch));
    setSaved(true);
  };

  const onHostInput = (value: string) => {
    setSettings({ ...settings, modelHost: value });
    const problem = modelHostProblem(value);
    setHostError(problem);
    if (!problem) void save({ modelHost: value.trim() });
  };

  return (
    <main>
      <h1>Nano Banana options</h1>
      <section aria-labelledby="engine-heading">
        <h2 id="engine-heading">Engine</h2>
        <label for="run-on">Run models on</label>
        <select id="run-on" value={settings.runOn} aria-describedby="run-on-hint" onChange={(event) => void save({ runOn: event.currentTarget.value as Settings['runOn'] })}>
          <option value="browser">This browser</option>
          <option value="server">A model server</option>
          {hasBuiltin ? <option value="builtin">Chrome's built-in AI</option> : null}
        </select>
        <p id="run-on-hint" class="nb-hint">
          This browser: models are downloaded once and run here; nothing leaves your computer. A model server: Ollama,
          llama-server, LM Studio or vLLM on this computer or your network answers instead, and gets the text and images
          you ask about.
        </p>
        <label for="images-run-on">Describe images on</label>
        <select
          id="images-run-on"
          value={settings.imagesRunOn}
          onChange={(event) => void save({ imagesRunOn: event.currentTarget.value as Settings['imagesRunOn'] })}
        >
          <option value="same">The same as the other features</option>
          <option value="browser">This browser</option>
          <option value="server">A model server</option>
          {hasBuiltin ? <option value="builtin">Chrome's built-in AI</option> : null}
        </select>
      </section>

      {settings.runOn === 'builtin' || settings.imagesRunOn === 'builtin' ? <BuiltinSettings /> : null}

      {settings.runOn === 'server' || settings.imagesRunOn === 'server' ? (
        <ServerSettings settings={settings} save={save} show={(patch) => setSettings({ ...settings, ...patch })} />
      ) : null}

      <section aria-labelledby="models-heading">
        <h2 id="models-heading">Models in this browser</h2>
        <label for="model-host">Model host</label>
        <input
          id="model-host"
          type="url"
          value={settings.modelHost}
          aria-describedby="model-host-hint"
          aria-invalid={hostError ? 'true' : 'false'}
          onInput={(event) => onHostInput(event.currentTarget.value)}
        />
        <p id="model-host-hint" class="nb-hint">
          Where models are downloaded from: the Hugging Face Hub ({DEFAULT_SETTINGS.modelHost}) or a mirror with the same
          layout. Only model files are requested from it; nothing from your pages is sent.
        </p>
        {hostError ? (
          <p class="nb-error" role="alert">
            {hostError}
          </p>
        ) : null}

        <ModelField
          id="text-model"
          label="Text model"
          task="text-generation"
          value={settings.textModel}
          onChange={(textModel) => void save({ textModel })}
        />
        <ModelField
          id="image-model"
          label="Image model"
          task="image-to-text"
          value={settings.imageModel}
          onChange={(imageModel) => void save({ imageModel })}
        />

        <label for="device">Processor for models in this browser</label>
        <select
          id="device"
          value={settings.device}
          onChange={(event) => void save({ device: event.currentTarget.value as DevicePreference })}
        >
          <option value="auto">Automatic: the GPU (WebGPU) when available, else the CPU</option>
          <option value="wasm">The CPU (WebAssembly)</option>
          <option value="webgpu">The GPU (WebGPU)</option>
        </select>

        <label for="summary-reading">Long pages on the CPU</label>
        <select
          id="summary-reading"
          value={settings.summaryReading}
          onChange={(event) => void save({ summaryReading: event.currentTarget.value as SummaryReading })}
        >
          <option value="key-passages">Summarize the key passages first (first words in seconds)</option>
          <option value="whole-page">Always read the whole page (slower)</option>
        </select>

        <label for="idle-minutes">Unload an unused model after (minutes)</label>
        <NumberInput id="idle-minutes" min={1} max={240} value={settings.idleUnloadMinutes} onNumber={(minutes) => void save({ idleUnloadMinutes: minutes })} />
        <p class="nb-hint" aria-live="polite">
          {saved ? 'Saved. Changes apply to the next request.' : ''}
        </p>
      </section>

      <section aria-labelledby="downloads-heading">
        <h2 id="downloads-heading">Downloads</h2>
        <p class="nb-hint">Nothing is downloaded until you choose Download, here or where a feature offers it.</p>
        <ModelDownload task="text-generation" modelId={settings.textModel} buttonLabel="Download text model" refreshKey={deletes} />
        <ModelDownload task="image-to-text" modelId={settings.imageModel} buttonLabel="Download image model" refreshKey={deletes} />
        <ModelStatus status={status} />
      </section>

      <CachedModels refreshKey={status} onDeleted={() => setDeletes((count) => count + 1)} />
    </main>
  );
}

function modelHostProblem(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'https:' || url.protocol === 'http:') return undefined;
  } catch {
    // Falls through to the message below.
  }
  return 'Enter a web address that starts with https:// or http://, such as https://huggingface.co.';
}

interface ModelFieldProps {
  id: string;
  label: string;
  task: ModelTask;
  value: string;
  onChange: (modelId: string) => void;
}

/** A Hub model id, with the presets for its task offered as suggestions. */
function ModelField({ id, label, task, value, onChange }: ModelFieldProps) {
  const presets = MODEL_PRESETS.filter((preset) => preset.task === task);
  const [draft, setDraft] = useState(value);
  const problem = /^[\w.-]+\/[\w.-]+$/.test(draft.trim()) ? undefined : 'Enter a model id such as org/name.';
  return (
    <>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="text"
        list={`${id}-presets`}
        value={draft}
        spellcheck={false}
        autocomplete="off"
        aria-describedby={`${id}-hint`}
        aria-invalid={problem ? 'true' : 'false'}
        onInput={(event) => {
          const next = event.currentTarget.value;
          setDraft(next);
          if (/^[\w.-]+\/[\w.-]+$/.test(next.trim())) onChange(next.trim());
        }}
      />
      <datalist id={`${id}-presets`}>
        {presets.map((preset) => (
          <option key={preset.id} value={preset.id}>
            {preset.label}
          </option>
        ))}
      </datalist>
      <p id={`${id}-hint`} class="nb-hint">
        {problem ?? `Suggestions: ${presets.map((preset) => `${preset.id} (${preset.label})`).join('; ')}.`}
      </p>
    </>
  );
}

function CachedModels({ refreshKey, onDeleted }: { refreshKey: unknown; onDeleted: () => void }) {
  const [models, setModels] = useState<CachedModel[]>();
  const [error, setError] = useState<string>();
  /** The model whose Delete was clicked: it is deleted only once the person confirms. */
  const [confirming, setConfirming] = useState<string>();
  const refresh = () =>
    engineQuery('cachedModels')
      .then(setModels)
      .catch((reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)));
  useEffect(() => void refresh(), [refreshKey]);
  return (
    <section aria-labelledby="cache-heading">
      <h2 id="cache-heading">Stored models</h2>
      {error ? <p class="nb-error" role="alert">{error}</p> : null}
      {models && models.length === 0 ? <p class="nb-muted">No models are stored on this device.</p> : null}
      {models && models.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Files</th>
              <th scope="col">Size</th>
              <th scope="col">
                <span class="nb-muted">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {models.map((model) => (
              <tr key={model.modelId}>
                <td>{model.modelId}</td>
                <td>{model.files}</td>
                <td>{formatBytes(model.bytes)}</td>
                <td>
                  {confirming === model.modelId ? (
                    <ConfirmDelete
                      model={model}
                      onCancel={() => setConfirming(undefined)}
                      onDelete={() =>
                        void engineQuery('deleteCachedModel', model.modelId)
                          .then(() => {
                            setConfirming(undefined);
                            onDeleted();
                            return refresh();
                          })
                          .catch((reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)))
                      }
                    />
                  ) : (
                    <button type="button" aria-label={`Delete ${model.modelId}`} onClick={() => setConfirming(model.modelId)}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ClearCaptions />
    </section>
  );
}

/** Asks before a model is deleted: it would have to be downloaded again. Focus starts on Cancel, the safe choice. */
function ConfirmDelete({ model, onDelete, onCancel }: { model: CachedModel; onDelete: () => void; onCancel: () => void }) {
  const id = `confirm-delete-${model.modelId.replace(/\W+/g, '-')}`;
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div role="group" aria-labelledby={id} class="nb-confirm">
      <span id={id}>Delete {formatBytes(model.bytes)}?</span>{' '}
      <button type="button" onClick={onDelete}>
        Delete
      </button>{' '}
      <button type="button" ref={cancel} onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** Descriptions of images already seen are kept so a revisit costs nothing; the person can forget them. */
function ClearCaptions() {
  const [message, setMessage] = useState<string>();
  return (
    <div class="nb-actions">
      <button
        type="button"
        onClick={() =>
          void engineQuery('clearCachedCaptions').then(
            () => setMessage('Cached image descriptions cleared.'),
            (reason: unknown) => setMessage(reason instanceof Error ? reason.message : String(reason)),
          )
        }
      >
        Clear cached image descriptions
      </button>
      <p class="nb-hint" role="status">
        {message}
      </p>
    </div>
  );
}
