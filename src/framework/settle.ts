/** Interactions must be acknowledged within 3 s: an answer not ready by then is deferred and edited in. */
export const DEFER_AFTER_MS = 2_000;

/**
 * The work's result if it settles within `ms`, else the promise still running: the caller acknowledges now
 * ("thinking…") and sends the result when it comes. Never rejects for the timer's sake.
 */
export async function settledWithin<T>(
  work: Promise<T>,
  ms: number = DEFER_AFTER_MS,
): Promise<{ ready: true; value: T } | { ready: false; later: Promise<T> }> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<"slow">((resolve) => {
    timer = setTimeout(resolve, ms, "slow");
  });
  try {
    const first = await Promise.race([work.then((value) => ({ value })), slow]);
    return first === "slow" ? { ready: false, later: work } : { ready: true, value: first.value };
  } finally {
    clearTimeout(timer);
  }
}
