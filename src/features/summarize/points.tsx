/**
 * Points that link back to the page: the quick (extractive) summary, and the button that the
 * Markdown renderer also puts after each key point that has a source.
 */
import { useId } from 'preact/hooks';
import type { ExtractedPoint } from './extractive';
import { t } from '../../i18n/i18n';

export interface SourceLinkProps {
  /** Called with a point's locator when the reader asks to see it in the page. */
  onShowSource?: (locator: string) => void;
  /** Accessible name of the "show in page" button. */
  sourceLabel?: string;
}

export function SourceButton({
  locator,
  onShowSource,
  sourceLabel = t('showInPage'),
  describedBy,
}: SourceLinkProps & { locator: string; describedBy?: string }) {
  if (!onShowSource || !locator) return null; // no locator: text from a selection, nothing to show
  return (
    <button
      type="button"
      class="summary-source"
      title={sourceLabel}
      aria-label={sourceLabel}
      // The "↗" alone says nothing: the point it belongs to describes it.
      aria-describedby={describedBy}
      onClick={() => onShowSource(locator)}
    >
      ↗
    </button>
  );
}

/** The quick summary: the page's own sentences, as plain text (never parsed as Markdown). */
export function SourcedPoints({ points, ...links }: SourceLinkProps & { points: readonly ExtractedPoint[] }) {
  const id = useId();
  return (
    <ul class="summary-points">
      {points.map((point, i) => (
        <li key={i}>
          <span id={`${id}-${i}`}>{point.text}</span>
          <SourceButton locator={point.locator} describedBy={`${id}-${i}`} {...links} />
        </li>
      ))}
    </ul>
  );
}
