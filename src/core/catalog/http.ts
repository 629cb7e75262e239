import { defineEntry, l } from './define';
import type { CatalogEntry, FixId, Localized, Severity } from './types';

/**
 * HTTP status lines (`http/<status>`), RFC 9457 problem details (`problem/<status>`) and
 * Retry-After. The statuses are those of the Consistem WhatsApp FAQ table plus the other common
 * ones; any other status still gets a generic entry.
 */

const PROBLEM_DETAILS_URL = 'https://www.rfc-editor.org/rfc/rfc9457#section-3';
const RETRY_AFTER_URL = 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Retry-After';

function statusUrl(status: number): string {
  return `https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/${status}`;
}

interface StatusRow {
  readonly status: number;
  readonly reason: Localized;
  readonly meaning: Localized;
  readonly cause: Localized;
  readonly fix: Localized;
  readonly fixes?: readonly FixId[];
}

function row(status: number, reason: [string, string], meaning: [string, string], cause: [string, string], fix: [string, string], fixes?: FixId[]): StatusRow {
  return { status, reason: l(...reason), meaning: l(...meaning), cause: l(...cause), fix: l(...fix), ...(fixes ? { fixes } : {}) };
}

const NOTHING_TO_FIX = l('Nothing to fix.', 'Nada a corrigir.');

