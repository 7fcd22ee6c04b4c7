import { describe, expect, it } from 'vitest';
import { EngineError } from './errors';
import { explain } from './transformers-engine';

const HOST = 'https://huggingface.co';

describe('explain', () => {
  const cases: Array<[string, unknown, string, RegExp]> = [
    [
      'a missing config',
      Object.assign(new Error('Could not locate file: "https://huggingface.co/a/b/resolve/main/config.json".'), { name: 'ModelFileNotFoundError' }),
      'model-not-found',
      /There is no model "a\/b" on https:\/\/huggingface\.co/,
    ],
    [
      'a missing weights file',
      Object.assign(new Error('Not found: "https://huggingface.co/a/b/resolve/main/onnx/model_q4.onnx".'), { name: 'ModelFileNotFoundError' }),
      'not-a-transformers-model',
      /missing files transformers\.js needs/,
    ],
    ['WASM running out of memory', new Error('RangeError: Array buffer allocation failed'), 'out-of-memory', /needs more memory than this device could give it/],
    ['the runtime failing an allocation', new Error('failed to allocate a buffer: bad_alloc'), 'out-of-memory', /choose a smaller model/],
    ['a full disk', new DOMException('The quota has been exceeded.', 'QuotaExceededError'), 'quota-exceeded', /not enough disk space/],
    ['an unknown architecture', new Error('Unsupported model type: mamba3'), 'not-a-transformers-model', /is not a model transformers\.js can run/],
    ['anything else', new Error('kaboom'), 'internal', /Something went wrong in the model: kaboom/],
  ];

  it.each(cases)('explains %s', (_name, error, code, message) => {
    const explained = explain(error, 'a/b', HOST);
    expect(explained).toBeInstanceOf(EngineError);
    expect(explained.code).toBe(code);
    expect(explained.message).toMatch(message);
  });

  it('passes engine errors through unchanged', () => {
    const original = new EngineError('host-unreachable', 'Could not reach the model host.');
    expect(explain(original, 'a/b', HOST)).toBe(original);
  });
});
