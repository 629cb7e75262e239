import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import { VALIDATION_DELAY_MS as DEBOUNCE_MS } from '../../src/editor/diagnostics';
import { ScanCounter } from '../bench/host/scanCounter';
import { activateExtension, closeAllEditors, tokenwiseDiagnostics, waitForDiagnostics } from './helpers';

/**
 * The scans behind the diagnostics, counted with V8's coverage of the extension's own code: edits
 * closer together than the debounce period share one scan, and a document closed before its
 * debounce period ends is not scanned at all.
 */

const PAYLOAD_LINE = '{"error_type":"UNAUTHORIZED","error_message":"Invalid token."}\n';
/** Keystrokes typed next to a diagnostic. */
const KEYSTROKES = 8;
/** Attempts of a measurement that something else (see `Disturbances`) may spoil. */
const ATTEMPTS = 3;

/** The file whose coverage holds scanDocument: dist/main.js, which package.json's `main` (boot.ts) loads. */
function extensionFile(): string {
  const extension = vscode.extensions.getExtension('tokenwise.tokenwise');
  if (!extension) throw new Error('tokenwise.tokenwise is not installed in this host');
  return path.join(extension.extensionPath, 'dist', 'main.js');
}

/**
 * The times the host announces changes of `uri`: the event the extension's debounce restarts on,
 * heard in the same dispatch. Changes apart by less than the debounce period are one burst.
 */
class ChangeTimes {
  private readonly times: number[] = [];
  private readonly listener: vscode.Disposable;

  constructor(uri: vscode.Uri) {
    this.listener = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.uri.toString() === uri.toString() && event.contentChanges.length > 0) this.times.push(performance.now());
    });
  }

  /** When the first change was announced. */
  first(): number | undefined {
    return this.times[0];
  }

  /** A slow host may split the edits of one loop into several bursts. */
  bursts(): number {
    let bursts = 1;
    for (let i = 1; i < this.times.length; i++) if (this.times[i] - this.times[i - 1] >= DEBOUNCE_MS) bursts++;
    return bursts;
  }

  dispose(): void {
    this.listener.dispose();
  }
}

async function openedWithDiagnostics(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'log', content });
  const editor = await vscode.window.showTextDocument(document);
  await waitForDiagnostics(document.uri, (found) => found.length > 0);
  // Any scan still due from the opening is over before the counting starts.
  await sleep(2 * DEBOUNCE_MS);
  return editor;
}

/**
 * What else makes the extension scan while a count runs: the workbench writing another document
 * (user settings, at startup) or a settings change, which rescans every open document. The count
 * covers every scan, so a window with any of these is measured again.
 */
class Disturbances {
  count = 0;
  private readonly listeners: vscode.Disposable[];

  constructor(ours: vscode.Uri) {
    this.listeners = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() !== ours.toString() && event.document.uri.scheme !== 'output') this.count++;
      }),
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (document.uri.toString() !== ours.toString() && document.uri.scheme !== 'output') this.count++;
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('tokenwise')) this.count++;
      }),
    ];
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
  }
}

