// A WAI-ARIA tablist: one tab stop for the list, arrow keys (and Home/End) move between tabs and show them.
// Every panel stays mounted (hidden when not shown), so work under way in one tab goes on in another.
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface TabItem {
  label: string;
  content: ComponentChildren;
}

const idOf = (label: string) => label.toLowerCase().replace(/\W+/g, '-');

export function Tabs({ label, items, selected, onSelect }: { label: string; items: TabItem[]; selected: string; onSelect: (label: string) => void }) {
  const list = useRef<HTMLDivElement>(null);
  const move = (event: KeyboardEvent, index: number) => {
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: items.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    // Right and left swap in a right-to-left page.
    const rtl = getComputedStyle(list.current ?? document.body).direction === 'rtl' && (event.key === 'ArrowRight' || event.key === 'ArrowLeft');
    const target = items[((rtl ? 2 * index - next : next) + items.length) % items.length]!;
    onSelect(target.label);
    list.current?.querySelector<HTMLElement>(`#tab-${idOf(target.label)}`)?.focus();
  };
  return (
    <>
      <div class="nb-tabs" role="tablist" aria-label={label} ref={list}>
        {items.map((item, index) => (
          <button
            key={item.label}
            type="button"
            role="tab"
            id={`tab-${idOf(item.label)}`}
            aria-selected={item.label === selected ? 'true' : 'false'}
            aria-controls={`tabpanel-${idOf(item.label)}`}
            tabIndex={item.label === selected ? 0 : -1}
            onClick={() => onSelect(item.label)}
            onKeyDown={(event) => move(event, index)}
          >
            {item.label}
          </button>
        ))}
      </div>
      {items.map((item) => (
        <div
          key={item.label}
          role="tabpanel"
          id={`tabpanel-${idOf(item.label)}`}
          aria-labelledby={`tab-${idOf(item.label)}`}
          hidden={item.label !== selected}
        >
          {item.content}
        </div>
      ))}
    </>
  );
}
