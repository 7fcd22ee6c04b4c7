// Chrome's built-in AI in Options: whether Chrome has its models (the Prompt API's, and its Summarizer's and
// Rewriter's where it has those APIs), and the click Chrome needs before it downloads them (create() needs
// user activation, which only a page the person clicks in has).
import { useEffect, useState } from 'preact/hooks';
import { builtinApi, builtinDownloads, type BuiltinAvailability } from '../engine/builtin-engine';
import { errorMessage } from '../ui/errors';

const WAITING: readonly BuiltinAvailability[] = ['downloadable', 'downloading'];

export function BuiltinSettings() {
  const [availability, setAvailability] = useState<BuiltinAvailability[]>();
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<string>();
  const downloads = builtinDownloads();
  const check = () => Promise.all(downloads.map((download) => download.availability())).then(setAvailability, (reason: unknown) => setError(errorMessage(reason)));

  useEffect(() => void check(), []);

  const download = async () => {
    setError(undefined);
    setProgress(0);
    try {
      // All in this click: Chrome starts a download only while the click's user activation lasts.
      const missing = downloads.filter((_, i) => WAITING.includes(availability![i]!));
      const loaded = missing.map(() => 0);
      await Promise.all(
        missing.map((entry, i) =>
          entry.download((monitor) =>
            monitor.addEventListener('downloadprogress', (event) => {
              loaded[i] = (event as Event & { loaded: number }).loaded;
              setProgress(loaded.reduce((sum, part) => sum + part, 0) / loaded.length);
            }),
          ),
        ),
      );
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setProgress(undefined);
      await check();
    }
  };

  if (!builtinApi()) {
    return (
      <p class="nb-notice" role="status">
        This browser has no built-in AI: the models run in this browser instead.
      </p>
    );
  }
  const [prompt, ...writers] = availability ?? [];
  const waiting = availability?.some((state) => WAITING.includes(state)) ?? false;
  return (
    <section aria-labelledby="builtin-heading">
      <h2 id="builtin-heading">Chrome's built-in AI</h2>
      <p class="nb-hint" role="status">
        {prompt === 'available' && !waiting ? "Chrome's model is ready." : null}
        {prompt === 'unavailable' ? "Chrome's built-in AI cannot run on this computer: choose another engine." : null}
        {prompt && WAITING.includes(prompt) ? 'Chrome downloads its model (a few GB) once, after you click.' : null}
        {prompt === 'available' && writers.some((state) => WAITING.includes(state))
          ? "Chrome's model is ready; its Summarizer and Rewriter need a download of their own, after you click. Until then the Prompt API writes summaries and rewrites."
          : null}
      </p>
      {waiting ? (
        <button type="button" onClick={() => void download()} disabled={progress !== undefined}>
          Download Chrome's model
        </button>
      ) : null}
      {progress !== undefined ? <progress aria-label="Chrome's model download" max={1} value={progress} /> : null}
      {error ? (
        <p class="nb-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
