import { spawn, type SpawnOptions } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Runs a command to completion, its output appended to `logFile`; rejects with the log's tail on failure. */
export function runLogged(command: string, args: string[], logFile: string, options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile, { flags: 'a' });
    log.write(`\n$ ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.on('error', (error) => {
      log.end();
      reject(new Error(`cannot run ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      log.end(() => {
        if (code === 0) return resolve();
        const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
        reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}); log: ${logFile}\n${tail}`));
      });
    });
  });
}

/** True while any process of the group `pgid` is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Ends a whole process group: SIGTERM, then SIGKILL after `graceMs`, and waits until no member is
 * left (code-server's children, the extension host among them, outlive their parent otherwise).
 */
export async function stopGroup(pgid: number, graceMs = 3000): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGKILL');
  const killDeadline = Date.now() + 5000;
  while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(50);
  if (groupAlive(pgid)) throw new Error(`process group ${pgid} survived SIGKILL`);
}

/** The synchronous last resort of `stopGroup`, for exit hooks. */
export function killGroup(pgid: number): void {
  signalGroup(pgid, 'SIGKILL');
}

/**
 * SIGKILLs every process whose command line contains `text` (e.g. a browser's profile folder):
 * synchronous, for exit hooks, where the handle that would close it politely is out of reach.
 */
export function killProcessesMentioning(text: string): void {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!pid || pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text)) process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
}
