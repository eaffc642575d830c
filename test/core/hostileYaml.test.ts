// Hostile nesting never takes the analysis down (issue 14, finding 1): 2,250 compact block
// sequences and a dedent overflowed the `yaml` package's CST parser before the nesting limit was
// looked at; now the depth is bounded while the parser reads. And a parse that runs out of stack
// anyway (here: called with almost no stack left) is one `syntax` diagnostic, never an exception.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJson } from '../../server/src/core/document/parseJson';
import { parseYaml } from '../../server/src/core/document/parseYaml';
import { STACK_EXHAUSTED_MESSAGE } from '../../server/src/core/document/stackExhaustion';
import type { ParseOutcome } from '../../server/src/core/document/parseJson';
import { assertOnly, checkBriefText } from './fixtures';

const NESTING = 'Nesting deeper than 128 levels: Alloy does not read data nested this deep';

/** The input of the finding: 4.5 KB, 2,250 levels of `- - - … x`, then a line less indented. */
const COMPACT_SEQUENCES = '- '.repeat(2250) + 'x\n' + 'y\n';

describe('compact block sequences nested thousands of levels deep', () => {
  test("the finding's 4.5 KB brief is one syntax error at the 129th level, not a stack overflow", () => {
    assert.equal(COMPACT_SEQUENCES.length, 4504);
    const d = assertOnly(checkBriefText(COMPACT_SEQUENCES), 'syntax', 'error', [0, 256, 0, 257]);
    assert.equal(d.message, NESTING);
  });

  for (const [label, text] of [
    ['a dedent to the middle', '- '.repeat(2200) + 'x\n' + ' '.repeat(2000) + '- z\n'],
    ['100,000 levels', '- '.repeat(100_000) + 'x\n' + 'y\n'],
    ['nested maps, one level per line', Array.from({ length: 3000 }, (_, i) => '  '.repeat(i) + 'a:\n').join('') + 'y: 1\n'],
    ['flow sequences inside compact ones', '- '.repeat(1500) + '['.repeat(1500) + ']'.repeat(1500) + '\n' + 'y\n'],
  ] as const) {
    test(`${label}: one nesting error`, () => {
      const { root, problems } = parseYaml(text);
      assert.equal(root, undefined);
      assert.deepEqual(
        problems.map((p) => [p.code, p.message]),
        [['syntax', NESTING]],
      );
    });
  }

  test('at 128 levels the compact sequences are read, at 129 they are not', () => {
    // The root sequence is level 1, so 128 dashes nest 128 levels.
    const ok = parseYaml('- '.repeat(128) + 'x\n');
    assert.deepEqual(ok.problems, []);
    const over = parseYaml('- '.repeat(129) + 'x\n');
    assert.deepEqual(over.problems, [{ code: 'syntax', message: NESTING, span: { offset: 256, length: 1 } }]);
  });
});

// ---------------------------------------------------------------------------------------------

/** Calls `fn` under `n` extra frames. */
function dive<T>(n: number, fn: () => T): T {
  return n === 0 ? fn() : dive(n - 1, fn);
}

/** How many frames of `dive` the stack holds from here. */
function stackFrames(): number {
  let low = 0;
  let high = 1 << 20;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    try {
      dive(mid, () => 0);
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  return low;
}

type Outcome = 'clean' | 'exhausted' | 'other problems' | 'parse threw' | 'not reached';

/**
 * Parses `text` with less and less stack left: from plenty down to none. The frame size of `dive`
 * changes as V8 optimises it, so the headrooms are a scan, not exact amounts.
 */
function parseNearStackLimit(parse: (text: string) => ParseOutcome, text: string): Outcome[] {
  const outcomes: Outcome[] = [];
  for (let headroom = 20_000; headroom >= 1; headroom = Math.floor(headroom / 1.08)) {
    const frames = stackFrames();
    let outcome: Outcome = 'not reached';
    try {
      dive(Math.max(0, frames - headroom), () => {
        try {
          const { problems } = parse(text);
          if (problems.length === 0) outcome = 'clean';
          else if (problems.length === 1 && problems[0].message === STACK_EXHAUSTED_MESSAGE) outcome = 'exhausted';
          else outcome = 'other problems';
        } catch {
          // Right at the limit even the parser's first frame may not fit: nothing can catch that.
          outcome = 'parse threw';
        }
      });
    } catch {
      // `dive` itself ran out of stack before it called the parser.
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

describe('a parse that runs out of stack', () => {
  for (const [format, parse, text] of [
    ['YAML', parseYaml, 'x: ' + '['.repeat(120) + ']'.repeat(120) + '\n'],
    ['JSON', parseJson, '['.repeat(120) + ']'.repeat(120)],
  ] as const) {
    test(`${format}: it is one syntax diagnostic at 1:1, and nothing else`, () => {
      const outcomes = parseNearStackLimit(parse, text);
      assert.ok(outcomes.includes('clean'), outcomes.join(' '));
      assert.ok(outcomes.includes('exhausted'), outcomes.join(' '));
      // Never a partial tree with the overflow as one problem among others.
      assert.ok(!outcomes.includes('other problems'), outcomes.join(' '));
    });
  }

  test('the diagnostic is a syntax error on the first character', () => {
    const frames = stackFrames();
    for (let headroom = 20_000; headroom >= 1; headroom = Math.floor(headroom / 1.08)) {
      let found: ParseOutcome | undefined;
      try {
        dive(Math.max(0, stackFrames() - headroom), () => {
          try {
            const outcome = parseJson('['.repeat(120) + ']'.repeat(120));
            if (outcome.problems[0]?.message === STACK_EXHAUSTED_MESSAGE) found = outcome;
          } catch {
            // see parseNearStackLimit
          }
        });
      } catch {
        // see parseNearStackLimit
      }
      if (found) {
        assert.deepEqual(found, {
          root: undefined,
          problems: [{ code: 'syntax', message: STACK_EXHAUSTED_MESSAGE, span: { offset: 0, length: 1 } }],
        });
        return;
      }
    }
    assert.fail(`no headroom between 20,000 and 1 frames (of ${frames}) exhausted the stack inside the parser`);
  });
});
