import { defineEntry, l, type EntryTexts } from './define';
import type { CatalogEntry, FixId, Severity } from './types';

/**
 * Standard OAuth 2.0 error codes seen without a vendor: RFC 6749 §5.2 (token endpoint), §4.1.2.1
 * (authorization response), RFC 6750 §3.1 (protected resources) and RFC 7009 §2.2.1 (revocation).
 * The code is `oauth/` plus the raw `error` value.
 */

const TOKEN_ERRORS_URL = 'https://www.rfc-editor.org/rfc/rfc6749#section-5.2';
const AUTHORIZATION_ERRORS_URL = 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1';
const BEARER_ERRORS_URL = 'https://www.rfc-editor.org/rfc/rfc6750#section-3.1';
const REVOCATION_ERRORS_URL = 'https://www.rfc-editor.org/rfc/rfc7009#section-2.2.1';

function oauth(error: string, severity: Severity, docUrl: string, httpStatus: number | undefined, fixes: FixId[], texts: EntryTexts): CatalogEntry {
  return defineEntry({ code: `oauth/${error}`, severity, docUrl, fixes, httpStatus }, texts);
}

export const OAUTH_ENTRIES: ReadonlyMap<string, CatalogEntry> = new Map(
  [
    oauth('invalid_request', 'warning', TOKEN_ERRORS_URL, 400, [], {
      title: l('Invalid OAuth request', 'Requisição OAuth inválida'),
      meaning: l(
        'The server could not process the request: a required parameter is missing, repeated or malformed (or, at an API, the access token is missing).',
        'O servidor não conseguiu processar a requisição: falta um parâmetro obrigatório, ele veio repetido ou malformado (ou, numa API, falta o access token).',
      ),
      cause: l(
        'No grant_type, code or redirect_uri, a parameter sent twice, or the wrong body encoding (JSON where the server expects a form).',
        'Sem grant_type, code ou redirect_uri, parâmetro enviado duas vezes, ou corpo na codificação errada (JSON onde o servidor espera formulário).',
      ),
      fix: l(
        'Send each required parameter once, encoded as the server expects.',
        'Envie cada parâmetro obrigatório uma única vez, na codificação que o servidor espera.',
      ),
    }),
    oauth('invalid_client', 'error', TOKEN_ERRORS_URL, 401, ['updateClientCredentials', 'requestClientCredentialsToken'], {
      title: l('Client authentication failed', 'Falha na autenticação do cliente'),
      meaning: l('The token endpoint did not accept the client_id and client_secret.', 'O endpoint de token não aceitou o client_id e o client_secret.'),
      cause: l(
        'Unknown client, wrong or rotated secret, or credentials sent the wrong way (Basic header versus body).',
        'Cliente desconhecido, secret errado ou trocado, ou credenciais enviadas do jeito errado (cabeçalho Basic versus corpo).',
      ),
      fix: l(
        'Update the client credentials with the values from the provider’s admin portal.',
        'Atualize as credenciais do cliente com os valores do portal de administração do provedor.',
      ),
    }),
    oauth('invalid_grant', 'error', TOKEN_ERRORS_URL, 400, ['signIn'], {
      title: l('Invalid grant', 'Concessão inválida'),
      meaning: l(
        'The authorization code or refresh token is invalid, expired, revoked, or was issued to another client.',
        'O code de autorização ou o refresh token é inválido, expirou, foi revogado ou foi emitido para outro cliente.',
      ),
      cause: l(
        'A code used twice or too late, a redirect_uri different from the authorization request, or a refresh token that was revoked.',
        'Um code usado duas vezes ou tarde demais, uma redirect_uri diferente da usada na autorização, ou um refresh token revogado.',
      ),
      fix: l('Sign in again to get a new code and tokens.', 'Faça login novamente para obter um novo code e novos tokens.'),
    }),
    oauth('unauthorized_client', 'error', TOKEN_ERRORS_URL, 400, ['updateClientCredentials'], {
      title: l('Client not allowed this grant', 'Cliente sem permissão para este fluxo'),
      meaning: l(
        'The client is authenticated but may not use this grant type.',
        'O cliente está autenticado, mas não pode usar este tipo de concessão (grant).',
      ),
      cause: l(
        'The app is registered for another flow (authorization code versus client credentials).',
        'O aplicativo está cadastrado para outro fluxo (authorization code versus client credentials).',
      ),
      fix: l(
        "Enable the grant for the app at the provider, or use the profile's grant type.",
        'Habilite o fluxo para o aplicativo no provedor, ou use o tipo de concessão do perfil.',
      ),
    }),
    oauth('unsupported_grant_type', 'warning', TOKEN_ERRORS_URL, 400, [], {
      title: l('Unsupported grant type', 'grant_type não suportado'),
      meaning: l('The server does not support the grant_type sent.', 'O servidor não suporta o grant_type enviado.'),
      cause: l(
        'A typo in grant_type, or a grant the server does not offer.',
        'Erro de digitação no grant_type, ou um fluxo que o servidor não oferece.',
      ),
      fix: l(
        'Send authorization_code, refresh_token or client_credentials as the server documents.',
        'Envie authorization_code, refresh_token ou client_credentials, conforme a documentação do servidor.',
      ),
    }),
    oauth('invalid_scope', 'warning', TOKEN_ERRORS_URL, 400, [], {
      title: l('Invalid scope', 'Escopo inválido'),
      meaning: l('The requested scope is invalid, unknown or malformed.', 'O escopo pedido é inválido, desconhecido ou malformado.'),
      cause: l('A scope name the server does not define, or scopes not separated by spaces.', 'Um escopo que o servidor não define, ou escopos não separados por espaço.'),
      fix: l("Request only the scopes the provider documents, separated by spaces.", 'Peça só os escopos que o provedor documenta, separados por espaço.'),
    }),
    oauth('access_denied', 'error', AUTHORIZATION_ERRORS_URL, undefined, ['signIn'], {
      title: l('Authorization denied', 'Autorização negada'),
      meaning: l(
        'The user or the authorization server denied the request for access.',
        'O usuário ou o servidor de autorização negou o pedido de acesso.',
      ),
      cause: l('The consent screen was cancelled, or the account may not authorize this app.', 'A tela de consentimento foi cancelada, ou a conta não pode autorizar este aplicativo.'),
      fix: l('Sign in again and approve the access.', 'Faça login novamente e aprove o acesso.'),
    }),
    oauth('unsupported_response_type', 'warning', AUTHORIZATION_ERRORS_URL, undefined, [], {
      title: l('Unsupported response type', 'response_type não suportado'),
      meaning: l(
        'The authorization server does not issue codes with this response_type.',
        'O servidor de autorização não emite code com este response_type.',
      ),
      cause: l('The authorize URL sends a response_type other than code.', 'A URL de autorização envia um response_type diferente de code.'),
      fix: l('Use response_type=code in the authorize URL.', 'Use response_type=code na URL de autorização.'),
    }),
    oauth('server_error', 'warning', AUTHORIZATION_ERRORS_URL, undefined, [], {
      title: l('Authorization server error', 'Erro no servidor de autorização'),
      meaning: l('The authorization server hit an unexpected condition.', 'O servidor de autorização encontrou uma condição inesperada.'),
      cause: l('A failure on the provider’s side, not in the request.', 'Uma falha do lado do provedor, não na requisição.'),
      fix: l('Try again later.', 'Tente de novo mais tarde.'),
    }),
    oauth('temporarily_unavailable', 'warning', AUTHORIZATION_ERRORS_URL, undefined, [], {
      title: l('Authorization server unavailable', 'Servidor de autorização indisponível'),
      meaning: l('The authorization server is overloaded or under maintenance.', 'O servidor de autorização está sobrecarregado ou em manutenção.'),
      cause: l('A temporary condition on the provider’s side.', 'Uma condição temporária do lado do provedor.'),
      fix: l('Try again in a few minutes.', 'Tente de novo em alguns minutos.'),
    }),
    oauth('invalid_token', 'error', BEARER_ERRORS_URL, 401, ['refreshToken', 'requestClientCredentialsToken', 'signIn'], {
      title: l('Invalid or expired access token', 'access token inválido ou expirado'),
      meaning: l(
        'The API did not accept the bearer token: it is expired, revoked, malformed or not meant for this API.',
        'A API não aceitou o bearer token: ele expirou, foi revogado, está malformado ou não é para esta API.',
      ),
      cause: l(
        'Tokens expire (see expires_in); a revoked, truncated or foreign token fails the same way.',
        'Tokens expiram (veja o expires_in); um token revogado, cortado ou de outro sistema falha do mesmo jeito.',
      ),
      fix: l(
        'Get a new access token (refresh it, or request a new one) and repeat the request.',
        'Obtenha um novo access token (atualize-o ou peça outro) e repita a requisição.',
      ),
    }),
    oauth('insufficient_scope', 'warning', BEARER_ERRORS_URL, 403, ['signIn'], {
      title: l('Insufficient scope', 'Escopo insuficiente'),
      meaning: l('The access token is valid but lacks the scope this call needs.', 'O access token é válido, mas não tem o escopo que esta chamada exige.'),
      cause: l('The token was issued for fewer scopes than the resource requires.', 'O token foi emitido com menos escopos do que o recurso exige.'),
      fix: l('Sign in again asking for the scope named in the challenge.', 'Faça login novamente pedindo o escopo indicado no desafio.'),
    }),
    oauth('unsupported_token_type', 'warning', REVOCATION_ERRORS_URL, 400, [], {
      title: l('Unsupported token type', 'Tipo de token não suportado'),
      meaning: l('The server cannot revoke this type of token.', 'O servidor não consegue revogar este tipo de token.'),
      cause: l('A token_type_hint the server does not support.', 'Um token_type_hint que o servidor não suporta.'),
      fix: l('Send token_type_hint=access_token or refresh_token, or leave it out.', 'Envie token_type_hint=access_token ou refresh_token, ou omita o parâmetro.'),
    }),
  ].map((entry) => [entry.code.slice('oauth/'.length), entry]),
);
