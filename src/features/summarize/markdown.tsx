/**
 * Renders a model's Markdown answer as Preact elements. Every word of the answer becomes a text
 * node: no HTML from the model or the page ever becomes markup (a "<script>" in the answer shows
 * as the text "<script>"). Partial Markdown, as it streams in, renders without errors.
 */
import { h, type ComponentChild } from 'preact';
import { useId } from 'preact/hooks';
import { parseInline, parseMarkdown, type Inline, type ListItem, type MarkdownBlock } from './markdown-parse';
import { SourceButton, type SourceLinkProps } from './points';

export interface MarkdownProps extends SourceLinkProps {
  text: string;
  /**
   * For each top-level list item in order (the key points, as `keyPointsOf` lists them), the
   * locator of its passage in the page, or null. Items with a locator get a "show in page" button.
   */
  sources?: ReadonlyArray<string | null>;
  /** The element level of a `#` heading (default 3): the answer's headings sit below the panel's own. */
  headingLevel?: number;
}

interface RenderContext extends SourceLinkProps {
  sources: ReadonlyArray<string | null>;
  headingLevel: number;
  /** Index of the next top-level list item, to find its source. */
  nextPoint: number;
  /** Prefix of the ids of points with a source: their buttons are described by them. */
  idPrefix: string;
}

export function Markdown({ text, sources = [], headingLevel = 3, onShowSource, sourceLabel }: MarkdownProps) {
  const context: RenderContext = { sources, headingLevel, onShowSource, sourceLabel, nextPoint: 0, idPrefix: useId() };
  return <div class="markdown">{parseMarkdown(text).map((block, i) => renderBlock(block, i, context, true))}</div>;
}

function renderBlock(block: MarkdownBlock, key: number, context: RenderContext, topLevel: boolean): ComponentChild {
  switch (block.kind) {
    case 'paragraph':
      return <p key={key}>{renderInlines(parseInline(block.text))}</p>;
    case 'heading': {
      const level = Math.min(6, context.headingLevel + block.level - 1);
      return h(`h${level}`, { key }, renderInlines(parseInline(block.text)));
    }
    case 'list': {
      const items = block.items.map((item, i) => renderItem(item, i, context, topLevel));
      return block.ordered ? (
        <ol key={key} start={block.start === 1 ? undefined : block.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'code':
      return (
        <pre key={key}>
          <code>{block.text}</code>
        </pre>
      );
    case 'rule':
      return <hr key={key} />;
  }
}

function renderItem(item: ListItem, key: number, context: RenderContext, topLevel: boolean): ComponentChild {
  const point = context.nextPoint;
  const locator = topLevel ? context.sources[context.nextPoint++] : null;
  const id = `${context.idPrefix}-${point}`;
  return (
    <li key={key}>
      {locator ? <span id={id}>{renderInlines(parseInline(item.text))}</span> : renderInlines(parseInline(item.text))}
      {locator ? <SourceButton locator={locator} onShowSource={context.onShowSource} sourceLabel={context.sourceLabel} describedBy={id} /> : null}
      {item.children.map((child, i) => renderBlock(child, i, context, false))}
    </li>
  );
}

function renderInlines(inlines: Inline[]): ComponentChild[] {
  return inlines.map((inline, key) => {
    switch (inline.kind) {
      case 'text':
        return inline.text;
      case 'break':
        return <br key={key} />;
      case 'code':
        return <code key={key}>{inline.text}</code>;
      case 'strong':
        return <strong key={key}>{renderInlines(inline.children)}</strong>;
      case 'em':
        return <em key={key}>{renderInlines(inline.children)}</em>;
    }
  });
}
