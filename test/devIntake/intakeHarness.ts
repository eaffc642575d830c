// Starts an in-process intake over a temp copy of the example, with a captured log and fake
// time by default, and removes everything afterwards.

import * as fs from 'node:fs';
import { startIntake, type Intake, type IntakeOptions } from '../../server/src/devIntake';
import { makeExampleRoot, type ExampleRoot } from './exampleRoot';
import { fakeClock, fakeSleep, type FakeClock, type FakeSleep } from './fakePorts';

export interface Harness {
  intake: Intake;
  example: ExampleRoot;
  log: string[];
  clock: FakeClock;
  sleep: FakeSleep;
  port: number;
  /** Closes the intake and removes the temp folders. */
  dispose(): Promise<void>;
}

export interface HarnessOptions extends Partial<IntakeOptions> {
  example?: ExampleRoot;
  /** Durations of waits that park until sleep.release(). */
  park?: number[];
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const example = options.example ?? makeExampleRoot();
  const log: string[] = [];
  const clock = fakeClock();
  const sleep = fakeSleep(options.park);
  // The harness's own options ride along unread.
  const intakeOptions: IntakeOptions = { root: example.root, clock, sleep: sleep.sleep, log: (line) => log.push(line), ...options };
  const intake = await startIntake(intakeOptions);
  return {
    intake,
    example,
    log,
    clock,
    sleep,
    port: intake.port,
    async dispose() {
      await intake.close();
      example.remove();
      if (options.stateDir) fs.rmSync(options.stateDir, { recursive: true, force: true });
    },
  };
}
