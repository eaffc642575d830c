// `npm run foundry:dev`: starts the dev intake, prints where it listens on stdout (one line), logs
// every request on stderr, and stops cleanly on SIGINT or SIGTERM. Exit 2 on bad options.

import { parseIntakeArgs, helpText } from './intakeArgs';
import { INTAKE_PATH_TEMPLATE } from './intakeRoutes';
import { startIntake } from './startIntake';

async function main(): Promise<void> {
  const parsed = parseIntakeArgs(process.argv.slice(2), process.env, process.cwd());
  if (parsed.kind === 'help') {
    process.stdout.write(helpText());
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`foundry dev intake: ${parsed.message}\n`);
    process.exitCode = 2;
    return;
  }
  let intake;
  try {
    intake = await startIntake(parsed.options);
  } catch (error) {
    process.stderr.write(`foundry dev intake: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.write(`foundry dev intake listening on ${intake.url}${INTAKE_PATH_TEMPLATE}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      process.stderr.write(`foundry dev intake: ${signal} again, exiting at once\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`foundry dev intake: ${signal}, stopping\n`);
    intake.close().then(
      () => {
        process.stderr.write('foundry dev intake: stopped\n');
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(`foundry dev intake: could not stop cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
