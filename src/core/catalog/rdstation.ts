import { defineEntry, l, type EntryTexts } from './define';
import type { CatalogEntry, FixId, Severity } from './types';

/**
 * RD Station Marketing error payloads: every row of docs/api-facts.md §2 and the auth errors page.
 * Adding a documented error is adding a row.
 */

export const RD_AUTH_ERRORS_URL = 'https://developers.rdstation.com/reference/erros-autenticacao';
export const RD_ERROR_MESSAGES_URL = 'https://developers.rdstation.com/reference/mensagens-de-erro-rdsm';
export const RD_RATE_LIMIT_URL = 'https://developers.rdstation.com/reference/limite-de-requisicoes-da-api';

export interface RdStationRow {
  /** `error_type` as the API sends it (upper snake case). */
  readonly type: string;
  /** Other spellings of the same type, e.g. the corrected RATE_LIMIT_EXCEEDED. */
  readonly aliases?: readonly string[];
  /** Documented `error_message` texts that select this row; a row without them is the type's default. */
  readonly messages?: readonly string[];
  readonly entry: CatalogEntry;
}

/** Messages that identify an auth error whatever envelope or `error_type` carries them. */
export const EXPIRED_ACCESS_TOKEN_MESSAGE = 'The access token is invalid or has expired';
export const MISSING_ACCESS_TOKEN_MESSAGE = 'The access token is missing';

const PROFILE = 'rdstation-marketing' as const;

/** `UNABLE_TO_LOAD_CDP_SCHEMA` → `rdstation/unable-to-load-cdp-schema`. */
export function rdstationCode(errorType: string): string {
  return `rdstation/${errorType.toLowerCase().replace(/_/g, '-')}`;
}

function rd(
  type: string,
  severity: Severity,
  httpStatus: number | undefined,
  texts: EntryTexts,
  options: { code?: string; fixes?: FixId[]; docUrl?: string; messages?: string[]; aliases?: string[] } = {},
): RdStationRow {
  const entry = defineEntry(
    {
      code: options.code ?? rdstationCode(type),
      severity,
      docUrl: options.docUrl ?? RD_ERROR_MESSAGES_URL,
      fixes: options.fixes,
      httpStatus,
      profile: PROFILE,
    },
    texts,
  );
  return { type, entry, ...(options.messages ? { messages: options.messages } : {}), ...(options.aliases ? { aliases: options.aliases } : {}) };
}

/** A field validation error: what the API checks, in one phrase, and what to send instead. */
function validation(type: string, httpStatus: number | undefined, title: [string, string], rule: [string, string], fix: [string, string]): RdStationRow {
  return rd(type, 'warning', httpStatus, {
    title: l(...title),
    meaning: l(`RD Station rejected the value of a field: ${rule[0]}`, `O RD Station recusou o valor de um campo: ${rule[1]}`),
    cause: l(
      'The request body (or query) sends a value that breaks this rule; the error names the field by its key or its path.',
      'O corpo (ou a query) da requisição envia um valor que quebra essa regra; o erro indica o campo pela chave ou pelo path.',
    ),
    fix: l(...fix),
  });
}

/** A query parameter error of the listing and analytics endpoints. */
function parameter(type: string, title: [string, string], rule: [string, string], fix: [string, string]): RdStationRow {
  return rd(type, 'warning', 400, {
    title: l(...title),
    meaning: l(`A query parameter was refused: ${rule[0]}`, `Um parâmetro da query foi recusado: ${rule[1]}`),
    cause: l(
      'The URL query does not follow the endpoint reference (name, format or allowed range).',
      'A query da URL não segue a referência do endpoint (nome, formato ou faixa permitida).',
    ),
    fix: l(...fix),
  });
}

