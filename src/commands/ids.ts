/** Command ids, in one place: they are part of the interface (quick fixes, links, other extensions). */
export const Commands = {
  signIn: 'tokenwise.signIn',
  showCallbackUrl: 'tokenwise.showCallbackUrl',
  setClientCredentials: 'tokenwise.setClientCredentials',
  requestClientCredentialsToken: 'tokenwise.requestClientCredentialsToken',
  refreshAccessToken: 'tokenwise.refreshAccessToken',
  signOut: 'tokenwise.signOut',
  revokeToken: 'tokenwise.revokeToken',
  copyAccessToken: 'tokenwise.copyAccessToken',
  copyAuthorizationHeader: 'tokenwise.copyAuthorizationHeader',
  showTokenDetails: 'tokenwise.showTokenDetails',
  switchActiveProfile: 'tokenwise.switchActiveProfile',
  addProfile: 'tokenwise.addProfile',
  showLog: 'tokenwise.showLog',
  /** The status bar item's click: a quick pick of the actions that fit the state. */
  statusBarActions: 'tokenwise.internal.statusBarActions',
  /** The links of the sign-in notification: go on with another redirect method. */
  switchSignInMethod: 'tokenwise.internal.switchSignInMethod',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** The commands a trusted Markdown tooltip may run: only ours. */
export const TOOLTIP_COMMANDS: readonly string[] = Object.values(Commands);
