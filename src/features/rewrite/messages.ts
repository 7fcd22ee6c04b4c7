// The rewrite messages a page's content script answers (part of the protocol's ProtocolMap). Types only.
import type { ToneId } from './tones';

export interface RewriteMessages {
  rewriteSelection(request: { tone: ToneId; instruction?: string }): void;
}
