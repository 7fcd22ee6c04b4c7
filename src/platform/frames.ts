// Which of the browser's frames an <iframe> element is, asked from a content script. Firefox answers
// (runtime.getFrameId, which WXT's types lack); Chrome has no such call anywhere, so its callers match frames by
// address instead (features/summarize/frame-comments.ts).
import { browser } from 'wxt/browser';

type FrameIds = { getFrameId?(target: Element): number };

/** The frame id of the frame `element` holds; undefined where the browser cannot tell (Chrome) or it holds none. */
export function frameIdOf(element: Element): number | undefined {
  const runtime = browser.runtime as typeof browser.runtime & FrameIds;
  if (typeof runtime.getFrameId !== 'function') return undefined;
  try {
    const frameId = runtime.getFrameId(element);
    return frameId > 0 ? frameId : undefined;
  } catch {
    return undefined;
  }
}
