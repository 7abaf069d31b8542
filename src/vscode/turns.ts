/**
 * Working in turns on the extension host, the thread every extension shares: long work yields to the
 * event loop between turns, so that other tasks (keystrokes, other extensions) run in between.
 */

/** Lets the extension host's other tasks run. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A turn's length: work goes on until this many milliseconds have passed, then yields. */
export const TURN_MS = 12;

/** A pause that yields only once a turn's time is used up (fewer, fuller turns than a yield per step). */
export function turnPause(): () => Promise<void> {
  let since = Date.now();
  return async () => {
    if (Date.now() - since < TURN_MS) return;
    await nextTurn();
    since = Date.now();
  };
}