export const STATUS_ROWS: readonly StatusRow[] = [
  row(200, ['OK', 'OK'], ['The request succeeded.', 'A requisição deu certo.'], ['The server handled the request normally.', 'O servidor atendeu a requisição normalmente.'], [NOTHING_TO_FIX.en, NOTHING_TO_FIX['pt-BR']]),
  row(201, ['Created', 'Criado'], ['The request succeeded and created a resource.', 'A requisição deu certo e criou um recurso.'], ['A POST (or PUT) created something; Location often points to it.', 'Um POST (ou PUT) criou algo; o cabeçalho Location costuma apontar para ele.'], [NOTHING_TO_FIX.en, NOTHING_TO_FIX['pt-BR']]),
  row(204, ['No Content', 'Sem conteúdo'], ['The request succeeded and there is no body.', 'A requisição deu certo e não há corpo.'], ['Typical of DELETE or of an update that returns nothing.', 'Comum em DELETE ou numa atualização que não devolve nada.'], [NOTHING_TO_FIX.en, NOTHING_TO_FIX['pt-BR']]),
  row(301, ['Moved Permanently', 'Movido permanentemente'], ['The resource has a new permanent URL, given in Location.', 'O recurso tem uma nova URL permanente, informada em Location.'], ['The API moved the endpoint.', 'A API mudou o endpoint de lugar.'], ['Update the URL to the Location value.', 'Atualize a URL para o valor de Location.']),
  row(302, ['Found', 'Encontrado'], ['The resource is temporarily at the URL given in Location.', 'O recurso está temporariamente na URL informada em Location.'], ['A redirect, for example to a sign-in page or a callback.', 'Um redirecionamento, por exemplo para uma página de login ou um callback.'], ['Follow the Location header.', 'Siga o cabeçalho Location.']),
  row(304, ['Not Modified', 'Não modificado'], ['The cached copy is still current.', 'A cópia em cache continua válida.'], ['The request sent If-None-Match or If-Modified-Since.', 'A requisição enviou If-None-Match ou If-Modified-Since.'], [NOTHING_TO_FIX.en, NOTHING_TO_FIX['pt-BR']]),
  row(400, ['Bad Request', 'Requisição inválida'], ['The server refused the request because of a syntax or format error.', 'O servidor recusou a requisição por um erro de sintaxe ou de formato.'], ['A malformed body, a missing parameter or a wrong Content-Type.', 'Corpo malformado, parâmetro faltando ou Content-Type errado.'], ['Read the response body for the field at fault and correct the request.', 'Leia no corpo da resposta qual campo está errado e corrija a requisição.']),
  row(401, ['Unauthorized', 'Não autorizado'], ['The request lacks valid credentials.', 'A requisição não tem credenciais válidas.'], ['A missing, expired or revoked access token, or wrong client credentials at the token endpoint.', 'access token ausente, expirado ou revogado, ou credenciais do cliente erradas no endpoint de token.'], ['Get a new access token (refresh, request one, or sign in again) and repeat the request.', 'Obtenha um novo access token (atualize, peça outro ou faça login de novo) e repita a requisição.'], ['refreshToken', 'requestClientCredentialsToken', 'signIn']),
  row(403, ['Forbidden', 'Proibido'], ['The credentials are valid but do not allow this action.', 'As credenciais são válidas, mas não permitem esta ação.'], ['Missing permissions or scope, or a plan without the feature.', 'Faltam permissões ou escopo, ou o plano não inclui o recurso.'], ['Use an account or token with the needed permission.', 'Use uma conta ou token com a permissão necessária.'], ['signIn']),
  row(404, ['Not Found', 'Não encontrado'], ['The server found nothing at this URL.', 'O servidor não encontrou nada nesta URL.'], ['A wrong path or identifier, or a deleted resource.', 'Caminho ou identificador errado, ou recurso excluído.'], ['Check the URL and the identifier.', 'Confira a URL e o identificador.']),
  row(405, ['Method Not Allowed', 'Método não permitido'], ['The endpoint does not accept this HTTP method.', 'O endpoint não aceita este método HTTP.'], ['For example a GET where the API expects POST.', 'Por exemplo, um GET onde a API espera POST.'], ['Use a method listed in the Allow header or in the reference.', 'Use um método listado no cabeçalho Allow ou na referência.']),
  row(406, ['Not Acceptable', 'Não aceitável'], ['The server cannot answer in a format the Accept header allows.', 'O servidor não consegue responder num formato permitido pelo cabeçalho Accept.'], ['An Accept header that excludes application/json.', 'Um cabeçalho Accept que exclui application/json.'], ['Send Accept: application/json.', 'Envie Accept: application/json.']),
  row(408, ['Request Timeout', 'Tempo de requisição esgotado'], ['The server gave up waiting for the request.', 'O servidor desistiu de esperar pela requisição.'], ['A slow or stalled upload, or an idle connection.', 'Envio lento ou travado, ou conexão ociosa.'], ['Retry the request.', 'Tente a requisição de novo.']),
  row(409, ['Conflict', 'Conflito'], ['The request conflicts with the current state of the resource.', 'A requisição conflita com o estado atual do recurso.'], ['A duplicate, or a concurrent change.', 'Um registro duplicado ou uma alteração concorrente.'], ['Fetch the current state and resolve the conflict before retrying.', 'Busque o estado atual e resolva o conflito antes de tentar de novo.']),
  row(410, ['Gone', 'Removido'], ['The resource was removed for good.', 'O recurso foi removido definitivamente.'], ['A retired endpoint or a permanently deleted resource.', 'Um endpoint desativado ou um recurso excluído em definitivo.'], ['Move to the replacement endpoint, if any.', 'Migre para o endpoint substituto, se houver.']),
  row(413, ['Content Too Large', 'Conteúdo grande demais'], ['The request body is larger than the server accepts.', 'O corpo da requisição é maior do que o servidor aceita.'], ['Too many records or a large file in one call.', 'Registros demais ou um arquivo grande numa só chamada.'], ['Send smaller batches.', 'Envie lotes menores.']),
  row(415, ['Unsupported Media Type', 'Tipo de mídia não suportado'], ['The server does not accept the body in this format.', 'O servidor não aceita o corpo neste formato.'], ['A missing or wrong Content-Type header.', 'Cabeçalho Content-Type ausente ou errado.'], ['Set Content-Type: application/json (or the type the endpoint documents).', 'Defina Content-Type: application/json (ou o tipo que o endpoint documenta).'], ['addContentTypeHeader']),
  row(422, ['Unprocessable Content', 'Conteúdo não processável'], ['The body is well-formed but its data is invalid.', 'O corpo está bem formado, mas os dados são inválidos.'], ['A value of the wrong type or breaking a validation rule.', 'Um valor de tipo errado ou que quebra uma regra de validação.'], ['Correct the fields named in the response body.', 'Corrija os campos indicados no corpo da resposta.']),
  row(429, ['Too Many Requests', 'Requisições demais'], ['The client sent too many requests in the period.', 'O cliente fez requisições demais no período.'], ['A rate limit was reached.', 'Um limite de requisições foi atingido.'], ['Wait for Retry-After (when present) and retry with backoff.', 'Espere o Retry-After (quando houver) e tente de novo com backoff.']),
  row(500, ['Internal Server Error', 'Erro interno do servidor'], ['The server failed while handling an apparently valid request.', 'O servidor falhou ao processar uma requisição aparentemente válida.'], ['A bug or outage on the server side.', 'Um defeito ou uma falha do lado do servidor.'], ['Retry later; if it persists, report it to the API provider.', 'Tente mais tarde; se persistir, informe o fornecedor da API.']),
  row(501, ['Not Implemented', 'Não implementado'], ['The server does not support this functionality.', 'O servidor não oferece esta funcionalidade.'], ['An unsupported method or feature.', 'Um método ou recurso não suportado.'], ['Use a documented endpoint and method.', 'Use um endpoint e um método documentados.']),
  row(502, ['Bad Gateway', 'Gateway inválido'], ['A gateway or proxy got an invalid answer from the server behind it.', 'Um gateway ou proxy recebeu uma resposta inválida do servidor por trás dele.'], ['The upstream service is failing or restarting.', 'O serviço de origem está falhando ou reiniciando.'], ['Retry with backoff.', 'Tente de novo com backoff.']),
  row(503, ['Service Unavailable', 'Serviço indisponível'], ['The server cannot handle requests right now.', 'O servidor não consegue atender requisições agora.'], ['Overload or maintenance.', 'Sobrecarga ou manutenção.'], ['Retry later, after Retry-After when present.', 'Tente mais tarde, depois do Retry-After quando houver.']),
  row(504, ['Gateway Timeout', 'Tempo de gateway esgotado'], ['A gateway or proxy did not get an answer in time.', 'Um gateway ou proxy não recebeu resposta a tempo.'], ['The upstream service is slow or down.', 'O serviço de origem está lento ou fora do ar.'], ['Retry with backoff.', 'Tente de novo com backoff.']),
];

