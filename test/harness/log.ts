/** Progress lines of the harness, on stderr so that stdout carries only the tests' own output. */
export function say(message: string): void {
  process.stderr.write(`[harness] ${message}\n`);
}
