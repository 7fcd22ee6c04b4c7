// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineStage, EngineStatus } from '../engine/types';
import { ModelStatus } from './ModelStatus';
import { localized, type LocalizedText } from '../i18n/i18n';

let container: HTMLElement | undefined;

afterEach(() => {
  if (container) render(null, container);
  container?.remove();
});

function status(stage: EngineStage, notice?: LocalizedText): EngineStatus {
  return {
    models: [{ modelId: 'org/text-model', task: 'text-generation', stage, device: stage === 'downloading' || stage === 'checking' ? undefined : 'wasm' }],
    threads: 2,
    crossOriginIsolated: true,
    ...(notice ? { notice } : {}),
  };
}

/** Renders each status in turn and returns what the live region said: its text at each change. */
function spokenOver(statuses: EngineStatus[]): string[] {
  container = document.createElement('div');
  document.body.append(container);
  const spoken: string[] = [];
  for (const next of statuses) {
    render(<ModelStatus status={next} />, container);
    const region = container.querySelector('[aria-live]');
    expect(region).not.toBeNull();
    const text = region!.textContent ?? '';
    if (spoken.at(-1) !== text) spoken.push(text);
  }
  return spoken;
}

describe('ModelStatus', () => {
  it('announces the model loading and becoming ready, not each request working on it', () => {
    const spoken = spokenOver([
      status('checking'),
      status('downloading'),
      status('loading'),
      status('ready'),
      // Two requests, one after the other.
      status('working'),
      status('ready'),
      status('working'),
      status('ready'),
    ]);
    expect(spoken).toEqual([
      'org/text-model: Checking files…',
      'org/text-model: Downloading…',
      'org/text-model: Loading into memory… (CPU)',
      'org/text-model: Ready (CPU)',
    ]);
  });

  it('announces a notice and the model being unloaded', () => {
    const spoken = spokenOver([status('ready'), status('working', localized('noticeWebgpuFailed', 'no adapter')), status('idle')]);
    expect(spoken).toEqual(['org/text-model: Ready (CPU)', 'org/text-model: Ready (CPU)WebGPU failed (no adapter); using the CPU (WASM) instead.', 'org/text-model: Not loaded (CPU)']);
  });
});
