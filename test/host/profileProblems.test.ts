import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TokenwiseTestHooks } from '../../src/extension';
import { hooks, logFile, resetSettings, waitFor } from './tokenSupport';

/**
 * A wrong `tokenwise.profiles` entry, in the real host: the valid entries are used, the wrong one is
 * reported by entry, field and what is expected, once per change of the setting (the notification is
 * shown together with the log lines, so the log counts the reports), and a secret put into the
 * setting by mistake is never repeated.
 */
describe('tokenwise.profiles problems', () => {
  let h: TokenwiseTestHooks;
  const config = () => vscode.workspace.getConfiguration('tokenwise');
  const pastedSecret = 'pasted-secret-7f3a9c';

  const logText = () => {
    const file = logFile(h);
    return file ? readFileSync(file, 'utf8') : '';
  };
  const count = (text: string, needle: string) => text.split(needle).length - 1;

  before(async () => {
    h = await hooks();
  });
  after(async () => {
    await resetSettings(h);
  });

  it('uses the valid entries and reports the wrong one once per change, without the secret', async () => {
    const wrong = { id: 'broken-api', grant: 'client_credentials', tokenUlr: 'https://auth.example.com/token', clientSecret: pastedSecret };
    const good = { id: 'good-api', grant: 'client_credentials', tokenUrl: 'https://auth.example.com/token' };
    await config().update('profiles', [good, wrong], vscode.ConfigurationTarget.Global);
    await waitFor('the valid profile', () => h.profiles.get('good-api'));
    assert.equal(h.profiles.get('broken-api'), undefined);

    const typo = 'tokenwise.profiles › entry 2 ("broken-api") › tokenUlr — Unknown field "tokenUlr": did you mean "tokenUrl"?';
    const secretLine = 'tokenwise.profiles › entry 2 ("broken-api") › clientSecret — "clientSecret" does not belong in settings';
    await waitFor('the problems in the log', () => logText().includes(typo) && logText().includes(secretLine)).catch((error: Error) => {
      throw new Error(`${error.message}; the log (${logFile(h)}) ends with:\n${logText().slice(-1500)}`);
    });
    assert.ok(!logText().includes(pastedSecret), 'the pasted secret was written to the log');

    // Another Tokenwise setting changes, the profiles do not: nothing is reported again.
    await config().update('refreshBeforeExpirySeconds', 120, vscode.ConfigurationTarget.Global);
    await waitFor('the new margin', () => h.profiles.get('good-api')?.refreshBeforeSeconds === 120);
    // The profiles change, with a different problem: that one is reported.
    await config().update('profiles', [good, { id: 'broken-api', grant: 'password' }], vscode.ConfigurationTarget.Global);
    await waitFor('the second report', () => logText().includes('tokenwise.profiles › entry 2 ("broken-api") › grant — "grant" must be one of'));
    assert.equal(count(logText(), typo), 1, 'the first problem was reported more than once');
  });
});
