import { formatCrashTable, runCrashSuite, type RoundName, ROUNDS } from '../test/crash/driver';

/**
 * The long run of the outbox crash suite (docs/testing.md, "The outbox crash suite"): the CI suite's driver with many
 * more runs per kill point. Prints progress, then the table of figures; exits 1 when any check failed.
 *
 *   npx tsx scripts/crash-long.ts [runs-per-point] [--sequential] [--round lookup_on|lookup_off] [--keep DIR]
 *
 * runs-per-point: the argument, else CRASH_RUNS_PER_POINT, else 200 (2000 kills; docs/testing.md has its figures).
 * A round must end within the suite's delay window (an hour): at about a run per second per round, stay below ~3000.
 */

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let runsPerPoint = Number(process.env.CRASH_RUNS_PER_POINT ?? 200);
  let parallel = true;
  let rounds: readonly RoundName[] = ROUNDS;
  let workDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--sequential') parallel = false;
    else if (arg === '--round') rounds = [args[++i] as RoundName];
    else if (arg === '--keep') workDir = args[++i];
    else if (/^\d+$/.test(arg)) runsPerPoint = Number(arg);
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(runsPerPoint) || runsPerPoint < 1) throw new Error('runs per point must be ≥ 1');
  if (!rounds.every((r) => ROUNDS.includes(r))) throw new Error(`--round is one of ${ROUNDS.join(', ')}`);
  const t0 = Date.now();
  console.log(
    `outbox crash suite, long run: ${runsPerPoint} runs per kill point, rounds ${rounds.join(' + ')}` +
      ` (${parallel ? 'side by side' : 'one after the other'}), started ${new Date(t0).toISOString()}`,
  );
  const result = await runCrashSuite({
    runsPerPoint,
    parallel,
    rounds,
    workDir,
    keep: workDir !== undefined,
    log: (line) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`),
  });
  console.log(`\n${formatCrashTable(result)}`);
  if (result.problems.length > 0) {
    console.log(`\n${result.problems.length} problem(s):\n${result.problems.slice(0, 50).join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
