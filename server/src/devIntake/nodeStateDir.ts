// The intake's state directory on disk: one file per idempotency key (keys/<hex>.json), each
// written atomically (temp file, fsync, rename, fsync the folder), and a lock file so that two
// intakes never share one directory. A record that cannot be read stops the start: never an
// empty start that would run a key twice.

import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseIntakeRecord, type IntakeRecord } from './intakeRecord';
import type { RecordStorage } from './intakeStore';
import type { Log } from './ports';

const LOCK = 'intake.lock';

export async function makeTempStateDir(): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), 'alloy-dev-intake-'));
}

export async function removeDir(dir: string): Promise<void> {
  await fsp.rm(dir, { recursive: true, force: true });
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class NodeStateDir implements RecordStorage {
  private readonly keysDir: string;

  private constructor(
    readonly dir: string,
    private readonly log: Log,
  ) {
    this.keysDir = path.join(dir, 'keys');
  }

  /** Creates the folders, takes the lock (or says who holds it) and clears temp files of a crashed write. */
  static async open(dir: string, log: Log): Promise<NodeStateDir> {
    const state = new NodeStateDir(path.resolve(dir), log);
    await fsp.mkdir(state.keysDir, { recursive: true });
    await state.lock();
    return state;
  }

  async load(): Promise<IntakeRecord[]> {
    const records: IntakeRecord[] = [];
    for (const name of (await fsp.readdir(this.keysDir)).sort()) {
      const file = path.join(this.keysDir, name);
      if (name.endsWith('.tmp')) {
        this.log(`state: removing ${file}, the temp file of a write that did not finish (its record was never in use)`);
        await fsp.rm(file, { force: true });
        continue;
      }
      if (!name.endsWith('.json')) {
        throw new Error(`The state directory holds an unexpected file ${file}; move it away, or start with another --state-dir.`);
      }
      const parsed = parseIntakeRecord(await fsp.readFile(file, 'utf8'), file);
      if (!parsed.ok)
        throw new Error(`Cannot read the intake state: ${parsed.message}. Move the file away, or start with another --state-dir.`);
      if (`${parsed.value.key.slice('sha256:'.length)}.json` !== name) {
        throw new Error(`Cannot read the intake state: ${file} holds the record of ${parsed.value.key}, not of its own file name.`);
      }
      records.push(parsed.value);
    }
    return records;
  }

  async save(record: IntakeRecord): Promise<void> {
    const file = path.join(this.keysDir, `${record.key.slice('sha256:'.length)}.json`);
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await fsp.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fsp.rename(temp, file);
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
    await fsyncDir(this.keysDir);
  }

  /** Releases the lock (only ours). */
  async release(): Promise<void> {
    const file = path.join(this.dir, LOCK);
    try {
      if (Number((await fsp.readFile(file, 'utf8')).trim()) === process.pid) await fsp.rm(file, { force: true });
    } catch {
      // Already gone.
    }
  }

  private async lock(): Promise<void> {
    const file = path.join(this.dir, LOCK);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new Error(
          `The state directory ${this.dir} is in use by another intake (process ${holder}); stop it, or start with another --state-dir.`,
        );
      }
      this.log(`state: taking over ${file} from process ${Number.isNaN(holder) ? '(unreadable)' : holder}, which is no longer running`);
      fs.rmSync(file, { force: true });
    }
    throw new Error(`Could not take the lock ${file}.`);
  }
}
