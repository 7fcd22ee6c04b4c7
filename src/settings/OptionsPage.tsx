import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
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
import { DEFAULT_SETTINGS, getSettings, isWebAddress, updateSettings, type Settings } from './settings';
import { t } from '../i18n/i18n';

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

  if (!settings) return <p>{t('loading')}</p>;
  // Offered only where the browser has it (Chrome with Gemini Nano).
  const hasBuiltin = builtinApi() !== undefined;

  // The page shows the change at once and stores it: setting what the store answered instead would put an
  // earlier keystroke's value back into a field the person is still typing in.
  const save = async (patch: Partial<Settings>) => {
    setSettings((current) => current && { ...current, ...patch });
    await updateSettings(patch);
    setSaved(true);
  };

  const onHostInput = (value: string) => {
    setSettings({ ...settings, modelHost: value });
    const problem = isWebAddress(value) ? undefined : t('modelHostProblem');
    setHostError(problem);
    if (!problem) void save({ modelHost: value.trim() });
  };

  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <section aria-labelledby="engine-heading">
        <h2 id="engine-heading">{t('engineHeading')}</h2>
        <label for="run-on">{t('runOn')}</label>
        <select id="run-on" value={settings.runOn} aria-describedby="run-on-hint" onChange={(event) => void save({ runOn: event.currentTarget.value as Settings['runOn'] })}>
          <option value="browser">{t('runOnBrowser')}</option>
          <option value="server">{t('runOnServer')}</option>
          {hasBuiltin ? <option value="builtin">{t('runOnBuiltin')}</option> : null}
        </select>
        <p id="run-on-hint" class="nb-hint">
          {t('runOnHint')}
        </p>
        <label for="images-run-on">{t('imagesRunOn')}</label>
        <select
          id="images-run-on"
          value={settings.imagesRunOn}
          onChange={(event) => void save({ imagesRunOn: event.currentTarget.value as Settings['imagesRunOn'] })}
        >
          <option value="same">{t('imagesRunOnSame')}</option>
          <option value="browser">{t('runOnBrowser')}</option>
          <option value="server">{t('runOnServer')}</option>
          {hasBuiltin ? <option value="builtin">{t('runOnBuiltin')}</option> : null}
        </select>
      </section>

      {settings.runOn === 'builtin' || settings.imagesRunOn === 'builtin' ? <BuiltinSettings /> : null}

      {settings.runOn === 'server' || settings.imagesRunOn === 'server' ? (
        <ServerSettings settings={settings} save={save} show={(patch) => setSettings({ ...settings, ...patch })} />
      ) : null}

      <section aria-labelledby="models-heading">
        <h2 id="models-heading">{t('modelsInBrowser')}</h2>
        <label for="model-host">{t('modelHost')}</label>
        <input
          id="model-host"
          type="url"
          value={settings.modelHost}
          aria-describedby="model-host-hint"
          aria-invalid={hostError ? 'true' : 'false'}
          onInput={(event) => onHostInput(event.currentTarget.value)}
        />
        <p id="model-host-hint" class="nb-hint">
          {t('modelHostHint', DEFAULT_SETTINGS.modelHost)}
        </p>
        {hostError ? (
          <p class="nb-error" role="alert">
            {hostError}
          </p>
        ) : null}

        <ModelField
          id="text-model"
          label={t('textModel')}
          task="text-generation"
          value={settings.textModel}
          onChange={(textModel) => void save({ textModel })}
        />
        <ModelField
          id="image-model"
          label={t('imageModel')}
          task="image-to-text"
          value={settings.imageModel}
          onChange={(imageModel) => void save({ imageModel })}
        />

        <label for="device">{t('device')}</label>
        <select
          id="device"
          value={settings.device}
          onChange={(event) => void save({ device: event.currentTarget.value as DevicePreference })}
        >
          <option value="auto">{t('deviceAuto')}</option>
          <option value="wasm">{t('deviceWasm')}</option>
          <option value="webgpu">{t('deviceWebgpuOption')}</option>
        </select>

        <label for="summary-reading">{t('summaryReading')}</label>
        <select
          id="summary-reading"
          value={settings.summaryReading}
          onChange={(event) => void save({ summaryReading: event.currentTarget.value as SummaryReading })}
        >
          <option value="key-passages">{t('summaryReadingKeyPassages')}</option>
          <option value="whole-page">{t('summaryReadingWholePage')}</option>
        </select>

        <label for="idle-minutes">{t('idleMinutes')}</label>
        <NumberInput id="idle-minutes" min={1} max={240} value={settings.idleUnloadMinutes} onNumber={(minutes) => void save({ idleUnloadMinutes: minutes })} />
        <p class="nb-hint" aria-live="polite">
          {saved ? t('saved') : ''}
        </p>
      </section>

      <section aria-labelledby="downloads-heading">
        <h2 id="downloads-heading">{t('downloadsHeading')}</h2>
        <p class="nb-hint">{t('downloadsHint')}</p>
        <ModelDownload task="text-generation" modelId={settings.textModel} buttonLabel={t('downloadTextModel')} refreshKey={deletes} />
        <ModelDownload task="image-to-text" modelId={settings.imageModel} buttonLabel={t('downloadImageModel')} refreshKey={deletes} />
        <ModelStatus status={status} />
      </section>

      <CachedModels refreshKey={status} onDeleted={() => setDeletes((count) => count + 1)} />
    </main>
  );
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
  const problem = /^[\w.-]+\/[\w.-]+$/.test(draft.trim()) ? undefined : t('modelIdProblem');
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
            {t(preset.label)}
          </option>
        ))}
      </datalist>
      <p id={`${id}-hint`} class="nb-hint">
        {problem ?? t('modelSuggestions', presets.map((preset) => t('presetInList', preset.id, t(preset.label))).join('; '))}
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
      <h2 id="cache-heading">{t('storedModels')}</h2>
      {error ? <p class="nb-error" role="alert">{error}</p> : null}
      {models && models.length === 0 ? <p class="nb-muted">{t('noStoredModels')}</p> : null}
      {models && models.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('cacheModel')}</th>
              <th scope="col">{t('cacheFiles')}</th>
              <th scope="col">{t('cacheSize')}</th>
              <th scope="col">
                <span class="nb-muted">{t('cacheAction')}</span>
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
                    <button type="button" aria-label={t('deleteModel', model.modelId)} onClick={() => setConfirming(model.modelId)}>
                      {t('delete')}
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

/**
 * Asks before a model is deleted: it would have to be downloaded again. Focus starts on Cancel, the safe choice, as
 * the question replaces the Delete button that had it (a layout effect: no moment with the focus on nothing).
 */
function ConfirmDelete({ model, onDelete, onCancel }: { model: CachedModel; onDelete: () => void; onCancel: () => void }) {
  const id = `confirm-delete-${model.modelId.replace(/\W+/g, '-')}`;
  const cancel = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => cancel.current?.focus(), []);
  return (
    <div role="group" aria-labelledby={id} class="nb-confirm">
      <span id={id}>{t('deleteSize', formatBytes(model.bytes))}</span>{' '}
      <button type="button" onClick={onDelete}>
        {t('delete')}
      </button>{' '}
      <button type="button" ref={cancel} onClick={onCancel}>
        {t('cancel')}
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
            () => setMessage(t('captionsCleared')),
            (reason: unknown) => setMessage(reason instanceof Error ? reason.message : String(reason)),
          )
        }
      >
        {t('clearCaptions')}
      </button>
      <p class="nb-hint" role="status">
        {message}
      </p>
    </div>
  );
}
