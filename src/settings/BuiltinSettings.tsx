// Chrome's built-in AI in Options: whether Chrome has its model, and the click Chrome needs before it
// downloads it (create() needs user activation, which only a page the person clicks in has).
import { useEffect, useState } from 'preact/hooks';
import { builtinApi, type BuiltinAvailability } from '../engine/builtin-engine';
import { errorMessage } from '../ui/errors';

const ALL_INPUTS = { expectedInputs: [{ type: 'text' as const }, { type: 'image' as const }] };

export function BuiltinSettings() {
  const [availability, setAvailability] = useState<BuiltinAvailability>();
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<string>();
  const api = builtinApi();

  useEffect(() => {
    void api?.availability(ALL_INPUTS).then(setAvailability, (reason: unknown) => setError(errorMessage(reason)));
  }, []);

  const download = async () => {
    setError(undefined);
    setProgress(0);
    try {
      const session = await api!.create({
        ...ALL_INPUTS,
        monitor: (monitor) => monitor.addEventListener('downloadprogress', (event) => setProgress((event as Event & { loaded: number }).loaded)),
      });
      session.destroy();
      setAvailability('available');
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setProgress(undefined);
    }
  };

  if (!api) {
    return (
      <p class="nb-notice" role="status">
        This browser has no built-in AI: the models run in this browser instead.
      </p>
    );
  }
  return (
    <section aria-labelledby="builtin-heading">
      <h2 id="builtin-heading">Chrome's built-in AI</h2>
      <p class="nb-hint" role="status">
        {availability === 'available' ? "Chrome's model is ready." : null}
        {availability === 'unavailable' ? "Chrome's built-in AI cannot run on this computer: choose another engine." : null}
        {availability === 'downloadable' || availability === 'downloading' ? 'Chrome downloads its model (a few GB) once, after you click.' : null}
      </p>
      {availability === 'downloadable' || availability === 'downloading' ? (
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
