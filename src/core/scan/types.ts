import type { CatalogEntry, Severity } from '../catalog/types';

/** Where a finding came from: the shape of text the scanner recognised. */
export type FindingKind =
  | 'payload' // a JSON error object (any envelope), possibly inside an escaped string (HAR, logs)
  | 'header' // WWW-Authenticate (or its x-amzn-remapped twin), Retry-After
  | 'status' // an HTTP status line
  | 'secret'; // a stored access/refresh token or JWT

/** Values read from the payload, shown in messages and hovers (never secrets). */
export interface FindingDetails {
  readonly errorType?: string; // RD Station `error_type`
  readonly message?: string; // the payload's own message (`error_message`, `error_description`, `detail`, …)
  readonly oauthError?: string; // RFC 6749/6750 `error`
  readonly status?: number; // HTTP status (status line or problem details)
  readonly retryAfterSeconds?: number; // from Retry-After / retry-after-quotas / remaining_time
  readonly field?: string; // the field an RD Station validation error is keyed by, or its `path`
  readonly secretKind?: 'access_token' | 'refresh_token' | 'jwt';
}

export interface Finding {
  /** The catalogue entry that explains it (its `code` is the diagnostic code). */
  readonly entry: CatalogEntry;
  /** Effective severity (the entry's), `undefined` when the finding only explains (hover, no diagnostic). */
  readonly severity: Severity | undefined;
  readonly kind: FindingKind;
  /** UTF-16 offsets into the scanned text: [start, end). */
  readonly start: number;
  readonly end: number;
  readonly details: FindingDetails;
}

export interface ScanResult {
  readonly findings: Finding[];
  /**
   * Units of work done (characters examined plus characters parsed). Tests assert that it grows
   * linearly with input size instead of asserting on the clock.
   */
  readonly work: number;
}
