/**
 * Working in turns on the extension host, the thread every extension shares: long work yields to the
 * event loop between turns, so that other tasks (keystrokes, other extensions) run in between.
 *
 * Every job of this extension that works in turns (reading a large file, indexing its duplicate keys,
 * preparing the library, turning a worker's rows into problems…) waits for its next turn in one
 * queue, and one turn is taken per task. Each job yielding on a timer of its own, the timers of
 * five jobs came due together and their turns ran back to back in one pass of the event loop: the
 * host was busy for five turns (60 ms and more) before a keystroke got in.
 */

/** Jobs waiting for their next turn, in the order they asked. */
const waiting: (() => void)[] = [];
/** Whether a task to take the next turn is scheduled. */
let scheduled = false;

/** Schedules the task that takes the next turn. */
function schedule(): void {
  scheduled = true;
  setTimeout(takeTurn, 0);
}

/** Gives the turn to the job that has waited longest, and schedules the next turn (a later task) if another waits. */
function takeTurn(): void {
  scheduled = false;
  const next = waiting.shift();
  if (waiting.length > 0) schedule();
  next?.();
}

/**
 * Lets the extension host's other tasks run: resolves in a later task, once the jobs of this
 * extension that asked for a turn before have had theirs.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) schedule();
  });
}

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