const STATUS_BY_CODE = new Map(STATUS_ROWS.map((r) => [r.status, r]));

/** Status lines only inform: 4xx/5xx show as information, 1xx–3xx are hover-only. */
function statusLineSeverity(status: number): Severity | undefined {
  return status >= 400 ? 'information' : undefined;
}

function genericRow(status: number): StatusRow {
  const family = Math.floor(status / 100);
  const kind: Record<number, [string, string]> = {
    1: ['Informational response', 'Resposta informativa'],
    2: ['Success', 'Sucesso'],
    3: ['Redirection', 'Redirecionamento'],
    4: ['Client error', 'Erro do cliente'],
    5: ['Server error', 'Erro do servidor'],
  };
  const [en, pt] = kind[family] ?? ['Status', 'Status'];
  return row(
    status,
    [en, pt],
    [`The server answered with status ${status} (${en.toLowerCase()}).`, `O servidor respondeu com status ${status} (${pt.toLowerCase()}).`],
    family >= 4
      ? ['See the response body and the status reference.', 'Veja o corpo da resposta e a referência do status.']
      : ['The request was handled without an error.', 'A requisição foi atendida sem erro.'],
    family >= 4 ? ['Read the response body and correct the request.', 'Leia o corpo da resposta e corrija a requisição.'] : [NOTHING_TO_FIX.en, NOTHING_TO_FIX['pt-BR']],
  );
}

