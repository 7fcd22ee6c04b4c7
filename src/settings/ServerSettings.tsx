// Options for a model server: its address (public ones need the person's confirmation), API, key, the
// models it offers, and "Test connection".
import { useEffect, useState } from 'preact/hooks';
import { engineQuery } from '../engine/client';
import type { ServerModel } from '../engine/types';
import { addressSpaceOf } from '../messaging/addresses';
import { errorMessage } from '../ui/errors';
import { serverConfigOf } from './engine-config';
import { NumberInput } from './NumberInput';
import { normalizeModelHost, type Settings } from './settings';

interface Props {
  settings: Settings;
  save: (patch: Partial<Settings>) => Promise<void>;
  /** Shows a typed value before it is valid enough to save. */
  show: (patch: Partial<Settings>) => void;
}

export function ServerSettings({ settings, save, show }: Props) {
  const [addressError, setAddressError] = useState<string>();
  const [models, setModels] = useState<ServerModel[]>();
  const [listError, setListError] = useState<string>();
  const [test, setTest] = useState<{ state: 'working' | 'done' | 'failed'; message: string }>();
  const address = normalizeModelHost(settings.serverAddress);
  const isPublic = !addressError && safeSpace(address) === 'public';
  const confirmed = isPublic && normalizeModelHost(settings.serverPublicAddressConfirmed) === address;
  const mayAsk = !addressError && (!isPublic || confirmed);

  // The model pickers list what the server offers; asked again when the address, API or key changes.
  useEffect(() => {
    setModels(undefined);
    setListError(undefined);
    if (!mayAsk) return;
    let current = true;
    engineQuery('probeServer', { server: serverConfigOf(settings), hello: false }).then(
      (probe) => current && setModels(probe.models),
      (reason: unknown) => current && setListError(errorMessage(reason)),
    );
    return () => {
      current = false;
    };
  }, [address, settings.serverApi, settings.serverApiKey, mayAsk]);

  const onAddress = (value: string) => {
    show({ serverAddress: value });
    const problem = addressProblem(value);
    setAddressError(problem);
    if (!problem) void save({ serverAddress: value.trim() });
  };

  const testConnection = async () => {
    setTest({ state: 'working', message: `Asking ${address}…` });
    try {
      const probe = await engineQuery('probeServer', { server: serverConfigOf(settings), hello: true });
      setModels(probe.models);
      const names = probe.models.map((model) => model.id).join(', ') || 'none';
      const hello = probe.hello
        ? ` ${settings.serverTextModel} answered "Hello" in ${formatMs(probe.hello.ms)}: "${probe.hello.text.trim().slice(0, 80)}".`
        : ' Choose a text model to time an answer.';
      setTest({ state: 'done', message: `Connected to ${address}. Models: ${names}.${hello}` });
    } catch (reason) {
      setTest({ state: 'failed', message: errorMessage(reason) });
    }
  };

  const imageModels = models?.filter((model) => model.vision !== false);
  return (
    <section aria-labelledby="server-heading">
      <h2 id="server-heading">Model server</h2>
      <label for="server-address">Server address</label>
      <input
        id="server-address"
        type="url"
        value={settings.serverAddress}
        spellcheck={false}
        aria-describedby="server-address-hint"
        aria-invalid={addressError ? 'true' : 'false'}
        onInput={(event) => onAddress(event.currentTarget.value)}
      />
      <p id="server-address-hint" class="nb-hint">
        Ollama listens on http://127.0.0.1:11434, llama-server on http://127.0.0.1:8080. The text of the pages you summarize
        or rewrite, and the images you describe, are sent to this address.
      </p>
      {addressError ? (
        <p class="nb-error" role="alert">
          {addressError}
        </p>
      ) : null}
      {isPublic ? (
        <div class="nb-warning">
          <p id="server-public-warning">
            {address} is not on this computer or your local network. If you use it, the text of the pages you summarize
            or rewrite and the images you describe will be sent there, over the internet.
          </p>
          <label>
            <input
              type="checkbox"
              checked={confirmed}
              aria-describedby="server-public-warning"
              onChange={(event) => void save({ serverPublicAddressConfirmed: event.currentTarget.checked ? address : '' })}
            />{' '}
            Send page text to {address}
          </label>
        </div>
      ) : null}

      <label for="server-api">Server API</label>
      <select id="server-api" value={settings.serverApi} onChange={(event) => void save({ serverApi: event.currentTarget.value as Settings['serverApi'] })}>
        <option value="ollama">Ollama</option>
        <option value="openai">OpenAI-compatible (llama-server, LM Studio, vLLM, Ollama's /v1)</option>
      </select>

      <label for="server-api-key">API key</label>
      <input
        id="server-api-key"
        type="password"
        autocomplete="off"
        value={settings.serverApiKey}
        aria-describedby="server-api-key-hint"
        onInput={(event) => void save({ serverApiKey: event.currentTarget.value.trim() })}
      />
      <p id="server-api-key-hint" class="nb-hint">
        Optional. Kept in this browser and sent only to the server address above.
      </p>

      <ServerModelPicker id="server-text-model" label="Server text model" models={models} value={settings.serverTextModel} onChange={(serverTextModel) => void save({ serverTextModel })} />
      <ServerModelPicker
        id="server-image-model"
        label="Server image model"
        models={imageModels}
        value={settings.serverImageModel}
        onChange={(serverImageModel) => void save({ serverImageModel })}
      />
      {listError ? (
        <p class="nb-error" role="alert">
          {listError}
        </p>
      ) : null}

      <label for="server-context">Context size (tokens)</label>
      <NumberInput
        id="server-context"
        min={512}
        step={512}
        value={settings.serverContextTokens}
        describedBy="server-context-hint"
        onNumber={(tokens) => void save({ serverContextTokens: tokens })}
      />
      <p id="server-context-hint" class="nb-hint">
        How much text the model reads at once, when the server does not say. Ollama is asked to use this size; long pages
        are summarized in parts that fit.
      </p>

      <label for="server-timeout">Wait for the server (seconds)</label>
      <NumberInput id="server-timeout" min={1} max={3600} value={settings.serverTimeoutSeconds} onNumber={(seconds) => void save({ serverTimeoutSeconds: seconds })} />

      <div class="nb-actions">
        <button type="button" onClick={() => void testConnection()} disabled={!mayAsk || test?.state === 'working'}>
          Test connection
        </button>
        {test ? (
          <p class={test.state === 'failed' ? 'nb-error' : 'nb-hint'} role={test.state === 'failed' ? 'alert' : 'status'}>
            {test.message}
          </p>
        ) : null}
      </div>
    </section>
  );
}

/** A select of the server's models; the chosen one stays listed while the list loads or when the server lacks it. */
function ServerModelPicker({ id, label, models, value, onChange }: { id: string; label: string; models?: ServerModel[]; value: string; onChange: (model: string) => void }) {
  const ids = models?.map((model) => model.id) ?? [];
  const listed = value && !ids.includes(value) ? [value, ...ids] : ids;
  return (
    <>
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        <option value="">{models ? 'Choose a model' : 'Models load from the server…'}</option>
        {listed.map((model) => (
          <option key={model} value={model}>
            {model}
            {models && !ids.includes(model) ? ' (not on the server)' : ''}
          </option>
        ))}
      </select>
    </>
  );
}

function addressProblem(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'https:' || url.protocol === 'http:') return undefined;
  } catch {
    // Falls through to the message below.
  }
  return 'Enter the server address with http:// or https://, such as http://127.0.0.1:11434.';
}

function safeSpace(address: string) {
  try {
    return addressSpaceOf(address);
  } catch {
    return undefined;
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
