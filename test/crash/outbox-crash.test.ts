import { describe, expect, it } from 'vitest';
import { formatCrashTable, runCrashSuite } from './driver';
import { KILL_POINTS } from './protocol';

/**
 * The outbox crash suite (docs/testing.md, "The outbox crash suite"): the sandbox as its own process with duplicate
 * refusal off and every attempt logged; a sender process per run, killed with SIGKILL at each of five points (at
 * least 50 runs per point and round); after each restart, recovery until nothing changes. Round `lookup_on`: every
 * send ends sent, cancelled or failed_permanent. Round `lookup_off` (the sandbox started with --no-lookup): only the
 * kills after the request may end `unknown`. In both: each UUID delivered at most once, every accepted UUID in the
 * outbox, the history intact.
 *
 * CRASH_RUNS_PER_POINT scales it (default 50; fewer is refused: the acceptance asks for at least 50 per point).
 * The long run is scripts/crash-long.ts.
 */

const MIN_RUNS_PER_POINT = 50;
const runsPerPoint = Number(process.env.CRASH_RUNS_PER_POINT ?? MIN_RUNS_PER_POINT);

describe('outbox crash suite', () => {
  it(`SIGKILL at every point, ${runsPerPoint} runs per point, look-up on and off: delivered at most once, nothing lost`, async () => {
    expect(
      Number.isInteger(runsPerPoint) && runsPerPoint >= MIN_RUNS_PER_POINT,
      `CRASH_RUNS_PER_POINT must be a whole number ≥ ${MIN_RUNS_PER_POINT} (is ${process.env.CRASH_RUNS_PER_POINT})`,
    ).toBe(true);

    const t0 = Date.now();
    const result = await runCrashSuite({
      runsPerPoint,
      log: (line) => console.log(`[crash ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`),
    });
    console.log(`\n${formatCrashTable(result)}\n`);

    expect(result.problems).toEqual([]);
    expect(result.rounds.map((r) => r.round)).toEqual(['lookup_on', 'lookup_off']);
    for (const round of result.rounds) {
      expect(round.audit?.intact).toBe(true);
      expect(round.duplicateDeliveries).toBe(0);
      expect(round.rows).toBe(runsPerPoint * KILL_POINTS.length);
      expect(round.seenAccepted).toBe(round.rows);
      for (const point of KILL_POINTS) {
        const p = round.points[point];
        expect(p.runs, `${round.round} ${point}`).toBeGreaterThanOrEqual(MIN_RUNS_PER_POINT);
        expect(p.maxDeliveries, `${round.round} ${point}`).toBeLessThanOrEqual(1);
        const settled = p.states.sent + p.states.cancelled + p.states.failed_permanent;
        if (
          round.lookup ||
          point === 'after_accept' ||
          point === 'after_sending_commit' ||
          point === 'in_delay_window'
        ) {
          expect(settled, `${round.round} ${point}: every send settled`).toBe(p.runs);
        } else {
          // Look-up off, killed after the request: the sandbox has it, nobody can ask, a person must decide.
          expect(p.states.unknown, `${round.round} ${point}`).toBe(p.runs);
        }
      }
    }
  });
});
