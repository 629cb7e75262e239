import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Session } from 'node:inspector';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import { EXTENSION_IDS, Env, type EditSample, type HostResult } from './protocol';
import { ScanCounter } from './scanCounter';

/**
 * The bench inside the real extension host (loaded as `--extensionTestsPath`, see hostBench.ts): times
 * `activate()` of Tokenwise and of two empty extensions activated just before and just after it, the way from an edit in a 5 MB response file
 * to its diagnostics, and counts the scans that rapid edits and a closed document cause. Results go
 * to the JSON file named by TOKENWISE_BENCH_OUT; nothing here fails the run on a slow figure.
 */

/** The payload line an edit inserts: one more diagnostic, so its arrival can be seen. */
const PAYLOAD_LINE = '{"error_type":"UNAUTHORIZED","error_message":"Invalid token."}\n';
/** The size of the untitled copies the debounce and close checks edit: about 60 payloads. */
const CHECK_CHARS = 32 * 1024;
/** Must match VALIDATION_DELAY_MS of src/editor/diagnostics.ts. */
const DEBOUNCE_MS = 300;

function say(message: string): void {
  // The runner prints only the host's lines that carry its tag (see hostBench.ts).
  console.log(`${process.env[Env.logTag] ?? ''}    [bench] ${message}`);
}

function tokenwiseCount(uri: vscode.Uri): number {
  let count = 0;
  for (const diagnostic of vscode.languages.getDiagnostics(uri)) if (diagnostic.source === 'Tokenwise') count++;
  return count;
}

/**
 * Resolves with the time at which `predicate` first held, checked every millisecond (a timer, so the
 * extension's own timers and messages run in between), not on VS Code's onDidChangeDiagnostics,
 * which is itself debounced by 50 ms.
 */
function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (predicate()) return resolve(performance.now());
      if (performance.now() > deadline) return reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      setTimeout(check, 1);
    };
    check();
  });
}

/** The time the extension host hears of the next change of `uri` (what starts the extension's debounce). */
function nextChange(uri: vscode.Uri): { readonly at: () => number | undefined; dispose(): void } {
  let at: number | undefined;
  const listener = vscode.workspace.onDidChangeTextDocument((event) => {
    if (at === undefined && event.document.uri.toString() === uri.toString() && event.contentChanges.length > 0) at = performance.now();
  });
  return { at: () => at, dispose: () => listener.dispose() };
}

/** V8's sampling profiler through the inspector, around one activation (TOKENWISE_BENCH_CPU_PROFILE). */
class CpuProfile {
  private readonly session = new Session();

  static async start(): Promise<CpuProfile> {
    const profile = new CpuProfile();
    profile.session.connect();
    await profile.post('Profiler.enable');
    await profile.post('Profiler.setSamplingInterval', { interval: 50 });
    await profile.post('Profiler.start');
    return profile;
  }