export const RDSTATION_ROWS: readonly RdStationRow[] = [
  // --- Authentication (the "Erros relacionados à Autenticação" page) ---
  rd(
    'UNAUTHORIZED',
    'error',
    401,
    {
      title: l('Invalid token', 'Token inválido'),
      meaning: l(
        'RD Station Marketing did not accept the token in the Authorization header: it is not a valid access token.',
        'O RD Station Marketing não aceitou o token do cabeçalho Authorization: ele não é um access_token válido.',
      ),
      cause: l(
        'The header carries something other than a current access token: a refresh token or code, a token of another RD Station product, or a value that was cut or mistyped.',
        'O cabeçalho leva algo que não é um access_token vigente: um refresh_token ou code, um token de outro produto RD Station, ou um valor cortado ou digitado errado.',
      ),
      fix: l('Refresh the access token or sign in again.', 'Atualize o access_token ou faça login novamente.'),
    },
    { code: 'rdstation/invalid-token', fixes: ['signIn', 'refreshToken'], docUrl: RD_AUTH_ERRORS_URL, messages: ['Invalid token.'] },
  ),
  rd(
    'ACCESS_DENIED',
    'error',
    401,
    {
      title: l('Wrong client credentials', 'Credenciais do aplicativo incorretas'),
      meaning: l(
        'The token endpoint refused the client_id or client_secret sent to get or refresh the tokens.',
        'O endpoint de token recusou o client_id ou o client_secret enviados para gerar ou atualizar os tokens.',
      ),
      cause: l(
        "The credentials do not match the app in the RD Station App Store: a typo, a client_secret that was regenerated, or another app's credentials.",
        'As credenciais não batem com o aplicativo na App Store do RD Station: erro de digitação, client_secret gerado de novo ou credenciais de outro aplicativo.',
      ),
      fix: l(
        'Copy the client_id and client_secret again from your app in the App Store and update them.',
        'Copie de novo o client_id e o client_secret do seu aplicativo na App Store e atualize-os.',
      ),
    },
    { code: 'rdstation/wrong-credentials', fixes: ['updateClientCredentials'], docUrl: RD_AUTH_ERRORS_URL, messages: ['Wrong credentials provided.'] },
  ),
  rd(
    'ACCESS_DENIED',
    'error',
    401,
    {
      title: l('Invalid redirect URI', 'redirect_uri inválida'),
      meaning: l(
        "The authorization request's redirect_uri is not a callback URL registered and active for the app.",
        'A redirect_uri da requisição de autorização não é uma URL de callback cadastrada e ativa no aplicativo.',
      ),
      cause: l(
        'The callback URL is not registered, differs in some character (scheme, slash, port), or was changed less than 1 hour ago and is not in effect yet.',
        'A URL de callback não está cadastrada, difere em algum caractere (esquema, barra, porta) ou foi alterada há menos de 1 hora e ainda não vale.',
      ),
      fix: l(
        "Register exactly the extension's callback URL in the app, then wait up to 1 hour before signing in again.",
        'Cadastre no aplicativo exatamente a URL de callback da extensão e espere até 1 hora antes de fazer login de novo.',
      ),
    },
    {
      code: 'rdstation/invalid-redirect-uri',
      fixes: ['copyCallbackUrl'],
      docUrl: RD_AUTH_ERRORS_URL,
      messages: ['O parâmetro redirect_uri não contém um valor válido.'],
    },
  ),
  rd(
    'ACCESS_DENIED',
    'error',
    401,
    {
      title: l('Access denied', 'Acesso negado'),
      meaning: l(
        'RD Station Marketing refused access to these credentials or this token.',
        'O RD Station Marketing negou acesso a estas credenciais ou a este token.',
      ),
      cause: l(
        "The app's credentials, the authorization the account granted, or the account's permissions do not allow this call.",
        'As credenciais do aplicativo, a autorização concedida pela conta ou as permissões da conta não permitem esta chamada.',
      ),
      fix: l(
        "Check the app's credentials and sign in again with an account that has access.",
        'Confira as credenciais do aplicativo e faça login de novo com uma conta que tenha acesso.',
      ),
    },
    { code: 'rdstation/access-denied', fixes: ['signIn', 'updateClientCredentials'], docUrl: RD_AUTH_ERRORS_URL },
  ),
  rd(
    'EXPIRED_CODE_GRANT',
    'error',
    401,
    {
      title: l('Authorization code expired', 'code de autorização expirado'),
      meaning: l('The code exchanged for tokens is no longer valid.', 'O code trocado pelos tokens não vale mais.'),
      cause: l(
        'A code works once and for 60 minutes: it was already used, or it is older than that.',
        'O code serve uma única vez e por 60 minutos: ele já foi usado ou passou desse prazo.',
      ),
      fix: l('Sign in again to get a new code.', 'Faça login novamente para gerar um novo code.'),
    },
    { code: 'rdstation/expired-code-grant', fixes: ['signIn'], docUrl: RD_AUTH_ERRORS_URL, messages: ['The authorization code grant has expired.'] },
  ),
  rd(
    'INVALID_REFRESH_TOKEN',
    'error',
    401,
    {
      title: l('Invalid refresh token', 'refresh_token inválido'),
      meaning: l(
        'The refresh token sent to renew the access token is invalid or was revoked.',
        'O refresh_token enviado para renovar o access_token é inválido ou foi revogado.',
      ),
      cause: l(
        'It was copied incompletely, belongs to another app, or was revoked (sign-out, the revoke endpoint, or the account disconnected the app).',
        'Ele foi copiado pela metade, é de outro aplicativo ou foi revogado (logout, endpoint de revogação ou a conta desconectou o aplicativo).',
      ),
      fix: l('Sign in again to get a new refresh token.', 'Faça login novamente para obter um novo refresh_token.'),
    },
    {
      code: 'rdstation/invalid-refresh-token',
      fixes: ['signIn'],
      docUrl: RD_AUTH_ERRORS_URL,
      messages: ['The provided refresh token is invalid or was revoked.'],
    },
  ),
  rd(
    'RATE_LIMIT_EXCEDDED', // sic: the API's own spelling
    'warning',
    429,
    {
      title: l('Rate limit exceeded', 'Limite de requisições excedido'),
      meaning: l(
        'RD Station refused the request because the account or the contact used up its request quota for the period.',
        'O RD Station recusou a requisição porque a conta ou o contato esgotou a cota de requisições do período.',
      ),
      cause: l(
        'Too many calls in the window, for example more than 120 per minute per account on contacts, or more than 24 updates of one contact in 24 hours.',
        'Chamadas demais na janela: por exemplo, mais de 120 por minuto por conta em contatos, ou mais de 24 atualizações do mesmo contato em 24 horas.',
      ),
      fix: l(
        'Wait until the window resets (Retry-After or remaining_time, when present), then retry with backoff.',
        'Espere a janela reiniciar (Retry-After ou remaining_time, quando houver) e tente de novo com backoff.',
      ),
    },
    { code: 'rdstation/rate-limit', docUrl: RD_RATE_LIMIT_URL, aliases: ['RATE_LIMIT_EXCEEDED'] },
  ),

  // --- Request errors ---
  rd(
    'BAD_REQUEST',
    'warning',
    400,
    {
      title: l('Malformed request body', 'Corpo da requisição malformado'),
      meaning: l(
        'The API could not parse the request body according to its Content-Type.',
        'A API não conseguiu interpretar o corpo da requisição conforme o Content-Type informado.',
      ),
      cause: l(
        'Invalid JSON (a trailing comma, single quotes, unescaped characters) or a body that does not match the Content-Type header.',
        'JSON inválido (vírgula sobrando, aspas simples, caracteres sem escape) ou um corpo que não combina com o cabeçalho Content-Type.',
      ),
      fix: l('Send valid JSON with Content-Type: application/json.', 'Envie um JSON válido com Content-Type: application/json.'),
    },
    { fixes: ['addContentTypeHeader'] },
  ),
  rd(
    'UNSUPPORTED_MEDIA_TYPE',
    'warning',
    415,
    {
      title: l('Unsupported Content-Type', 'Content-Type não suportado'),
      meaning: l(
        'The payload is in a format this endpoint does not accept.',
        'O payload está num formato que este endpoint não aceita.',
      ),
      cause: l(
        'The Content-Type header is missing or is not application/json (for example text/plain or a form encoding).',
        'O cabeçalho Content-Type está ausente ou não é application/json (por exemplo, text/plain ou form-urlencoded).',
      ),
      fix: l('Set Content-Type: application/json and send a JSON body.', 'Defina Content-Type: application/json e envie o corpo em JSON.'),
    },
    { fixes: ['addContentTypeHeader'] },
  ),
  rd('RESOURCE_NOT_FOUND', 'warning', 404, {
    title: l('Resource not found', 'Recurso não encontrado'),
    meaning: l(
      'The contact, event or other resource the URL points to does not exist in this account.',
      'O contato, evento ou outro recurso indicado na URL não existe nesta conta.',
    ),
    cause: l(
      'A wrong uuid or email in the path, a deleted resource, or a token of another account.',
      'uuid ou e-mail errado no caminho, recurso excluído ou token de outra conta.',
    ),
    fix: l('Check the identifier in the URL and which account the token belongs to.', 'Confira o identificador na URL e a qual conta o token pertence.'),
  }),
  rd(
    'UNABLE_TO_LOAD_CDP_SCHEMA',
    'error',
    400,
    {
      title: l('Credentials of another RD Station product', 'Credenciais de outro produto RD Station'),
      meaning: l(
        "RD Station Marketing could not load the account schema of this token's tenant.",
        'O RD Station Marketing não conseguiu carregar o schema da conta (tenant) deste token.',
      ),
      cause: l(
        'The token or the app credentials belong to RD Station CRM (or another product), not to RD Station Marketing: every product has its own credentials.',
        'O token ou as credenciais do aplicativo são do RD Station CRM (ou de outro produto), não do RD Station Marketing: cada produto tem credenciais próprias.',
      ),
      fix: l(
        'Use the credentials of an app created for RD Station Marketing and sign in again.',
        'Use as credenciais de um aplicativo criado para o RD Station Marketing e faça login novamente.',
      ),
    },
    { fixes: ['updateClientCredentials', 'signIn'] },
  ),
  rd('INVALID_FIELDS', 'warning', 400, {
    title: l('Fields that cannot be sent', 'Campos que não podem ser enviados'),
    meaning: l(
      'The payload has attributes that cannot be modified or that do not exist.',
      'O payload tem atributos que não podem ser alterados ou que não existem.',
    ),
    cause: l(
      'A read-only attribute (such as uuid) or a custom field that was never created in the account (cf_… names).',
      'Um atributo somente leitura (como uuid) ou um campo personalizado que nunca foi criado na conta (nomes cf_…).',
    ),
    fix: l(
      'Remove the fields listed in the message, or create the custom fields in the account first.',
      'Remova os campos listados na mensagem ou crie antes os campos personalizados na conta.',
    ),
  }),
  rd('CONFLICTING_FIELD', 'warning', 400, {
    title: l('Identifier repeated in the body', 'Identificador repetido no corpo'),
    meaning: l(
      'The body contains the attribute that identifies the contact in the URL.',
      'O corpo contém o atributo que identifica o contato na URL.',
    ),
    cause: l(
      'In an upsert (PATCH /platform/contacts/email:…) the email or uuid is sent in the body too.',
      'Num upsert (PATCH /platform/contacts/email:…) o email ou o uuid também foi enviado no corpo.',
    ),
    fix: l('Remove the identifier from the PATCH body.', 'Tire o identificador do corpo do PATCH.'),
  }),
  rd('EMAIL_ALREADY_IN_USE', 'warning', 400, {
    title: l('Email already in use', 'E-mail já em uso'),
    meaning: l('A contact with this email already exists.', 'Já existe um contato com este e-mail.'),
    cause: l('POST only creates contacts and fails for an existing email.', 'O POST só cria contatos e falha com um e-mail que já existe.'),
    fix: l(
      'Use the upsert, PATCH /platform/contacts/email:<email>, which creates or updates.',
      'Use o upsert, PATCH /platform/contacts/email:<email>, que cria ou atualiza.',
    ),
  }),
  validation(
    'VALUES_MUST_BE_UNIQUE',
    400,
    ['Duplicate values', 'Valores duplicados'],
    ['a list (such as tags) contains the same value twice.', 'uma lista (como tags) tem o mesmo valor repetido.'],
    ['Remove the duplicates from the list.', 'Remova os itens repetidos da lista.'],
  ),
  validation(
    'VALUES_MUST_BE_LOWERCASE',
    400,
    ['Values must be lowercase', 'Valores devem estar em minúsculas'],
    ['a list (such as tags) contains capital letters.', 'uma lista (como tags) tem letras maiúsculas.'],
    ['Convert the values to lowercase.', 'Converta os valores para minúsculas.'],
  ),
  validation(
    'INVALID_DATA_TYPE',
    400,
    ['Wrong data type', 'Tipo de dado errado'],
    [
      'the value has another type than the one expected (tags, for example, must be a set: an array of strings).',
      'o valor tem um tipo diferente do esperado (tags, por exemplo, deve ser um conjunto: um array de strings).',
    ],
    ['Send the type the message names, for example an array for tags.', 'Envie o tipo indicado na mensagem, por exemplo um array em tags.'],
  ),
  validation(
    'MUST_BE_STRING',
    422,
    ['Value must be a string', 'Valor deve ser texto'],
    ['the field accepts only a string.', 'o campo só aceita texto (string).'],
    ['Send the value as a JSON string, in quotes.', 'Envie o valor como string JSON, entre aspas.'],
  ),
  validation(
    'INCLUSION',
    400,
    ['Value outside the valid options', 'Valor fora das opções válidas'],
    [
      'the field accepts only the options listed in the message (such as a custom field data_type).',
      'o campo só aceita as opções listadas na mensagem (como o data_type de um campo personalizado).',
    ],
    ['Send one of the options listed in the message.', 'Envie uma das opções listadas na mensagem.'],
  ),
  validation(
    'INVALID_OPTION',
    400,
    ['Invalid option', 'Opção inválida'],
    ['the value is not one of the accepted options, for example an unknown event_type.', 'o valor não é uma das opções aceitas, por exemplo um event_type desconhecido.'],
    ['Use a value from the endpoint reference.', 'Use um valor da referência do endpoint.'],
  ),
  validation(
    'CANNOT_BE_NULL',
    400,
    ['Field cannot be null', 'Campo não pode ser nulo'],
    ['the field is required and came as null or missing.', 'o campo é obrigatório e veio nulo ou ausente.'],
    ['Send a value for the field.', 'Envie um valor para o campo.'],
  ),
  validation(
    'CANNOT_BE_BLANK',
    400,
    ['Field cannot be blank', 'Campo não pode ficar em branco'],
    ['the field came as an empty string.', 'o campo veio como texto vazio.'],
    ['Fill in the field, or leave it out if it is optional.', 'Preencha o campo ou omita-o se for opcional.'],
  ),
  validation(
    'INVALID_FORMAT',
    400,
    ['Invalid format', 'Formato inválido'],
    ['the value does not have the expected format (date, phone, URL…).', 'o valor não tem o formato esperado (data, telefone, URL…).'],
    ['Send the value in the format the endpoint reference shows.', 'Envie o valor no formato que a referência do endpoint mostra.'],
  ),
  validation(
    'INVALID_EMAIL_FORMAT',
    400,
    ['Invalid email format', 'Formato de e-mail inválido'],
    ['the email is not a valid address.', 'o e-mail não é um endereço válido.'],
    ['Send a complete address, such as name@example.com.', 'Envie um endereço completo, como nome@exemplo.com.'],
  ),
  validation(
    'MUST_BE_LESS_THAN_OR_EQUAL',
    400,
    ['Value above the maximum', 'Valor acima do máximo'],
    ['the number is greater than the allowed maximum.', 'o número é maior que o máximo permitido.'],
    ['Send a value within the limit shown in the message.', 'Envie um valor dentro do limite indicado na mensagem.'],
  ),
  validation(
    'INVALID_USER',
    400,
    ['Invalid user', 'Usuário inválido'],
    ['the user (owner, responsible) does not exist or does not belong to the account.', 'o usuário (dono, responsável) não existe ou não pertence à conta.'],
    ['Use the id or email of an active user of the account.', 'Use o id ou e-mail de um usuário ativo da conta.'],
  ),
  validation(
    'INVALID',
    undefined,
    ['Invalid value', 'Valor inválido'],
    ['the value is not valid for the field.', 'o valor não é válido para o campo.'],
    ['Correct the value of the field named in the error.', 'Corrija o valor do campo indicado no erro.'],
  ),
  validation(
    'TAKEN',
    undefined,
    ['Value already in use', 'Valor já em uso'],
    ['the value must be unique and another record already has it.', 'o valor deve ser único e outro registro já o usa.'],
    ['Use another value, or update the existing record.', 'Use outro valor ou atualize o registro existente.'],
  ),
  validation(
    'TOO_SHORT',
    undefined,
    ['Value too short', 'Valor curto demais'],
    ['the text has fewer characters than the minimum.', 'o texto tem menos caracteres que o mínimo.'],
    ['Send a longer value.', 'Envie um valor mais longo.'],
  ),
  validation(
    'TOO_LONG',
    undefined,
    ['Value too long', 'Valor longo demais'],
    ['the text has more characters than the maximum.', 'o texto passa do máximo de caracteres.'],
    ['Shorten the value.', 'Encurte o valor.'],
  ),
  validation(
    'EXCLUSION',
    undefined,
    ['Reserved value', 'Valor reservado'],
    ['the value is one the field does not allow (reserved).', 'o valor é um dos que o campo não permite (reservado).'],
    ['Choose another value.', 'Escolha outro valor.'],
  ),
  validation(
    'MUST_BE_BOOLEAN',
    undefined,
    ['Value must be a boolean', 'Valor deve ser booleano'],
    ['the field accepts only true or false.', 'o campo só aceita true ou false.'],
    ['Send true or false, without quotes.', 'Envie true ou false, sem aspas.'],
  ),
  validation(
    'MUST_BE_VALID_OPTION',
    undefined,
    ['Value is not a valid option', 'Valor não é uma opção válida'],
    ['the field accepts only its configured options.', 'o campo só aceita as opções configuradas.'],
    ['Send one of the options configured for the field.', 'Envie uma das opções configuradas para o campo.'],
  ),
  validation(
    'MUST_BE_STRING_ARRAY',
    undefined,
    ['Value must be an array of strings', 'Valor deve ser um array de strings'],
    ['the field accepts only an array of strings.', 'o campo só aceita um array de strings.'],
    ['Send the values as an array of strings, e.g. ["a", "b"].', 'Envie os valores como array de strings, por exemplo ["a", "b"].'],
  ),
  parameter(
    'REQUIRED_PARAMETER',
    ['Required parameter missing', 'Parâmetro obrigatório ausente'],
    ['a required parameter is missing.', 'falta um parâmetro obrigatório.'],
    ['Add the parameter named in the message.', 'Inclua o parâmetro indicado na mensagem.'],
  ),
  parameter(
    'INVALID_PARAMETER',
    ['Invalid parameter', 'Parâmetro inválido'],
    ['a parameter has an invalid value or format.', 'um parâmetro tem valor ou formato inválido.'],
    ['Correct the parameter named in the message.', 'Corrija o parâmetro indicado na mensagem.'],
  ),
  parameter(
    'PARAMETER_UNKNOWN',
    ['Unknown parameter', 'Parâmetro desconhecido'],
    ['the endpoint does not know this parameter.', 'o endpoint não conhece este parâmetro.'],
    ['Remove the parameter or fix its name.', 'Remova o parâmetro ou corrija o nome.'],
  ),
  parameter(
    'DATE_OUT_OF_RANGE',
    ['Date out of range', 'Data fora do intervalo'],
    ['a date is outside the period the endpoint accepts.', 'uma data está fora do período que o endpoint aceita.'],
    ['Narrow the period (start_date, end_date) to the allowed range.', 'Reduza o período (start_date, end_date) ao intervalo permitido.'],
  ),
  parameter(
    'INVALID_VALUE',
    ['Invalid parameter value', 'Valor de parâmetro inválido'],
    ['a parameter value is not accepted.', 'o valor de um parâmetro não é aceito.'],
    ['Use a value from the endpoint reference.', 'Use um valor da referência do endpoint.'],
  ),
  rd('ACCOUNT_REQUIREMENT_MISSING', 'warning', 403, {
    title: l("Feature not in the account's plan", 'Recurso fora do plano da conta'),
    meaning: l(
      "The account's RD Station Marketing plan does not include the feature this call uses (for example smart send).",
      'O plano de RD Station Marketing da conta não inclui o recurso usado por esta chamada (por exemplo, o envio inteligente).',
    ),
    cause: l('The feature belongs to a higher plan or was not enabled.', 'O recurso é de um plano superior ou não foi habilitado.'),
    fix: l('Upgrade the plan or stop calling this feature.', 'Mude de plano ou deixe de chamar este recurso.'),
  }),
  rd('WORKFLOW_STATUS_ERROR', 'warning', 400, {
    title: l('Workflow not active', 'Fluxo de automação inativo'),
    meaning: l('The automation workflow must be active, or it does not exist.', 'O fluxo de automação precisa estar ativo, ou não existe.'),
    cause: l('The workflow is paused, a draft, deleted, or the id is wrong.', 'O fluxo está pausado, é um rascunho, foi excluído, ou o id está errado.'),
    fix: l('Activate the workflow in RD Station Marketing or use the id of an active one.', 'Ative o fluxo no RD Station Marketing ou use o id de um fluxo ativo.'),
  }),
  rd('SERVICE_UNAVAILABLE', 'warning', 500, {
    title: l('Service temporarily unavailable', 'Serviço temporariamente indisponível'),
    meaning: l('RD Station could not handle the request right now.', 'O RD Station não conseguiu atender a requisição agora.'),
    cause: l('A temporary failure or maintenance on their side, not a problem with the request.', 'Falha temporária ou manutenção do lado deles, não um problema da requisição.'),
    fix: l('Retry later with exponential backoff.', 'Tente de novo mais tarde, com backoff exponencial.'),
  }),
];

