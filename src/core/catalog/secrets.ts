import { defineEntry, l } from './define';

/** A token kept in a workspace file: a leak waiting for a commit. */
export const STORED_SECRET = defineEntry(
  {
    code: 'token/stored-secret',
    severity: 'warning',
    docUrl: 'https://www.rfc-editor.org/rfc/rfc6750#section-5.3',
    fixes: ['redactToken'],
  },
  {
    title: l('Token stored in a file', 'Token salvo em arquivo'),
    meaning: l(
      'This file holds an OAuth access or refresh token (or another JWT) in clear text.',
      'Este arquivo guarda um token OAuth (access_token, refresh_token ou outro JWT) em texto puro.',
    ),
    cause: l(
      'Saved responses and request files end up in commits, logs and chats; whoever has the token can call the API as you until it expires or is revoked.',
      'Respostas salvas e arquivos de requisição acabam em commits, logs e conversas; quem tiver o token pode chamar a API em seu nome até ele expirar ou ser revogado.',
    ),
    fix: l(
      'Redact the token here and let Tokenwise keep it in secret storage; revoke it if the file was shared.',
      'Oculte o token aqui e deixe o Tokenwise guardá-lo no armazenamento seguro; revogue-o se o arquivo foi compartilhado.',
    ),
  },
);