describe('scans behind the diagnostics', function () {
  this.timeout(90_000);
  let counter: ScanCounter;

  before(async () => {
    await activateExtension();
    counter = await ScanCounter.start(extensionFile());
  });
  after(async () => {
    await counter?.dispose();
    await closeAllEditors();
  });

  /** Ten quick edits: the scans they caused, and how many bursts they made by the host's clock. */
  async function rapidEdits(): Promise<{ scans: number | null; bursts: number; disturbed: boolean }> {
    const editor = await openedWithDiagnostics(PAYLOAD_LINE.repeat(20));
    const uri = editor.document.uri;
    const disturbances = new Disturbances(uri);
    const changes = new ChangeTimes(uri);
    try {
      await counter.take();
      const edits = 10;
      for (let i = 0; i < edits; i++) {
        assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), PAYLOAD_LINE)), 'the edit was applied');
      }
      await waitForDiagnostics(uri, (found) => found.length === 20 + edits);
      await sleep(2 * DEBOUNCE_MS + 200); // room for a second, late scan, were one pending
      return { scans: await counter.take(), bursts: changes.bursts(), disturbed: disturbances.count > 0 };
    } finally {
      changes.dispose();
      disturbances.dispose();
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  }

  it('scans once per burst of edits, however many edits the burst has', async function () {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const { scans, bursts, disturbed } = await rapidEdits();
      if (disturbed) continue;
      assert.ok(scans !== null, 'scanDocument shows up in the coverage');
      assert.ok(scans >= 1 && scans <= bursts, `${scans} scans for 10 edits in ${bursts} burst(s)`);
      return;
    }
    this.skip();
  });

  /** An edit, and the close of its document sent right behind it; then the scans it caused. */
  async function editThenClose(): Promise<{ closeAfterChangeMs: number; scans: number | null; diagnosticsLeft: vscode.Diagnostic[]; disturbed: boolean }> {
    const editor = await openedWithDiagnostics(PAYLOAD_LINE.repeat(3));
    const uri = editor.document.uri;
    let closedAt: number | undefined;
    const disturbances = new Disturbances(uri);
    const changes = new ChangeTimes(uri);
    const closing = vscode.workspace.onDidCloseTextDocument((closed) => {
      if (closed.uri.toString() === uri.toString()) closedAt ??= performance.now();
    });
    try {
      await counter.take();
      const edited = editor.edit((edit) => edit.insert(new vscode.Position(0, 0), PAYLOAD_LINE));
      const closed = vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await Promise.all([edited, closed]);
      while (closedAt === undefined) await sleep(5);
      await sleep(2 * DEBOUNCE_MS + 200); // room for the scan, were it still due
      return {
        closeAfterChangeMs: closedAt - (changes.first() ?? closedAt),
        scans: await counter.take(),
        diagnosticsLeft: tokenwiseDiagnostics(uri),
        disturbed: disturbances.count > 0,
      };
    } finally {
      closing.dispose();
      changes.dispose();
      disturbances.dispose();
    }
  }

  /**
   * Typing next to a diagnostic in a focused editor, with pauses just under the debounce period: one
   * burst, one scan. VS Code's light bulb asks for code actions on its own 250 ms after each change,
   * that is within each pause; had those requests scanned, every keystroke would have cost a scan.
   * A probe provider of the test counts the automatic requests, to be sure they happened.
   */
  async function typingNextToADiagnostic(): Promise<{ scans: number | null; bursts: number; automaticRequests: number; disturbed: boolean }> {
    const editor = await openedWithDiagnostics(PAYLOAD_LINE.repeat(20));
    const uri = editor.document.uri;
    let automaticRequests = 0;
    const probe = vscode.languages.registerCodeActionsProvider({ scheme: 'untitled' }, {
      provideCodeActions: (document, _range, context) => {
        if (document.uri.toString() === uri.toString() && context.triggerKind === vscode.CodeActionTriggerKind.Automatic) automaticRequests++;
        return [];
      },
    });
    const disturbances = new Disturbances(uri);
    const changes = new ChangeTimes(uri);
    try {
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      editor.selection = new vscode.Selection(0, 5, 0, 5); // inside the first payload's diagnostic
      await sleep(2 * DEBOUNCE_MS);
      await counter.take();
      const pause = DEBOUNCE_MS - 30;
      const started = performance.now();
      for (let i = 0; i < KEYSTROKES; i++) {
        await sleep(Math.max(0, started + i * pause - performance.now()));
        // Typed at the cursor, as a user types: the cursor stays inside the diagnostic's range.
        const at = editor.selection.active;
        assert.ok(await editor.edit((edit) => edit.insert(at, ' ')), 'the edit was applied');
      }
      await sleep(2 * DEBOUNCE_MS + 200);
      return { scans: await counter.take(), bursts: changes.bursts(), automaticRequests, disturbed: disturbances.count > 0 };
    } finally {
      probe.dispose();
      changes.dispose();
      disturbances.dispose();
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  }

  it('does not scan for the light bulb while the user types next to a diagnostic', async function () {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const outcome = await typingNextToADiagnostic();
      // Without automatic requests (an editor that never had the focus) there is nothing to check.
      if (outcome.disturbed || outcome.automaticRequests === 0) continue;
      assert.ok(outcome.scans !== null && outcome.scans <= outcome.bursts, `${outcome.scans} scans for ${KEYSTROKES} keystrokes in ${outcome.bursts} burst(s), with ${outcome.automaticRequests} light bulb requests`);
      return;
    }
    this.skip();
  });

  it('does not scan a document closed before its debounce period ends', async function () {
    // How soon the workbench closes an editor varies (100–500 ms here): only a close that reaches
    // the host within the debounce period can cancel the scan, so a late one is tried again.
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const outcome = await editThenClose();
      if (outcome.disturbed || outcome.closeAfterChangeMs >= DEBOUNCE_MS) continue;
      assert.deepEqual(outcome.diagnosticsLeft, [], 'no diagnostics are left for the closed document');
      assert.equal(outcome.scans, 0, `the scan due ${DEBOUNCE_MS} ms after the edit was dropped (closed ${outcome.closeAfterChangeMs.toFixed(0)} ms after it)`);
      return;
    }
    this.skip();
  });
});
