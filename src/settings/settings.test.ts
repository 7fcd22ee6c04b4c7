import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, getSettings, isWebAddress, SETTINGS_DECLARATIONS, updateSettings, validateSettings } from './settings';

describe('stored settings', () => {
  it('reads each bad value as its default, keeping the good ones', () => {
    const settings = validateSettings({
      textModel: null,
      modelHost: 42,
      summaryType: 'nope',
      summaryReading: 'everything',
      lastTone: 'pwned',
      device: 'gpu',
      imageModel: 'Xenova/vit-gpt2-image-captioning',
      autoAltTextSites: ['example.com', 7, '<script>'],
    });
    expect(settings.textModel).toBe(DEFAULT_SETTINGS.textModel);
    expect(settings.modelHost).toBe(DEFAULT_SETTINGS.modelHost);
    expect(settings.summaryType).toBe(DEFAULT_SETTINGS.summaryType);
    expect(settings.summaryReading).toBe('key-passages');
    expect(settings.lastTone).toBe(DEFAULT_SETTINGS.lastTone);
    expect(settings.device).toBe('auto');
    expect(settings.imageModel).toBe('Xenova/vit-gpt2-image-captioning');
    expect(settings.autoAltTextSites).toEqual(['example.com']);
  });

  it('keeps a valid choice of what the model reads of long pages', () => {
    expect(validateSettings({ summaryReading: 'whole-page' }).summaryReading).toBe('whole-page');
    expect(validateSettings({ summaryReading: 'key-passages' }).summaryReading).toBe('key-passages');
    expect(validateSettings({ summaryReading: ['whole-page'] }).summaryReading).toBe('key-passages');
  });

  it('clamps numbers into range, so timers never overflow', () => {
    expect(validateSettings({ idleUnloadMinutes: 40000 }).idleUnloadMinutes).toBe(24 * 60);
    expect(validateSettings({ idleUnloadMinutes: -5 }).idleUnloadMinutes).toBe(0.01);
    expect(validateSettings({ idleUnloadMinutes: Number.NaN }).idleUnloadMinutes).toBe(DEFAULT_SETTINGS.idleUnloadMinutes);
  });

  it('survives anything stored in place of the settings object', () => {
    for (const stored of [null, undefined, 'x', 3, [], [1, 2]]) expect(validateSettings(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps an instruction of sensible length only', () => {
    expect(validateSettings({ lastInstruction: 'make it rhyme' }).lastInstruction).toBe('make it rhyme');
    expect(validateSettings({ lastInstruction: 'x'.repeat(501) }).lastInstruction).toBe('');
  });

  it('checks the model server settings like the others', () => {
    const settings = validateSettings({
      runOn: 'cloud',
      imagesRunOn: 'browser',
      serverAddress: 'javascript:alert(1)',
      serverApi: 'grpc',
      serverApiKey: 'key with spaces',
      serverTextModel: 'llama3.2:3b',
      serverImageModel: 'two words',
      serverContextTokens: 10,
      serverTimeoutSeconds: 1e9,
    });
    expect(settings.runOn).toBe('browser');
    expect(settings.imagesRunOn).toBe('browser');
    expect(settings.serverAddress).toBe(DEFAULT_SETTINGS.serverAddress);
    expect(settings.serverApi).toBe(DEFAULT_SETTINGS.serverApi);
    expect(settings.serverApiKey).toBe('');
    expect(settings.serverTextModel).toBe('llama3.2:3b');
    expect(settings.serverImageModel).toBe('');
    expect(settings.serverContextTokens).toBe(512);
    expect(settings.serverTimeoutSeconds).toBe(3600);
  });

  it('assembles the features’ declarations: each key declared once, each default passing its own check', () => {
    const keys = SETTINGS_DECLARATIONS.flatMap((declaration) => Object.keys(declaration.defaults));
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(DEFAULT_SETTINGS).sort()).toEqual([...keys].sort());
    expect(SETTINGS_DECLARATIONS.map((declaration) => declaration.feature)).toEqual(['extension', 'summarize', 'rewrite', 'alt-text']);
    for (const { feature, defaults, checks } of SETTINGS_DECLARATIONS) {
      expect(Object.keys(checks).sort(), feature).toEqual(Object.keys(defaults).sort());
      for (const [key, value] of Object.entries(defaults)) expect((checks as Record<string, (value: unknown) => unknown>)[key]!(value), key).toEqual(value);
    }
    expect(validateSettings({})).toEqual(DEFAULT_SETTINGS);
  });
});

describe('addresses typed in the options page', () => {
  it('takes http(s) URLs, spaces around them included, and nothing else', () => {
    for (const good of ['http://127.0.0.1:11434', ' https://huggingface.co ', 'http://nas.local:8080/v1']) expect(isWebAddress(good), good).toBe(true);
    for (const bad of ['', '127.0.0.1:11434', 'ftp://example.com', 'javascript:alert(1)', 'file:///etc/passwd', 'http//x']) expect(isWebAddress(bad), bad).toBe(false);
  });
});

describe('updateSettings', () => {
  it('keeps every change when several are made at once (each write reads what the one before stored)', async () => {
    await Promise.all([
      updateSettings({ textModel: 'someone/text-model' }),
      updateSettings({ device: 'wasm' }),
      updateSettings({ modelHost: 'http://127.0.0.1:8080' }),
      updateSettings({ idleUnloadMinutes: 3 }),
    ]);
    expect(await getSettings()).toMatchObject({ textModel: 'someone/text-model', device: 'wasm', modelHost: 'http://127.0.0.1:8080', idleUnloadMinutes: 3 });
  });
});
