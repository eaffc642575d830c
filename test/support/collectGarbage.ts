// A full garbage collection on demand, for CPU-time measurements: run before a measured piece of
// work so that it does not pay for the garbage of whatever ran before it (in a long fuzz run, a
// heap of earlier batches; in a test, its set-up).

import * as v8 from 'node:v8';
import * as vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');

export const collectGarbage = vm.runInNewContext('gc') as () => void;
