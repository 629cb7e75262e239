/**
 * A small stand-in for the `vscode` module, for unit tests of extension code that needs a few of its
 * values at run time (EventEmitter, l10n, notifications, input boxes, SecretStorage). Only what the
 * tested modules call is here, and every call that could show or write something is recorded in
 * `fake`, so a test can assert what the user saw and that nothing was written where it must not be.
 * The real behaviour is checked by the host tests (test/host) in a real VS Code.
 *
 * Load modules that import `vscode` through `loadWithFakeVscode` (./loadWithFakeVscode.ts).
 */

type Listener<T> = (event: T) => unknown;

export interface Disposable {
  dispose(): unknown;
}

export type Event<T> = (listener: Listener<T>, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

export class EventEmitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound: Listener<T> = (event) => listener.call(thisArgs, event);
    this.listeners.add(bound);
    const subscription = { dispose: () => void this.listeners.delete(bound) };
    disposables?.push(subscription);
    return subscription;
  };
  fire(event: T): void {
    for (const listener of [...this.listeners]) listener(event);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}
export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}
export enum UIKind {
  Desktop = 1,
  Web = 2,
}
export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ExtensionMode {
  Production = 1,
  Development = 2,
  Test = 3,
}

export enum LogLevel {
  Off = 0,
  Trace = 1,
  Debug = 2,
  Info = 3,
  Warning = 4,
  Error = 5,
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}
export enum EndOfLine {
  LF = 1,
  CRLF = 2,
}
export class CodeActionKind {
  static readonly QuickFix = new CodeActionKind('quickfix');
  constructor(readonly value: string) {}
}

