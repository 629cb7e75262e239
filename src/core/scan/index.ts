import { Scanner, type ScanOptions } from './scanner';
import type { ScanResult } from './types';

export type { ScanOptions } from './scanner';
export type { Finding, FindingDetails, FindingKind, ScanResult } from './types';

/**
 * Finds what explains an API failure in a response file, a log or any text: RD Station and OAuth
 * error payloads in every envelope (also inside JSON strings), problem details, status lines,
 * WWW-Authenticate and Retry-After headers, and tokens stored in the text. Offsets are UTF-16
 * offsets into `text` as given (a leading BOM counts). Never throws; time is linear in the length.
 */
export function scan(text: string, options: ScanOptions = {}): ScanResult {
  const scanner = new Scanner(text, options, 0);
  scanner.run();
  return { findings: scanner.result(), work: scanner.work };
}
