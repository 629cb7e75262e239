/** The error knowledge base's data model. Plain data: shared by the extension and the CLI. */

export type Severity = 'error' | 'warning' | 'information';

/** The languages every user-visible text ships in. */
export type Lang = 'en' | 'pt-BR';

export interface Localized {
  readonly en: string;
  readonly 'pt-BR': string;
}

/**
 * What a quick fix does. Edit fixes (header, redaction) work without sign-in; the others call the
 * token commands and are offered only once those commands exist.
 */
export type FixId =
  | 'addAuthorizationHeader'
  | 'addContentTypeHeader'
  | 'redactToken'
  | 'signIn'
  | 'refreshToken'
  | 'updateClientCredentials'
  | 'copyCallbackUrl'
  | 'requestClientCredentialsToken';

/** The built-in profile a finding belongs to, so the hover can show that profile's live state. */
export type ProfileId = 'rdstation-marketing' | 'consistem-whatsapp';

export interface CatalogEntry {
  /** Stable diagnostic code (DESIGN.md §1), e.g. `rdstation/invalid-token`. Part of the interface. */
  readonly code: string;
  /** Severity of the diagnostic; `undefined` for entries that only explain (a 200 status line). */
  readonly severity: Severity | undefined;
  /** Short name of the problem, shown first in the diagnostic and the hover. */
  readonly title: Localized;
  /** What the payload means. */
  readonly meaning: Localized;
  /** Why it happens. */
  readonly cause: Localized;
  /** How to fix it. */
  readonly fix: Localized;
  /** The API's or standard's documentation page. */
  readonly docUrl: string;
  /** Quick fixes that apply, best first. */
  readonly fixes: readonly FixId[];
  /** The typical HTTP status, when the documentation gives one. */
  readonly httpStatus?: number;
  readonly profile?: ProfileId;
}