  async stop(file: string): Promise<void> {
    const { profile } = (await this.post('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    await this.post('Profiler.disable');
    this.session.disconnect();
    say(`CPU profile of the activation: ${file}`);
  }

  private post(method: string, params?: object): Promise<unknown> {
    return new Promise((resolve, reject) => this.session.post(method, params ?? {}, (error, answer) => (error ? reject(error) : resolve(answer))));
  }
}

/**
 * Waits until the extension host is idle: the host starts the bench while built-in extensions are
 * still activating, and an activation timed then waits behind their work (an empty extension took
 * from 14 to 290 ms). Idle: five timers in a row fire less than 5 ms late; at most `maxMs`.
 */
async function settle(maxMs: number): Promise<number> {
  const started = performance.now();
  let calm = 0;
  while (calm < 5 && performance.now() - started < maxMs) {
    const before = performance.now();
    await sleep(50);
    calm = performance.now() - before - 50 < 5 ? calm + 1 : 0;
  }
  return performance.now() - started;
}

async function measureActivation(result: HostResult): Promise<void> {
  const measured = { tokenwise: EXTENSION_IDS.tokenwise, empty: EXTENSION_IDS.empty, empty2: EXTENSION_IDS.empty2, warmup: EXTENSION_IDS.warmup };
  const extensions = Object.fromEntries(
    Object.entries(measured).map(([key, id]) => {
      const extension = vscode.extensions.getExtension(id);
      if (!extension) throw new Error(`${id} is not loaded in this host`);
      return [key, extension];
    }),
  );
  result.activeBefore = Object.fromEntries(Object.entries(extensions).map(([key, extension]) => [key, extension.isActive]));
  result.settleMs = await settle(15_000);
  await extensions.warmup.activate();
  const order = (process.env[Env.order] ?? 'empty,tokenwise,empty2').split(',');
  result.activationOrder = order;
  // Profiling slows what it watches: a profiled run shows where the time goes, its ratio is no figure.
  const profileFolder = process.env[Env.cpuProfile];
  result.profiled = profileFolder ? true : undefined;
  result.activationMs = {};
  result.activationCpuMs = {};
  for (const key of order) {
    // Idle again first: work an activation leaves behind (Tokenwise's first diagnostics, its status
    // bar) must not be timed as part of the next one.
    await settle(5_000);
    const profiler = key === 'tokenwise' && profileFolder ? await CpuProfile.start() : undefined;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await extensions[key].activate();
    result.activationMs[key] = performance.now() - started;
    const used = process.cpuUsage(cpu);
    result.activationCpuMs[key] = (used.user + used.system) / 1000;
    await profiler?.stop(path.join(profileFolder ?? '', `activate-tokenwise-${process.pid}.cpuprofile`));
  }
  say(`activate(): ${order.map((key) => `${key} ${result.activationMs?.[key].toFixed(2)} ms`).join(', ')}`);
}


/** The first `size` characters of `text`, cut after a line. */
function headOf(text: string, size: number): string {
  const cut = text.lastIndexOf('\n', size);
  return cut > 0 ? text.slice(0, cut + 1) : text;
}

/** A line in the middle of the file that starts a log line (a timestamp), for insertions. */
function insertionLine(document: vscode.TextDocument, skip: number): number {
  let found = 0;
  for (let line = Math.floor(document.lineCount / 2); line < document.lineCount; line++) {
    if (/^20\d\d-/.test(document.lineAt(line).text) && found++ >= skip) return line;
  }
  throw new Error('no log line to insert before');
}

async function measureEdits(result: HostResult, editor: vscode.TextEditor, repetitions: number): Promise<void> {
  const { document } = editor;
  const uri = document.uri;
  const samples: EditSample[] = [];
  for (let i = 0; i < repetitions; i++) {
    const line = insertionLine(document, i * 17);
    for (const kind of ['insert', 'delete'] as const) {
      const before = tokenwiseCount(uri);
      const expected = kind === 'insert' ? before + 1 : before - 1;
      const change = nextChange(uri);
      const started = performance.now();
      const applied = await editor.edit((edit) => (kind === 'insert' ? edit.insert(new vscode.Position(line, 0), PAYLOAD_LINE) : edit.delete(new vscode.Range(line, 0, line + 1, 0))));
      const appliedAt = performance.now();
      if (!applied) throw new Error(`the ${kind} edit was not applied`);
      const publishedAt = await until(() => tokenwiseCount(uri) === expected, 10_000, `diagnostics after the ${kind} edit`);
      const changedAt = change.at() ?? appliedAt;
      change.dispose();
      samples.push({ kind, applyMs: appliedAt - started, changeMs: changedAt - started, publishMs: publishedAt - started });
      await sleep(100);
    }
  }
  result.edits = samples;
  say(`edits (applied/changed/published): ${samples.map((s) => `${s.kind} ${s.applyMs.toFixed(0)}/${s.changeMs.toFixed(0)}/${s.publishMs.toFixed(0)} ms`).join(', ')}`);
}

/**
 * Rapid edits share one scan: ten edits to an untitled copy of the file's head, small enough that
 * VS Code applies each edit well within the debounce period (in the 5 MB file an edit alone can
 * take longer than that on a loaded host, and the bursts would no longer be bursts).
 */
async function checkDebounce(result: HostResult, content: string, counter: ScanCounter | undefined): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'log', content });
  const editor = await vscode.window.showTextDocument(document);
  await until(() => tokenwiseCount(document.uri) > 0, 30_000, 'diagnostics of the untitled copy');
  await sleep(2 * DEBOUNCE_MS);
  const uri = document.uri;
  const before = tokenwiseCount(uri);
  const edits = 10;
  const line = insertionLine(document, 3);
  await counter?.take();
  const started = performance.now();
  const appliedAt: number[] = [];
  for (let i = 0; i < edits; i++) {
    if (!(await editor.edit((edit) => edit.insert(new vscode.Position(line, 0), PAYLOAD_LINE)))) throw new Error('a rapid edit was not applied');
    appliedAt.push(performance.now());
  }
  const editsSpanMs = performance.now() - started;
  const publishedAt = await until(() => tokenwiseCount(uri) === before + edits, 10_000, 'diagnostics after the rapid edits');
  // Long enough for a second, late scan to happen if one were pending.
  await sleep(2 * DEBOUNCE_MS + 200);
  const scans = counter ? await counter.take() : null;
  // One scan per burst: edits closer together than the debounce period share one.
  let bursts = 1;
  for (let i = 1; i < appliedAt.length; i++) if (appliedAt[i] - appliedAt[i - 1] >= DEBOUNCE_MS) bursts++;
  result.rapidEdits = { edits, chars: content.length, editsSpanMs, bursts, scans, publishMs: publishedAt - started };
  say(`${edits} edits in ${editsSpanMs.toFixed(0)} ms (${bursts} burst(s)) -> ${scans} scan(s), diagnostics after ${(publishedAt - started).toFixed(0)} ms`);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/**
 * Work for a closed document is dropped: a copy of the file's head is opened untitled, edited and
 * closed at once. Conclusive when the close reached the extension host within the debounce period
 * after the change (else the scan was due before the close, and one is expected).
 */
