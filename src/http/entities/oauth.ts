// Mastodon's Application and Token (oauth/service.ts).
import { Type } from '@sinclair/typebox';
import { Nullable } from './common.js';

export const Application = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    website: Nullable(Type.String()),
    scopes: Type.Array(Type.String()),
    redirect_uri: Type.String({ description: 'the redirect URIs, one a line' }),
    redirect_uris: Type.Array(Type.String()),
    vapid_key: Type.String(),
    // Only when the app is registered: its credentials.
    client_id: Type.Optional(Type.String()),
    client_secret: Type.Optional(Type.String()),
    client_secret_expires_at: Type.Optional(Type.Integer()),
  },
  { $id: 'Application', additionalProperties: false },
);

export const Token = Type.Object(
  { access_token: Type.String(), token_type: Type.Literal('Bearer'), scope: Type.String(), created_at: Type.Integer({ description: 'UNIX time in seconds' }) },
  { $id: 'Token', additionalProperties: false },
);
