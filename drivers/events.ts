// A minimal typed event source: drivers expose `on(name, listener)` returning an unsubscribe function.

type Listener<T> = (value: T) => void;

export class TypedEvents<E extends object> {
  readonly #listeners = new Map<keyof E, Set<Listener<never>>>();

  on<K extends keyof E>(name: K, listener: Listener<E[K]>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  /** Resolves with the next event of that name that passes `accept`, or rejects after `timeoutMs`. */
  next<K extends keyof E>(name: K, timeoutMs: number, accept: (value: E[K]) => boolean = () => true): Promise<E[K]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no '${String(name)}' event within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on(name, (value) => {
        if (!accept(value)) return;
        clearTimeout(timer);
        off();
        resolve(value);
      });
    });
  }

  protected emit<K extends keyof E>(name: K, value: E[K]): void {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) (listener as Listener<E[K]>)(value);
  }
}
