// Options for a model server: its address (public ones need the person's confirmation), API, key, the
// models it offers, and "Test connection".
import { useEffect, useState } from 'preact/hooks';
import { engineQuery } from '../engine/client';
import type { ServerModel } from '../engine/types';
import { addressSpaceOf } from '../messaging/addresses';
import { errorMessage } from '../ui/errors';
import { serverConfigOf } from './engine-config';
import { NumberInput } from './NumberInput';
import { isWebAddress, normalizeModelHost, type Settings } from './settings';
import { t } from '../i18n/i18n';

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
    const problem = isWebAddress(value) ? undefined : t('serverAddressProblem');
    setAddressError(problem);
    if (!problem) void save({ serverAddress: value.trim() });
  };

  const testConnection = async () => {
    setTest({ state: 'working', message: t('serverAsking', address) });
    try {
      const probe = await engineQuery('probeServer', { server: serverConfigOf(settings), hello: true });
      setModels(probe.models);
      const names = probe.models.map((model) => model.id).join(', ') || t('serverModelsNone');
      const hello = probe.hello
        ? t('serverHello', settings.serverTextModel, formatMs(probe.hello.ms), probe.hello.text.trim().slice(0, 80))
        : t('serverChooseTextModel');
      setTest({ state: 'done', message: t('serverConnected', address, names, hello) });
    } catch (reason) {
      setTest({ state: 'failed', message: errorMessage(reason) });
    }
  };

  const imageModels = models?.filter((model) => model.vision !== false);
  return (
    <section aria-labelledby="server-heading">
      <h2 id="server-heading">{t('serverHeading')}</h2>
      <label for="server-address">{t('serverAddress')}</label>
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
        {t('serverAddressHint')}
      </p>
      {addressError ? (
        <p class="nb-error" role="alert">
          {addressError}
        </p>
      ) : null}
      {isPublic ? (
        <div class="nb-warning">
          <p id="server-public-warning">
            {t('serverPublicWarning', address)}
          </p>
          <label>
            <input
              type="checkbox"
              checked={confirmed}
              aria-describedby="server-public-warning"
              onChange={(event) => void save({ serverPublicAddressConfirmed: event.currentTarget.checked ? address : '' })}
            />{' '}
            {t('serverSendTo', address)}
          </label>
        </div>
      ) : null}

      <label for="server-api">{t('serverApi')}</label>
      <select id="server-api" value={settings.serverApi} onChange={(event) => void save({ serverApi: event.currentTarget.value as Settings['serverApi'] })}>
        <option value="ollama">{t('serverApiOllama')}</option>
        <option value="openai">{t('serverApiOpenai')}</option>
      </select>

      <label for="server-api-key">{t('serverApiKey')}</label>
      <input
        id="server-api-key"
        type="password"
        autocomplete="off"
        value={settings.serverApiKey}
        aria-describedby="server-api-key-hint"
        onInput={(event) => void save({ serverApiKey: event.currentTarget.value.trim() })}
      />
      <p id="server-api-key-hint" class="nb-hint">
        {t('serverApiKeyHint')}
      </p>

      <ServerModelPicker id="server-text-model" label={t('serverTextModel')} models={models} value={settings.serverTextModel} onChange={(serverTextModel) => void save({ serverTextModel })} />
      <ServerModelPicker
        id="server-image-model"
        label={t('serverImageModel')}
        models={imageModels}
        value={settings.serverImageModel}
        onChange={(serverImageModel) => void save({ serverImageModel })}
      />
      {listError ? (
        <p class="nb-error" role="alert">
          {listError}
        </p>
      ) : null}

      <label for="server-context">{t('serverContext')}</label>
      <NumberInput
        id="server-context"
        min={512}
        step={512}
        value={settings.serverContextTokens}
        describedBy="server-context-hint"
        onNumber={(tokens) => void save({ serverContextTokens: tokens })}
      />
      <p id="server-context-hint" class="nb-hint">
        {t('serverContextHint')}
      </p>

      <label for="server-timeout">{t('serverTimeout')}</label>
      <NumberInput id="server-timeout" min={1} max={3600} value={settings.serverTimeoutSeconds} onNumber={(seconds) => void save({ serverTimeoutSeconds: seconds })} />

      <div class="nb-actions">
        <button type="button" onClick={() => void testConnection()} disabled={!mayAsk || test?.state === 'working'}>
          {t('testConnection')}
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
        <option value="">{models ? t('chooseModel') : t('serverModelsLoading')}</option>
        {listed.map((model) => (
          <option key={model} value={model}>
            {models && !ids.includes(model) ? t('notOnServer', model) : model}
          </option>
        ))}
      </select>
    </>
  );
}

function safeSpace(address: string) {
  try {
    return addressSpaceOf(address);
  } catch {
    return undefined;
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? t('durationMs', Math.round(ms)) : t('durationSeconds', (ms / 1000).toFixed(1));
}
