import { Session } from 'node:inspector';

/**
 * Counts calls of ResponseAnalyzer.scanDocument (a method name the minifier keeps) with V8's precise
 * coverage through the inspector, so the extension needs no counter of its own. Coverage deoptimises
 * code, so it runs only after the timings.
 */
export class ScanCounter {
  private readonly session = new Session();
  /** scanDocument has shown up in the coverage at least once. */
  private seen = false;

  private constructor(private readonly extensionFile: string) {}

  static async start(extensionFile: string): Promise<ScanCounter> {
    const counter = new ScanCounter(extensionFile);
    counter.session.connect();
    await counter.post('Profiler.enable');
    await counter.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
    await counter.take();
    return counter;
  }

  /**
   * Calls since the previous take (V8 resets the counters). A function not called since then may be
   * left out of the coverage: that counts as 0 once the function has been seen, and as null (not
   * counted) before.
   */
  async take(): Promise<number | null> {
    const { result } = (await this.post('Profiler.takePreciseCoverage')) as {
      result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
    };
    const script = result.find((entry) => entry.url.endsWith(this.extensionFile));
    const functions = script?.functions.filter((fn) => fn.functionName === 'scanDocument') ?? [];
    if (functions.length === 0) return this.seen ? 0 : null;
    this.seen = true;
    return functions.reduce((sum, fn) => sum + (fn.ranges[0]?.count ?? 0), 0);
  }

  async dispose(): Promise<void> {
    await this.post('Profiler.stopPreciseCoverage');
    await this.post('Profiler.disable');
    this.session.disconnect();
  }

  private post(method: string, params?: object): Promise<unknown> {
    return new Promise((resolve, reject) => this.session.post(method, params ?? {}, (error, answer) => (error ? reject(error) : resolve(answer))));
  }
}