/** Enough for code that builds tooltips; the real escaping is checked in the host tests. */
export class MarkdownString {
  isTrusted: boolean | { enabledCommands: readonly string[] } | undefined;
  constructor(
    public value = '',
    public supportThemeIcons = false,
  ) {}
  appendText(text: string): this {
    this.value += text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
    return this;
  }
  appendMarkdown(text: string): this {
    this.value += text;
    return this;
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class Uri {
  private constructor(private readonly text: string) {}
  static parse(text: string): Uri {
    return new Uri(text);
  }
  static from(parts: { scheme: string; authority?: string; path?: string; query?: string }): Uri {
    return new Uri(`${parts.scheme}://${parts.authority ?? ''}${parts.path ?? ''}${parts.query ? `?${parts.query}` : ''}`);
  }
  get scheme(): string {
    return this.text.slice(0, Math.max(0, this.text.indexOf(':')));
  }
  get path(): string {
    return new URL(this.text).pathname;
  }
  toString(): string {
    return this.text;
  }
}

export const l10n = {
  /** Fills `{0}`, `{1}`… like the real one (no bundle: the English text is the key). */
  t(message: string, ...args: unknown[]): string {
    return message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
  },
};

// ---- what tests script and inspect

export interface Notification {
  readonly severity: 'error' | 'warning' | 'information';
  readonly message: string;
  readonly items: readonly string[];
}

export interface Recorded {
  notifications: Notification[];
  /** Lines written to any output channel. */
  log: string[];
  /** `workspace.getConfiguration().update` calls. */
  configurationWrites: { section: string; key: string; value: unknown }[];
  clipboard: string[];
  openedExternally: string[];
  /** Documents opened from content (an untitled editor is a place a secret could land). */
  openedDocuments: string[];
  progress: string[];
  /** Answers for the next input boxes, in order; undefined = dismissed. */
  inputAnswers: (string | undefined)[];
  /** Picks the quick pick item at this index (default the first); undefined = dismissed. */
  quickPickAnswer: (items: readonly unknown[]) => unknown;
  /** What a notification's button click returns (default: dismissed). */
  notificationAnswer: (notification: Notification) => string | undefined;
  configuration: Record<string, unknown>;
  commands: Map<string, (...args: unknown[]) => unknown>;
}

function freshRecord(): Recorded {
  return {
    notifications: [],
    log: [],
    configurationWrites: [],
    clipboard: [],
    openedExternally: [],
    openedDocuments: [],
    progress: [],
    inputAnswers: [],
    quickPickAnswer: (items) => items[0],
    notificationAnswer: () => undefined,
    configuration: {},
    commands: new Map(),
  };
}

const activeProgress = new Set<CancellationTokenSource>();

export const fake: Recorded & { reset(): void; cancelProgress(): void } = Object.assign(freshRecord(), {
  reset(): void {
    Object.assign(fake, freshRecord());
  },
  /** Presses Cancel on every progress notification on show. */
  cancelProgress(): void {
    for (const source of [...activeProgress]) source.cancel();
  },
});

function notify(severity: Notification['severity']) {
  return (message: string, ...rest: unknown[]): Promise<string | undefined> => {
    const items = rest.filter((item): item is string => typeof item === 'string');
    const notification = { severity, message, items };
    fake.notifications.push(notification);
    return Promise.resolve(fake.notificationAnswer(notification));
  };
}

function channel(name: string) {
  const write = (level: string) => (message: string) => void fake.log.push(`${level} ${name}: ${message}`);
  return {
    name,
    // Every line is kept: the fake's log is what the unit tests read.
    logLevel: LogLevel.Trace,
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    appendLine: write('line'),
    show: () => undefined,
    dispose: () => undefined,
  };
}

const windowState = new EventEmitter<{ focused: boolean }>();
const visibleEditors = new EventEmitter<readonly unknown[]>();
const noDisposable = () => ({ dispose: () => undefined });

export const window = {
  showErrorMessage: notify('error'),
  showWarningMessage: notify('warning'),
  showInformationMessage: notify('information'),
  createOutputChannel: (name: string) => channel(name),
  onDidChangeWindowState: windowState.event,
  onDidChangeVisibleTextEditors: visibleEditors.event,
  visibleTextEditors: [] as unknown[],
  registerUriHandler: noDisposable,
  async withProgress<T>(options: { title?: string }, task: (progress: { report(value: unknown): void }, token: CancellationTokenSource['token']) => PromiseLike<T>): Promise<T> {
    fake.progress.push(options.title ?? '');
    const source = new CancellationTokenSource();
    activeProgress.add(source);
    try {
      return await task({ report: () => undefined }, source.token);
    } finally {
      activeProgress.delete(source);
      source.dispose();
    }
  },
  async showInputBox(options: { validateInput?: (value: string) => unknown }): Promise<string | undefined> {
    const answer = fake.inputAnswers.shift();
    if (answer !== undefined && options.validateInput) {
      const problem = await options.validateInput(answer);
      if (problem) throw new Error(`the fake input box answer was refused: ${String(problem)}`);
    }
    return answer;
  },
  async showQuickPick(items: readonly unknown[] | PromiseLike<readonly unknown[]>): Promise<unknown> {
    return fake.quickPickAnswer(await items);
  },
  async showTextDocument(document: unknown): Promise<unknown> {
    return document;
  },
  createStatusBarItem: () => ({ show: () => undefined, hide: () => undefined, dispose: () => undefined }),
};

const diagnosticsChanged = new EventEmitter<{ uris: readonly Uri[] }>();

export const languages = {
  createDiagnosticCollection: () => ({ set: () => undefined, delete: () => undefined, clear: () => undefined, dispose: () => undefined }),
  registerHoverProvider: noDisposable,
  registerCodeActionsProvider: noDisposable,
  onDidChangeDiagnostics: diagnosticsChanged.event,
  getDiagnostics: () => [],
  match: () => 0,
};

const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
const documentEvents = new EventEmitter<unknown>();

export const workspace = {
  name: 'fake-workspace' as string | undefined,
  workspaceFolders: undefined,
  textDocuments: [] as unknown[],
  onDidChangeConfiguration: configurationChanged.event,
  onDidOpenTextDocument: documentEvents.event,
  onDidChangeTextDocument: documentEvents.event,
  onDidCloseTextDocument: documentEvents.event,
  asRelativePath: (pathOrUri: unknown) => String(pathOrUri),
  getConfiguration(section = '') {
    const full = (key: string) => (section ? `${section}.${key}` : key);
    return {
      get: <T>(key: string, fallback?: T): T | undefined => (full(key) in fake.configuration ? (fake.configuration[full(key)] as T) : fallback),
      inspect: <T>(key: string) => ({ key: full(key), globalValue: fake.configuration[full(key)] as T | undefined }),
      update: async (key: string, value: unknown) => {
        fake.configurationWrites.push({ section, key, value });
      },
    };
  },
  registerTextDocumentContentProvider: () => ({ dispose: () => undefined }),
  async openTextDocument(what: unknown): Promise<unknown> {
    fake.openedDocuments.push(typeof what === 'object' && what && 'content' in what ? String((what as { content: unknown }).content) : String(what));
    return what;
  },
};

export const env = {
  language: 'en',
  uriScheme: 'vscode',
  uiKind: UIKind.Desktop,
  remoteName: undefined as string | undefined,
  clipboard: {
    readText: async () => fake.clipboard.at(-1) ?? '',
    writeText: async (text: string) => void fake.clipboard.push(text),
  },
  asExternalUri: async (uri: Uri) => uri,
  openExternal: async (uri: Uri | string) => {
    fake.openedExternally.push(uri.toString());
    return true;
  },
};

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
    fake.commands.set(id, handler);
    return { dispose: () => void fake.commands.delete(id) };
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    const handler = fake.commands.get(id);
    return handler?.(...args);
  },
};

export const authentication = {
  registerAuthenticationProvider: noDisposable,
};

/** An in-memory SecretStorage; `failing` makes every call throw, like a missing or locked keyring. */
export class FakeSecretStorage {
  readonly values = new Map<string, string>();
  /** Every store/delete, in order. */
  readonly writes: { key: string; value: string | undefined }[] = [];
  failing: Error | undefined;
  private readonly changed = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changed.event;

  async get(key: string): Promise<string | undefined> {
    if (this.failing) throw this.failing;
    return this.values.get(key);
  }
  async keys(): Promise<string[]> {
    if (this.failing) throw this.failing;
    return [...this.values.keys()];
  }
  async store(key: string, value: string): Promise<void> {
    if (this.failing) throw this.failing;
    this.values.set(key, value);
    this.writes.push({ key, value });
    setImmediate(() => this.changed.fire({ key }));
  }
  async delete(key: string): Promise<void> {
    if (this.failing) throw this.failing;
    this.values.delete(key);
    this.writes.push({ key, value: undefined });
    setImmediate(() => this.changed.fire({ key }));
  }
}
