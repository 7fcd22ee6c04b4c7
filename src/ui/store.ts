// A small observable state holder: pipelines keep their state in one (plain, unit-testable modules),
// components render it through useStore (useStore.ts).

export class Store<S extends object> {
  private readonly listeners = new Set<(state: S) => void>();

  constructor(private current: S) {}

  get state(): S {
    return this.current;
  }

  /** Merges `patch` (or what `update` returns for the current state) into the state and tells the listeners. */
  set(patch: Partial<S> | ((state: S) => Partial<S>)): void {
    const changes = typeof patch === 'function' ? patch(this.current) : patch;
    this.current = { ...this.current, ...changes };
    for (const listener of this.listeners) listener(this.current);
  }

  subscribe(listener: (state: S) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
