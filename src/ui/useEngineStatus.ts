import { useEffect, useState } from 'preact/hooks';
import { engineStream } from '../engine/client';
import type { EngineStatus } from '../engine/types';

/** The engine's live status (stages, download progress) for as long as the component is mounted. */
export function useEngineStatus(): EngineStatus | undefined {
  const [status, setStatus] = useState<EngineStatus>();
  useEffect(() => {
    const controller = new AbortController();
    engineStream('watchStatus', null, { onChunk: setStatus, signal: controller.signal }).catch(() => {});
    return () => controller.abort();
  }, []);
  return status;
}
