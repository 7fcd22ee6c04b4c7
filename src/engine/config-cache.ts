// The engine's settings, kept between requests: its host reads them through the background (Chrome's
// offscreen document cannot read extension storage), one message per read, and requests come far more
// often than settings change. Whoever sees a change says so (`changed`), and the next request reads afresh.
export interface ConfigCache<T> {
  read(): Promise<T>;
  /** The settings changed: the next read loads them again (a read already under way is not reused). */
  changed(): void;
}

export function configCache<T>(load: () => Promise<T>): ConfigCache<T> {
  let kept: Promise<T> | undefined;
  return {
    read() {
      if (kept) return kept;
      const loading = load();
      kept = loading;
      // A failed read is not kept: the next request tries again.
      loading.catch(() => {
        if (kept === loading) kept = undefined;
      });
      return loading;
    },
    changed() {
      kept = undefined;
    },
  };
}
