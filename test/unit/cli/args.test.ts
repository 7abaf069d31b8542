/**
 * The CLI's argument parser (`src/cli/args.ts`): flags, options with a value in both spellings,
 * repeatable options, aliases, positional paths and the usage errors.
 */
import * as assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../../src/cli/args';

describe('parseArgs (src/cli/args.ts)', () => {
  const specs = {
    '--json': {},
    '--to': { aliases: ['-t'], value: true },
    '--rule': { value: true, missingValue: '--rule takes CODE' },
  };

  it('reads flags, values in both spellings, repeated options and paths', () => {
    const p = parseArgs(['a.ris', '--json', '--to', 'ris', '--rule=x=1', '-', '--rule', '-y', 'b'], specs);
    assert.equal(p.has('--json'), true);
    assert.equal(p.value('--to'), 'ris');
    assert.deepEqual(p.values('--rule'), ['x=1', '-y']);
    assert.deepEqual(p.positional, ['a.ris', '-', 'b']);
    assert.equal(p.has('--nothing'), false);
    assert.equal(p.value('--nothing'), undefined);
    assert.deepEqual(p.values('--nothing'), []);
  });

  it('takes an alias for its option and keeps the last value', () => {
    const p = parseArgs(['-t', 'bibtex', '--to=ris'], specs);
    assert.equal(p.value('--to'), 'ris');
  });

  it('reports unknown options, missing values and values given to flags', () => {
    const message = (args: string[]): string => {
      try {
        parseArgs(args, specs);
      } catch (error) {
        assert.ok(error instanceof UsageError);
        return error.message;
      }
      return '';
    };
    assert.equal(message(['--bogus']), "unknown option '--bogus'");
    assert.equal(message(['-x']), "unknown option '-x'");
    assert.equal(message(['--to']), '--to needs a value');
    assert.equal(message(['--to=']), '--to needs a value');
    assert.equal(message(['-t']), '-t needs a value');
    assert.equal(message(['--rule']), '--rule takes CODE');
    assert.equal(message(['--json=yes']), '--json takes no value');
  });
});
