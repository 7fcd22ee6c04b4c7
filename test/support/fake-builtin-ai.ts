// A fake of Chrome's built-in AI (the Prompt, Summarizer and Rewriter APIs) that follows their published
// shapes: availability() per API and options, create() that downloads only with user activation (firing
// `downloadprogress` on its monitor), streamed deltas, abort signals, input quotas. No test browser here has
// Gemini Nano. The answers derive from the input: the Prompt API upper-cases the last user text (an image:
// its mean red, green and blue), the Summarizer and the Rewriter transform the text as fakeSummary and
// fakeRewrite say. Unit tests use it directly; test builds install it in extension pages (src/test-hooks.ts).
import type {
  BuiltinApis,
  BuiltinAvailability,
  BuiltinFactory,
  LanguageModelOptions,
  LanguageModelSession,
  RewriterOptions,
  RewriterSession,
  SummarizerOptions,
  SummarizerSession,
} from '../../src/engine/builtin-engine';

/** The fake's APIs; `LanguageModel+image` is the Prompt API asked for image input. */
export type FakeApiName = 'LanguageModel' | 'LanguageModel+image' | 'Summarizer' | 'Rewriter';
/** 'absent': the global is not there. */
export type FakeState = BuiltinAvailability | 'absent';

/** Where the fake keeps each API's state (a download changes it); an API with no state is left as the browser has it. */
export interface FakeStates {
  get(name: FakeApiName): FakeState | undefined;
  set(name: FakeApiName, state: FakeState): void;
}

export function statesIn(initial: Partial<Record<FakeApiName, FakeState>>): FakeStates {
  const states = new Map(Object.entries(initial) as Array<[FakeApiName, FakeState]>);
  return { get: (name) => states.get(name), set: (name, state) => void states.set(name, state) };
}

/** What the fake was asked, for tests to check. */
export interface FakeLog {
  checked: Array<{ api: FakeApiName; options: unknown }>;
  created: Array<{ api: FakeApiName; options: unknown }>;
  destroyed: number;
}

/** Input quota of the Prompt API's sessions and of the Summarizer's and Rewriter's. */
export const FAKE_PROMPT_QUOTA = 6144;
export const FAKE_WRITER_QUOTA = 1024;

export function fakeSummary(text: string, { type, length }: Pick<SummarizerOptions, 'type' | 'length'>): string {
  const first = text.trim().split(/(?<=[.!?])\s/)[0] ?? '';
  return `${type}, ${length}: ${first.toLowerCase()}`;
}

export function fakeRewrite(text: string, { tone, length }: Pick<RewriterOptions, 'tone' | 'length'>): string {
  const toned = tone === 'more-formal' ? text.toUpperCase() : tone === 'more-casual' ? text.toLowerCase() : text;
  const words = toned.split(/\s+/).filter(Boolean);
  if (length === 'shorter') return words.slice(0, Math.ceil(words.length / 2)).join(' ');
  if (length === 'longer') return `${toned} ${toned}`;
  return toned;
}

type Part = { type: string; value: unknown };
type Message = { role: string; content: string | Part[] };
type Pixels = { data: ArrayLike<number>; width: number; height: number };

function promptAnswer(input: Message[]): string {
  const last = input.at(-1)!;
  const parts = typeof last.content === 'string' ? [{ type: 'text', value: last.content }] : last.content;
  const image = parts.find((part) => part.type === 'image')?.value as Pixels | undefined;
  if (!image) return parts.map((part) => String(part.value)).join(' ').toUpperCase();
  const sums = [0, 0, 0];
  for (let i = 0; i < image.data.length; i += 4) for (let c = 0; c < 3; c++) sums[c]! += image.data[i + c]!;
  return fakeImageAnswer(sums.map((sum) => Math.round(sum / (image.width * image.height))) as [number, number, number]);
}

/** The Prompt API's answer for an image: its mean red, green and blue. */
export function fakeImageAnswer([r, g, b]: readonly [number, number, number]): string {
  return `A square of rgb ${r} ${g} ${b}`;
}

/** The answer as a stream of five-character deltas, a few milliseconds apart; an abort errors it. */
function streamed(answer: string, signal?: AbortSignal): ReadableStream<string> {
  const pieces = answer.match(/.{1,5}/gs) ?? [];
  return new ReadableStream<string>({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (signal?.aborted) return controller.error(new DOMException('The operation was aborted.', 'AbortError'));
      const piece = pieces.shift();
      if (piece === undefined) controller.close();
      else controller.enqueue(piece);
    },
  });
}

