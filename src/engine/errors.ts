import type { DownloadPlan, EngineErrorCode, EngineErrorInfo } from './types';

/** An engine failure with a code every surface can turn into "what happened and what to do". */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** With 'download-needed': the download the person is asked to agree to. */
    readonly plan?: DownloadPlan,
  ) {
    super(message);
    this.name = 'EngineError';
  }

  static from(info: EngineErrorInfo): EngineError {
    return new EngineError(info.code, info.message, info.plan);
  }

  /** Serializable form of any thrown value; unknown failures keep their message under 'internal'. */
  static toInfo(error: unknown): EngineErrorInfo {
    if (error instanceof EngineError) return { code: error.code, message: error.message, ...(error.plan ? { plan: error.plan } : {}) };
    if (error instanceof DOMException && error.name === 'AbortError') {
      return { code: 'cancelled', message: 'Stopped.' };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { code: 'internal', message: `Something went wrong in the model: ${message}` };
  }
}