/** Entries recognised by their shape rather than by an `error_type` row. */
export const EXPIRED_ACCESS_TOKEN = defineEntry(
  { code: 'rdstation/expired-access-token', severity: 'error', docUrl: RD_AUTH_ERRORS_URL, fixes: ['refreshToken', 'signIn'], httpStatus: 401, profile: PROFILE },
  {
    title: l('Access token expired', 'access_token expirado'),
    meaning: l(
      'The access token sent with the request has expired or is no longer valid.',
      'O access_token enviado na requisição expirou ou deixou de ser válido.',
    ),
    cause: l(
      'RD Station Marketing access tokens last 86,400 seconds (24 hours) from issue, as expires_in says.',
      'O access_token do RD Station Marketing vale 86.400 segundos (24 horas) a partir da emissão, como indica o expires_in.',
    ),
    fix: l(
      'Refresh the access token with the refresh token and repeat the request.',
      'Atualize o access_token com o refresh_token e repita a requisição.',
    ),
  },
);

export const MISSING_ACCESS_TOKEN = defineEntry(
  { code: 'rdstation/missing-access-token', severity: 'error', docUrl: RD_AUTH_ERRORS_URL, fixes: ['addAuthorizationHeader'], httpStatus: 401, profile: PROFILE },
  {
    title: l('Access token missing', 'access_token ausente'),
    meaning: l('The request reached the API without an access token.', 'A requisição chegou à API sem access_token.'),
    cause: l(
      'The Authorization header is missing, or it is not in the form Bearer <access_token>.',
      'Falta o cabeçalho Authorization, ou ele não está no formato Bearer <access_token>.',
    ),
    fix: l(
      'Send the header Authorization: Bearer <access_token> with every request.',
      'Envie o cabeçalho Authorization: Bearer <access_token> em toda requisição.',
    ),
  },
);

/** An RD Station-shaped `error_type` the catalogue does not know: explained generically, information only. */
export function unknownRdStationEntry(errorType: string): ReturnType<typeof defineEntry> {
  return defineEntry(
    { code: rdstationCode(errorType), severity: 'information', docUrl: RD_ERROR_MESSAGES_URL, profile: PROFILE },
    {
      title: l(`RD Station error ${errorType}`, `Erro ${errorType} do RD Station`),
      meaning: l(
        'RD Station Marketing returned an error type that is not in the documented list.',
        'O RD Station Marketing devolveu um tipo de erro que não está na lista documentada.',
      ),
      cause: l('A new or undocumented validation or business rule.', 'Uma regra de validação ou de negócio nova ou não documentada.'),
      fix: l(
        "Read error_message, and the field or path next to it, against the API's error reference.",
        'Leia o error_message, e o campo ou path ao lado, junto da referência de erros da API.',
      ),
    },
  );
}
