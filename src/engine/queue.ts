// One job per model at a time; interactive jobs go before background ones; a job cancelled while
// waiting never runs.
import { localized } from '../i18n/i18n';
import { EngineError } from './errors';
import type { Priority } from './types';

interface Job {
  priority: Priority;
  signal?: AbortSignal;
  start: () => void;
  drop: (error: EngineError) => void;
}

export class JobQueue {
  private readonly waiting: Job[] = [];
  private running = false;

  /** Runs `work` when its turn comes; rejects with 'cancelled' if the signal fires while it waits. */
  run<T>(work: () => Promise<T>, { priority = 'interactive', signal }: { priority?: Priority; signal?: AbortSignal } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        priority,
        signal,
        start: () => {
          this.running = true;
          // The queue moves on before the caller hears back, so `size` is current when it does.
          work()
            .finally(() => {
              this.running = false;
              this.next();
            })
            .then(resolve, reject);
        },
        drop: reject,
      };
      if (signal?.aborted) {
        reject(new EngineError('cancelled', localized('statusStopped')));
        return;
      }
      signal?.addEventListener('abort', () => this.remove(job), { once: true });
      // Interactive jobs queue behind other interactive jobs but ahead of every background job.
      const firstBackground = this.waiting.findIndex((waiting) => waiting.priority === 'background');
      if (priority === 'interactive' && firstBackground >= 0) this.waiting.splice(firstBackground, 0, job);
      else this.waiting.push(job);
      this.next();
    });
  }

  get size(): number {
    return this.waiting.length + (this.running ? 1 : 0);
  }

  private remove(job: Job) {
    const index = this.waiting.indexOf(job);
    if (index < 0) return;
    this.waiting.splice(index, 1);
    job.drop(new EngineError('cancelled', localized('statusStopped')));
  }

  private next() {
    if (this.running) return;
    const job = this.waiting.shift();
    job?.start();
  }
}
