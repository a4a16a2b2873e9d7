/** The one source of "now" for commands, so tests and the demo loader can set the time. */
export const clock = {
  now: (): Date => new Date(),
};

/** Runs `fn` with the clock fixed at `at` (sequential use only: demo loading, tests). */
export async function atTime<T>(at: Date, fn: () => Promise<T>): Promise<T> {
  const previous = clock.now;
  clock.now = () => new Date(at);
  try {
    return await fn();
  } finally {
    clock.now = previous;
  }
}