async function checkClosedDocument(result: HostResult, content: string, counter: ScanCounter | undefined): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'log', content });
  const editor = await vscode.window.showTextDocument(document);
  await until(() => tokenwiseCount(document.uri) > 0, 30_000, 'diagnostics of the untitled copy');
  await sleep(2 * DEBOUNCE_MS);
  const line = insertionLine(document, 5);
  let closedAt: number | undefined;
  const closing = vscode.workspace.onDidCloseTextDocument((closed) => {
    if (closed.uri.toString() === document.uri.toString()) closedAt ??= performance.now();
  });
  const change = nextChange(document.uri);
  try {
    await counter?.take();
    const started = performance.now();
    // The close is sent right behind the edit: awaited in turn, the workbench's own round trips
    // took longer than the debounce period on a loaded host.
    const edited = editor.edit((edit) => edit.insert(new vscode.Position(line, 0), PAYLOAD_LINE));
    const closed = vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await Promise.all([edited, closed]);
    await until(() => closedAt !== undefined, 10_000, 'the close of the untitled copy');
    await sleep(2 * DEBOUNCE_MS + 200);
    const scansAfterEdit = counter ? await counter.take() : null;
    const closeAfterChangeMs = (closedAt ?? 0) - (change.at() ?? started);
    result.closedDocument = {
      chars: content.length,
      scansAfterEdit,
      diagnosticsAfterClose: tokenwiseCount(document.uri),
      closeAfterChangeMs,
      conclusive: closeAfterChangeMs < DEBOUNCE_MS,
    };
    say(`edit, then close ${closeAfterChangeMs.toFixed(0)} ms after the change -> ${scansAfterEdit} scan(s) after the edit, ${result.closedDocument.diagnosticsAfterClose} diagnostics left`);
  } finally {
    closing.dispose();
    change.dispose();
  }
}

export async function run(): Promise<void> {
  const result: HostResult = { vscodeVersion: vscode.version };
  const out = process.env[Env.out];
  try {
    if (!out) throw new Error(`${Env.out} is not set`);
    const file = process.env[Env.editFile];
    // The 5 MB file is open before the activations, as a log left open at startup is: what
    // Tokenwise does with documents already open must not be part of its activate().
    const document = file ? await vscode.workspace.openTextDocument(vscode.Uri.file(file)) : undefined;
    await measureActivation(result);
    const activatedAt = performance.now();

    if (document) {
      const editor = await vscode.window.showTextDocument(document);
      await until(() => tokenwiseCount(document.uri) > 0, 60_000, 'diagnostics of the 5 MB file');
      result.editFileChars = document.getText().length;
      result.diagnosticsOnOpen = tokenwiseCount(document.uri);
      say(`${(result.editFileChars / 1024 / 1024).toFixed(1)} MB file, open during the activations: ${result.diagnosticsOnOpen} diagnostics`);
      await sleep(500);
      await measureEdits(result, editor, Number(process.env[Env.editRepetitions]) || 3);

      if (process.env[Env.checks] === '1') {
        const extensionFile = process.env[Env.extensionFile] ?? '';
        const counter = await ScanCounter.start(extensionFile).catch((error: unknown) => {
          result.countNote = `the inspector could not count: ${String(error)}`;
          return undefined;
        });
        try {
          const head = headOf(document.getText(), CHECK_CHARS);
          await checkDebounce(result, head, counter);
          await checkClosedDocument(result, head, counter);
          if (counter && result.rapidEdits?.scans === null) result.countNote = `no scanDocument function in the coverage of ${extensionFile}`;
        } finally {
          await counter?.dispose();
        }
      }
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    if (process.env[Env.waitForCodeCache] === '1') result.codeCacheWritten = await waitForCodeCache(process.env[Env.codeCacheDir] ?? '', activatedAt);
  } catch (error) {
    result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    say(`error: ${result.error}`);
  } finally {
    if (out) writeFileSync(out, JSON.stringify(result, null, 1));
  }
}

/** Tokenwise writes its code cache a few seconds after activation (src/boot.ts): the next hosts start with it. */
async function waitForCodeCache(folder: string, activatedAt: number): Promise<NonNullable<HostResult['codeCacheWritten']>> {
  const written = () => {
    try {
      return readdirSync(folder).some((name) => name.endsWith('.v8cache'));
    } catch {
      return false;
    }
  };
  try {
    const at = await until(written, 20_000, `Tokenwise's code cache in ${folder}`);
    say(`code cache there ${(at - activatedAt).toFixed(0)} ms after the activation (looked for once the host's other work was done)`);
    return { foundAfterActivationMs: at - activatedAt };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
