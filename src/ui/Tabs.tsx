// A WAI-ARIA tablist: one tab stop for the list, arrow keys (and Home/End) move between tabs and show them.
// Every panel stays mounted (hidden when not shown), so work under way in one tab goes on in another.
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface TabItem {
  /** Stable in every language: the ids of the tab and its panel, and what `selected` names. */
  id: string;
  label: string;
  content: ComponentChildren;
}

export function Tabs({ label, items, selected, onSelect }: { label: string; items: TabItem[]; selected: string; onSelect: (id: string) => void }) {
  const list = useRef<HTMLDivElement>(null);
  const move = (event: KeyboardEvent, index: number) => {
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: items.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    // Right and left swap in a right-to-left page.
    const rtl = getComputedStyle(list.current ?? document.body).direction === 'rtl' && (event.key === 'ArrowRight' || event.key === 'ArrowLeft');
    const target = items[((rtl ? 2 * index - next : next) + items.length) % items.length]!;
    onSelect(target.id);
    list.current?.querySelector<HTMLElement>(`#tab-${target.id}`)?.focus();
  };
  return (
    <>
      <div class="nb-tabs" role="tablist" aria-label={label} ref={list}>
        {items.map((item, index) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            id={`tab-${item.id}`}
            aria-selected={item.id === selected ? 'true' : 'false'}
            aria-controls={`tabpanel-${item.id}`}
            tabIndex={item.id === selected ? 0 : -1}
            onClick={() => onSelect(item.id)}
            onKeyDown={(event) => move(event, index)}
          >
            {item.label}
          </button>
        ))}
      </div>
      {items.map((item) => (
        <div
          key={item.id}
          role="tabpanel"
          id={`tabpanel-${item.id}`}
          aria-labelledby={`tab-${item.id}`}
          hidden={item.id !== selected}
        >
          {item.content}
        </div>
      ))}
    </>
  );
}
