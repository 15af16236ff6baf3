// Mastodon's Application entity: what an app registered with Sirb looks like to the API.
import type { AppRow } from '../db/schema.js';
import { withoutDeceptiveCharacters } from '../lib/deceptive-text.js';

export interface AppJson {
  id: string;
  name: string;
  website: string | null;
  scopes: string[];
  redirect_uri: string;
  redirect_uris: string[];
  vapid_key: string;
  client_id?: string;
  client_secret?: string;
  client_secret_expires_at?: number;
}

/** The secret is shown once, when the app registers: only its hash is kept. */
export function presentApp(app: AppRow, clientSecret?: string): AppJson {
  const json: AppJson = {
    id: String(app.id),
    name: withoutDeceptiveCharacters(app.name),
    website: app.website,
    scopes: app.scopes.split(' '),
    redirect_uri: app.redirect_uris,
    redirect_uris: app.redirect_uris.split('\n'),
    vapid_key: '',
  };
  if (clientSecret !== undefined) {
    json.client_id = app.client_id;
    json.client_secret = clientSecret;
    json.client_secret_expires_at = 0;
  }
  return json;
}
