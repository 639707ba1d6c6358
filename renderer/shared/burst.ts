// A burst of calls within `ms` runs `run` once, at the end of the first call's wait.

/** Returns a function that, however often it is called within `ms`, runs `run` once after `ms`. */
export function oncePerBurst(run: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      run();
    }, ms);
  };
}
