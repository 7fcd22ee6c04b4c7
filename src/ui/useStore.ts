import { useEffect, useState } from 'preact/hooks';
import type { Store } from './store';

/** The store's state, re-rendering the component whenever it changes. */
export function useStore<S extends object>(store: Store<S>): S {
  const [state, setState] = useState(store.state);
  useEffect(() => {
    setState(store.state);
    return store.subscribe(setState);
  }, [store]);
  return state;
}
