/**
 * Finds the catalogue entry that explains an error answer, through the same scanner the editor uses:
 * the answer is rendered as an HTTP response (status line, the headers that matter, body) and the
 * most specific finding wins: a payload, then a header (WWW-Authenticate, Retry-After), then the status.
 */
import { STATUS_CODES } from 'node:http';
import type { CatalogEntry } from '../catalog/types';
import { scan } from '../scan';
import type { Finding } from '../scan/types';

const EXPLAINING_HEADERS = ['content-type', 'www-authenticate', 'x-amzn-remapped-www-authenticate', 'retry-after', 'retry-after-quotas'];
const RANK: Record<Finding['kind'], number> = { payload: 0, header: 1, status: 2, secret: 9 };

export interface Explanation {
  readonly entry?: CatalogEntry;
  readonly retryAfterSeconds?: number;
}

export function explainResponse(status: number, headers: Readonly<Record<string, string>>, body: string): Explanation {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd()];
  for (const name of EXPLAINING_HEADERS) if (headers[name] !== undefined) lines.push(`${name}: ${headers[name]}`);
  let findings: readonly Finding[];
  try {
    findings = scan(`${lines.join('\r\n')}\r\n\r\n${body}`).findings;
  } catch {
    return {};
  }
  const best = findings.filter((f) => f.kind !== 'secret').sort((a, b) => RANK[a.kind] - RANK[b.kind] || a.start - b.start)[0];
  const retryAfterSeconds = findings.find((f) => f.details.retryAfterSeconds !== undefined)?.details.retryAfterSeconds;
  return { ...(best ? { entry: best.entry } : {}), ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
}
