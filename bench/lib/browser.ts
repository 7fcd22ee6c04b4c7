/**
 * Headless Chromium with the built extension, as the end-to-end harness launches it
 * (test/support/extension.ts), but on a profile that outlives the browser: models downloaded in one
 * launch are loaded from the extension's cache in the next, in fresh processes, so each launch's peak
 * memory is its own. Also finds the extension's renderer process, whose memory the model uses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { extensionBrowserArgs, findChromium } from '../../test/support/chromium';

export interface BenchBrowser {
  context: BrowserContext;
  id: string;
  worker: Worker;
  openPage(path: string): Promise<Page>;
  /** Pids of the browser's processes whose command line has all of `flags`. */
  processes(...flags: string[]): number[];
  close(): Promise<void>;
}

/** `extraArgs`: more Chromium switches (the WebGPU part's SwiftShader adapter). */
export async function launchBenchBrowser(extensionDir: string, profileDir: string, extraArgs: string[] = []): Promise<BenchBrowser> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: findChromium(),
    headless: true,
    args: [...extensionBrowserArgs(extensionDir), ...extraArgs],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const id = new URL(worker.url()).host;
  // The welcome page the extension opens on install would run beside the bench (and may start downloads).
  const closeWelcome = (page: Page) =>
    void page
      .waitForURL(`chrome-extension://${id}/welcome.html`, { timeout: 30_000 })
      .then(() => page.close())
      .catch(() => undefined);
  context.on('page', closeWelcome);
  context.pages().forEach(closeWelcome);
  const browserPid = findBrowserPid(profileDir);
  return {
    context,
    id,
    worker,
    async openPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${id}/${path}`);
      return page;
    },
    processes: (...flags) => descendants(browserPid).filter((pid) => flags.every((flag) => cmdline(pid).join(' ').includes(flag))),
    close: () => context.close(),
  };
}

/** Chromium rewrites its child processes' titles, so their arguments may come back as one string. */
function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

function findBrowserPid(profileDir: string): number {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!pid) continue;
    const args = cmdline(pid);
    if (args.includes(`--user-data-dir=${profileDir}`) && !args.some((arg) => arg.startsWith('--type='))) return pid;
  }
  throw new Error(`No Chromium process runs the profile ${profileDir}.`);
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // The process ended meanwhile.
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * The largest VmRSS seen per process, sampled every `intervalMs` until stop(). Chromium may reset a
 * renderer's VmHWM (it writes /proc/self/clear_refs for its own peak tracking), so the bench takes the
 * larger of the two.
 */
export function sampleMemory(pids: () => number[], intervalMs = 50): { stop(): Map<number, number> } {
  const peaks = new Map<number, number>();
  const sample = () => {
    for (const pid of pids()) {
      try {
        peaks.set(pid, Math.max(peaks.get(pid) ?? 0, memoryOf(pid).rssMB));
      } catch {
        // The process ended.
      }
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}

/** VmHWM (peak resident set) and VmRSS of a process, in MB (/proc/<pid>/status). */
export function memoryOf(pid: number): { peakMB: number; rssMB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
  return { peakMB: field('VmHWM'), rssMB: field('VmRSS') };
}
