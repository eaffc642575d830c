// Entry point of `npm run demo` (see nodeDemo.ts): runs the whole loop once and exits with the
// code of `alloy submit`.

import { runDemo } from './nodeDemo';

runDemo().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