const httpCache = new Map<number, CatalogEntry>();
const problemCache = new Map<number, CatalogEntry>();

/** The entry of an HTTP status line, or `undefined` outside 100–599. */
export function httpStatusEntry(status: number): CatalogEntry | undefined {
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  let entry = httpCache.get(status);
  if (!entry) {
    const r = STATUS_BY_CODE.get(status) ?? genericRow(status);
    entry = defineEntry(
      { code: `http/${status}`, severity: statusLineSeverity(status), docUrl: statusUrl(status), fixes: r.fixes, httpStatus: status },
      {
        title: l(`${status} ${r.reason.en}`, `${status} ${r.reason['pt-BR']}`),
        meaning: r.meaning,
        cause: r.cause,
        fix: r.fix,
      },
    );
    httpCache.set(status, entry);
  }
  return entry;
}

function problemSeverity(status: number): Severity {
  return status === 401 || status === 403 ? 'error' : 'warning';
}

export const PROBLEM_UNKNOWN = defineEntry(
  { code: 'problem/unknown', severity: 'warning', docUrl: PROBLEM_DETAILS_URL },
  {
    title: l('Problem details', 'Problem details'),
    meaning: l(
      'The server answered with an RFC 9457 problem details object without a status.',
      'O servidor respondeu com um objeto problem details (RFC 9457) sem status.',
    ),
    cause: l('The type, title and detail members describe what went wrong.', 'Os membros type, title e detail descrevem o que deu errado.'),
    fix: l('Read detail and the type URI, then correct the request.', 'Leia o detail e a URI do type e corrija a requisição.'),
  },
);

/** The entry of a problem details object with this status (4xx/5xx), or `problem/unknown` without one. */
export function problemEntry(status?: number): CatalogEntry | undefined {
  if (status === undefined) return PROBLEM_UNKNOWN;
  if (!Number.isInteger(status) || status < 400 || status > 599) return undefined;
  let entry = problemCache.get(status);
  if (!entry) {
    const r = STATUS_BY_CODE.get(status) ?? genericRow(status);
    entry = defineEntry(
      { code: `problem/${status}`, severity: problemSeverity(status), docUrl: PROBLEM_DETAILS_URL, fixes: r.fixes, httpStatus: status },
      {
        title: l(`Problem: ${status} ${r.reason.en}`, `Problema: ${status} ${r.reason['pt-BR']}`),
        meaning: l(
          `The server answered with an RFC 9457 problem details object for status ${status} (${r.reason.en}). ${r.meaning.en}`,
          `O servidor respondeu com um objeto problem details (RFC 9457) de status ${status} (${r.reason['pt-BR']}). ${r.meaning['pt-BR']}`,
        ),
        cause: r.cause,
        fix: r.fix,
      },
    );
    problemCache.set(status, entry);
  }
  return entry;
}

export const RETRY_AFTER = defineEntry(
  { code: 'http/retry-after', severity: undefined, docUrl: RETRY_AFTER_URL },
  {
    title: l('Retry-After', 'Retry-After'),
    meaning: l('The server says how long to wait before the next request.', 'O servidor informa quanto tempo esperar antes da próxima requisição.'),
    cause: l(
      'Sent with 429 Too Many Requests or 503 Service Unavailable while a limit or an outage lasts.',
      'Vem com 429 Too Many Requests ou 503 Service Unavailable enquanto durar um limite ou uma indisponibilidade.',
    ),
    fix: l('Wait at least that long before retrying.', 'Espere pelo menos esse tempo antes de tentar de novo.'),
  },
);

/** Every status with its own row: what the catalogue documents (tests and docs list them). */
export function documentedStatuses(): number[] {
  return STATUS_ROWS.map((r) => r.status);
}