/**
 * The three APIs over `states`. `userActivation` says whether the caller is in a click, which a download
 * needs (in a page: `navigator.userActivation.isActive`).
 */
export function fakeBuiltinAi(states: FakeStates, userActivation: () => boolean = () => true): { apis: BuiltinApis; log: FakeLog } {
  const log: FakeLog = { checked: [], created: [], destroyed: 0 };
  const session = { measureInputUsage: async (text: string) => Math.ceil(text.length / 4), destroy: () => void log.destroyed++ };

  function factory<O, S>(name: (options?: O) => FakeApiName, open: (options: O) => S): BuiltinFactory<O, S> {
    const availability = (options?: O): BuiltinAvailability => {
      const state = states.get(name(options));
      return state === undefined || state === 'absent' ? 'unavailable' : state;
    };
    return {
      availability: async (options) => {
        log.checked.push({ api: name(options), options });
        return availability(options);
      },
      create: async (options = {} as O & { signal?: AbortSignal; monitor?: (monitor: EventTarget) => void }) => {
        const state = availability(options);
        if (state === 'unavailable') throw new DOMException('The model is not available on this device.', 'NotSupportedError');
        if (state !== 'available') {
          if (!userActivation()) throw new DOMException('Requires a user gesture when availability is "downloading" or "downloadable".', 'NotAllowedError');
          const monitor = new EventTarget();
          options.monitor?.(monitor);
          for (const loaded of [0, 0.5, 1]) {
            await new Promise((resolve) => setTimeout(resolve, 20));
            monitor.dispatchEvent(Object.assign(new Event('downloadprogress'), { loaded, total: 1 }));
          }
          states.set(name(options), 'available');
        }
        options.signal?.throwIfAborted();
        log.created.push({ api: name(options), options });
        return open(options);
      },
    };
  }

  const LanguageModel = factory<LanguageModelOptions, LanguageModelSession>(
    (options) => (options?.expectedInputs?.some((input) => input.type === 'image') ? 'LanguageModel+image' : 'LanguageModel'),
    () => ({ ...session, inputQuota: FAKE_PROMPT_QUOTA, promptStreaming: (input, { signal } = {}) => streamed(promptAnswer(input as Message[]), signal) }),
  );
  const Summarizer = factory<SummarizerOptions, SummarizerSession>(
    () => 'Summarizer',
    (options) => ({ ...session, inputQuota: FAKE_WRITER_QUOTA, summarizeStreaming: (input, { signal } = {}) => streamed(fakeSummary(input, options), signal) }),
  );
  const Rewriter = factory<RewriterOptions, RewriterSession>(
    () => 'Rewriter',
    (options) => ({ ...session, inputQuota: FAKE_WRITER_QUOTA, rewriteStreaming: (input, { signal } = {}) => streamed(fakeRewrite(input, options), signal) }),
  );
  return { apis: { LanguageModel, Summarizer, Rewriter }, log };
}

/** The localStorage entry (shared by an extension's pages) where end-to-end tests put the fake's states. */
export const FAKE_BUILTIN_AI_KEY = 'nanoBananaTestHooks.builtinAi';

/** States kept in `storage` under FAKE_BUILTIN_AI_KEY, read afresh each time (a test may change them any time). */
export function statesInStorage(storage: Storage): FakeStates {
  const read = (): Partial<Record<FakeApiName, FakeState>> => JSON.parse(storage.getItem(FAKE_BUILTIN_AI_KEY) ?? '{}');
  return {
    get: (name) => read()[name],
    set: (name, state) => storage.setItem(FAKE_BUILTIN_AI_KEY, JSON.stringify({ ...read(), [name]: state })),
  };
}

/**
 * Puts the fake's globals on `target`, each in place of the browser's own while `states` has a state for it:
 * a getter, so the states can change after the page loaded.
 */
export function installFakeBuiltinAi(target: object, states: FakeStates, userActivation: () => boolean): void {
  const { apis } = fakeBuiltinAi(states, userActivation);
  for (const name of ['LanguageModel', 'Summarizer', 'Rewriter'] as const) {
    const own = (target as BuiltinApis)[name];
    Object.defineProperty(target, name, {
      configurable: true,
      get: () => {
        const state = states.get(name);
        if (state === undefined) return own;
        return state === 'absent' ? undefined : apis[name];
      },
    });
  }
}
