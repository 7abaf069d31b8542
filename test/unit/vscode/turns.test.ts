/**
 * The extension's turns (`src/vscode/turns.ts`, which imports nothing of VS Code): jobs working in
 * turns at the same time take one turn per task, in the order they asked, so that the host is never
 * busy with several jobs' turns before another task gets in.
 */
import * as assert from 'node:assert/strict';
import { nextTurn, turnPause, TURN_MS } from '../../../src/vscode/turns';

/** Resolves after the tasks queued before it (a timer of its own, as a keystroke would be an event). */
const anotherTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('turns on the extension host', () => {
  it('takes one job turn per task, in the order the jobs asked', async () => {
    const events: string[] = [];
    const names = ['a', 'b', 'c', 'd', 'e'];
    const job = async (name: string, turns: number): Promise<void> => {
      for (let t = 0; t < turns; t++) {
        events.push(`${name}${t}`);
        await nextTurn();
      }
    };
    const jobs = Promise.all(names.map((n) => job(n, 4)));
    let done = false;
    void jobs.then(() => (done = true));
    // Another task keeps coming due while the jobs work (as keystrokes would).
    while (!done) {
      await anotherTask();
      events.push('task');
    }
    // The jobs start at once, then take their turns in the order they asked, round-robin.
    const turns = events.filter((e) => e !== 'task');
    assert.deepEqual(turns, [0, 1, 2, 3].flatMap((t) => names.map((n) => `${n}${t}`)));
    // Between two of the other tasks, one job turn ran (two when both came due in one pass of the
    // event loop), never the five that each job's own timer would run back to back.
    let inARow = 0;
    let longest = 0;
    for (const e of events.slice(names.length)) {
      if (e === 'task') inARow = 0;
      else longest = Math.max(longest, ++inARow);
    }
    assert.ok(longest <= 2, `${longest} job turns in a row: ${events.join(' ')}`);
  });

  it('gives the jobs someone waits for their turns before the background jobs', async () => {
    const events: string[] = [];
    const job = async (name: string, turns: number, priority?: 'interactive' | 'background'): Promise<void> => {
      for (let t = 0; t < turns; t++) {
        events.push(`${name}${t}`);
        await nextTurn(priority);
      }
    };
    // Two background jobs are under way (the workspace index reading an export, say)…
    const background = [job('a', 5), job('b', 5, 'background')];
    await anotherTask();
    await anotherTask();
    // …when the References view asks for its first level.
    const started = events.length;
    const view = job('v', 3, 'interactive');
    await Promise.all([...background, view]);
    const after = events.slice(started);
    // The view's turns come first, one per task; the background jobs go on after it, in their order.
    assert.deepEqual(after.slice(0, 3), ['v0', 'v1', 'v2'], events.join(' '));
    assert.ok(after.slice(3).every((e) => !e.startsWith('v')));
    assert.deepEqual(events.filter((e) => e.startsWith('a')), ['a0', 'a1', 'a2', 'a3', 'a4']);
    assert.deepEqual(events.filter((e) => e.startsWith('b')), ['b0', 'b1', 'b2', 'b3', 'b4']);
  });

  it('a pause yields only once a turn is used up', async () => {
    const pause = turnPause();
    let yielded = false;
    const later = anotherTask().then(() => (yielded = true));
    await pause();
    assert.equal(yielded, false, 'a fresh turn does not yield');
    const until = Date.now() + TURN_MS + 2;
    while (Date.now() < until) {
      // a step that uses the turn up
    }
    await pause();
    await later;
    assert.equal(yielded, true);
  });
});
