import { describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../engine/errors';
import type { AnsweredBy, DownloadProgress } from '../../engine/types';
import type { RewriteInput } from './rewrite';
import { partLine, RewriteRun, type RewriteState } from './rewrite-run';

const DOWNLOAD: DownloadProgress = { modelId: 'test/model', loaded: 1, total: 2, files: [] };
const ANSWERED_BY: AnsweredBy = { backend: 'server', model: 'test/model', server: 'http://127.0.0.1:8080' };

/** A rewrite in two parts that upper-cases each word, streamed word by word. */
async function upperCase({ text, onText, onPart, onDownload, onAnsweredBy }: RewriteInput): Promise<string> {
  const halves = [text.slice(0, text.length / 2), text.slice(text.length / 2)];
  let shown = '';
  for (const [index, half] of halves.entries()) {
    onPart?.(index + 1, halves.length);
    onDownload?.(DOWNLOAD);
    for (const word of half.split(/(?<= )/)) onText?.((shown += word.toUpperCase()));
  }
  onAnsweredBy?.(ANSWERED_BY);
  return shown;
}

function phases(run: RewriteRun): Array<RewriteState['phase']> {
  const seen: Array<RewriteState['phase']> = [];
  run.subscribe((state) => {
    if (seen.at(-1) !== state.phase) seen.push(state.phase);
  });
  return seen;
}

/** A rewrite that waits for its signal, then rejects as the engine does. */
function untilStopped(started: () => void) {
  return ({ signal }: RewriteInput) =>
    new Promise<string>((_resolve, reject) => {
      started();
      signal?.addEventListener('abort', () => reject(new Error('aborted')));
    });
}

describe('RewriteRun', () => {
  it('streams the rewrite part by part, says who answered, and clears the download', async () => {
    const run = new RewriteRun({ rewrite: upperCase });
    const seen = phases(run);
    const parts: Array<string | undefined> = [];
    run.subscribe((state) => parts.push(partLine(state.part)));
    await run.rewrite({ text: 'ripe bananas are yellow', tone: 'formal' });
    expect(seen).toEqual(['working', 'done']);
    expect(parts).toContain('Rewriting part 2 of 2…');
    expect(run.state).toMatchObject({ text: 'RIPE BANANAS ARE YELLOW', tone: 'formal', answeredBy: ANSWERED_BY, part: undefined });
    expect(run.state.download).toBeUndefined();
    expect(run.busy).toBe(false);
  });

  it('shows no part line for a text rewritten in one part', async () => {
    const parts: Array<RewriteState['part']> = [];
    const run = new RewriteRun({
      rewrite: async ({ onPart }) => {
        onPart?.(1, 1);
        return 'one';
      },
    });
    run.subscribe((state) => parts.push(state.part));
    await run.rewrite({ text: 'one', tone: 'shorter' });
    expect(parts.every((part) => part === undefined)).toBe(true);
  });

  it('says "stopped", not an error, when stopped, keeping what was written', async () => {
    let started!: () => void;
    const rewriting = new Promise<void>((resolve) => (started = resolve));
    const rewrite = vi.fn(async (input: RewriteInput) => {
      input.onText?.('HALF');
      return untilStopped(started)(input);
    });
    const run = new RewriteRun({ rewrite });
    const done = run.rewrite({ text: 'half of it', tone: 'formal' });
    await rewriting;
    expect(run.busy).toBe(true);
    run.stop();
    await done;
    expect(run.state).toMatchObject({ phase: 'stopped', text: 'HALF', error: undefined });
  });

  it('says "stopped" when stopped before the model is asked, and never asks it', async () => {
    let release!: () => void;
    const remembered = new Promise<void>((resolve) => (release = resolve));
    const rewrite = vi.fn(upperCase);
    const run = new RewriteRun({ rewrite });
    const done = run.rewrite({ text: 'bananas', tone: 'formal' }, () => remembered);
    run.stop();
    release();
    await done;
    expect(run.state.phase).toBe('stopped');
    expect(rewrite).not.toHaveBeenCalled();
  });

  it('leaves the state to a newer rewrite (another tone) that replaced it', async () => {
    let started!: () => void;
    const rewriting = new Promise<void>((resolve) => (started = resolve));
    const signals: AbortSignal[] = [];
    const run = new RewriteRun({
      rewrite: (input) => {
        signals.push(input.signal!);
        return signals.length === 1 ? untilStopped(started)(input) : upperCase(input);
      },
    });
    const first = run.rewrite({ text: 'bananas', tone: 'formal' });
    await rewriting;
    const after = phases(run);
    const second = run.rewrite({ text: 'bananas', tone: 'casual' });
    await Promise.all([first, second]);
    expect(signals[0]!.aborted).toBe(true);
    expect(after).not.toContain('stopped');
    expect(run.state).toMatchObject({ phase: 'done', tone: 'casual', text: 'BANANAS' });
  });

  it('offers the download when the model is not stored yet, and shows other errors with their code', async () => {
    const plan = { modelId: 'test/model', totalBytes: 419_000_000, cachedBytes: 0 };
    const rewrite = vi
      .fn<(input: RewriteInput) => Promise<string>>()
      .mockRejectedValueOnce(new EngineError('download-needed', 'not stored', plan))
      .mockRejectedValueOnce(new EngineError('host-unreachable', 'The model host cannot be reached.'))
      .mockImplementation(upperCase);
    const run = new RewriteRun({ rewrite });
    await run.rewrite({ text: 'bananas', tone: 'formal' });
    expect(run.state).toMatchObject({ phase: 'needs-download', needsDownload: plan, error: undefined });
    await run.rewrite({ text: 'bananas', tone: 'formal' });
    expect(run.state).toMatchObject({ phase: 'error', error: 'The model host cannot be reached.', errorCode: 'host-unreachable', needsDownload: undefined });
    await run.rewrite({ text: 'bananas', tone: 'formal' });
    expect(run.state).toMatchObject({ phase: 'done', text: 'BANANAS', error: undefined, errorCode: undefined });
  });

  it('shows a failure of what runs first (remembering the tone) like the rewrite’s own', async () => {
    const rewrite = vi.fn(upperCase);
    const run = new RewriteRun({ rewrite });
    await run.rewrite({ text: 'bananas', tone: 'formal' }, () => Promise.reject(new Error('Storage is full.')));
    expect(run.state).toMatchObject({ phase: 'error', error: 'Storage is full.' });
    expect(rewrite).not.toHaveBeenCalled();
  });

  it('notes Replace and its refusal, and a new rewrite clears both', async () => {
    const run = new RewriteRun({ rewrite: upperCase });
    await run.rewrite({ text: 'bananas', tone: 'formal' });
    run.refuseReplace('The field was edited.');
    expect(run.state).toMatchObject({ phase: 'done', replaceRefused: true, note: 'The field was edited.' });
    await run.rewrite({ text: 'bananas', tone: 'formal' });
    expect(run.state).toMatchObject({ replaceRefused: false, note: undefined });
    run.replaced('Replaced.');
    expect(run.state).toMatchObject({ phase: 'replaced', note: 'Replaced.' });
  });
});
