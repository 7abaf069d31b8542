/**
 * Working in turns on the extension host, the thread every extension shares: long work yields to the
 * event loop between turns, so that other tasks (keystrokes, other extensions) run in between.
 *
 * Every job of this extension that works in turns (reading a large file, indexing its duplicate keys,
 * preparing the library, turning a worker's rows into problems…) waits for its next turn in one
 * queue, and one turn is taken per task. Each job yielding on a timer of its own, the timers of
 * five jobs came due together and their turns ran back to back in one pass of the event loop: the
 * host was busy for five turns (60 ms and more) before a keystroke got in.
 *
 * A job someone is waiting for (the References view's levels, the library and the search index that
 * the view, the picker and completion need) asks for its turns as `'interactive'`, and gets them
 * before the jobs that work in the background (reading the workspace's files, indexing their
 * duplicate keys, turning a check's rows into problems), instead of waiting for a turn behind each
 * of them while a large export is being read.
 */

/** Who waits for a job: someone looking at it, or nobody in particular. */
export type TurnPriority = 'interactive' | 'background';

/** Jobs waiting for their next turn, in the order they asked, per priority. */
const waiting: Record<TurnPriority, (() => void)[]> = { interactive: [], background: [] };
/** Whether a task to take the next turn is scheduled. */
let scheduled = false;

/** Schedules the task that takes the next turn. */
function schedule(): void {
  scheduled = true;
  setTimeout(takeTurn, 0);
}

/**
 * Gives the turn to the interactive job that has waited longest, else to the background job that has,
 * and schedules the next turn (a later task) if another waits.
 */
function takeTurn(): void {
  scheduled = false;
  const next = waiting.interactive.shift() ?? waiting.background.shift();
  if (waiting.interactive.length > 0 || waiting.background.length > 0) schedule();
  next?.();
}

/**
 * Lets the extension host's other tasks run: resolves in a later task, once the jobs of this
 * extension that asked for a turn before (with this priority or a higher one) have had theirs.
 */
export function nextTurn(priority: TurnPriority = 'background'): Promise<void> {
  return new Promise((resolve) => {
    waiting[priority].push(resolve);
    if (!scheduled) schedule();
  });
}

/** A turn's length: work goes on until this many milliseconds have passed, then yields. */
export const TURN_MS = 12;

/** A pause that yields only once a turn's time is used up (fewer, fuller turns than a yield per step). */
export function turnPause(priority: TurnPriority = 'background'): () => Promise<void> {
  let since = Date.now();
  return async () => {
    if (Date.now() - since < TURN_MS) return;
    await nextTurn(priority);
    since = Date.now();
  };
}
