import { useEffect, useState } from 'preact/hooks';
import type { Store } from './store';

/**
 * The store's state, re-rendering the component whenever it changes. The store may change from one render to
 * the next (a side panel following tabs shows each tab's own run): its state is shown from that render on.
 */
export function useStore<S extends object>(store: Store<S>): S {
  const [seen, setSeen] = useState({ store, state: store.state });
  useEffect(() => {
    setSeen({ store, state: store.state });
    return store.subscribe((state) => setSeen({ store, state }));
  }, [store]);
  return seen.store === store ? seen.state : store.state;
}
