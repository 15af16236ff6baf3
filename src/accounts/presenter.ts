// Mastodon's Account entity.
import { presentRole } from '../moderation/roles.js';
import type { AccountRow } from '../db/schema.js';
import { escapeHtml } from '../posts/content.js';
import { withoutDeceptiveCharacters } from '../lib/deceptive-text.js';
import { presentFields, sourceFields, storedFields, type FieldJson } from '../profile/fields.js';

export interface AccountJson {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  locked: boolean;
  bot: boolean;
  discoverable: boolean;
  group: boolean;
  created_at: string;
  note: string;
  url: string;
  uri: string;
  avatar: string;
  avatar_static: string;
  header: string;
  header_static: string;
  followers_count: number;
  following_count: number;
  statuses_count: number;
  last_status_at: string | null;
  emojis: never[];
  fields: FieldJson[];
  suspended?: boolean;
  /** GET /api/v1/mutes only. */
  mute_expires_at?: string | null;
}

/** What only the account's owner sees (verify_credentials, update_credentials). */
export interface CredentialAccountJson extends AccountJson {
  source: { privacy: string; sensitive: boolean; language: string; note: string; fields: FieldJson[]; follow_requests_count: number };
  role: { id: string; name: string; permissions: string; color: string; highlighted: boolean };
}

function noteHtml(note: string): string {
  if (!note) return '';
  return `<p>${escapeHtml(note).replace(/\n/g, '<br />')}</p>`;
}

export function presentAccount(row: AccountRow, publicUrl: string): AccountJson {
  // Uploaded images are stored as paths (/media/…) so a changed PUBLIC_URL does not break them.
  const absolute = (url: string) => (url.startsWith('/') ? `${publicUrl}${url}` : url);
  const avatar = row.avatar_url ? absolute(row.avatar_url) : `${publicUrl}/assets/avatar-missing.png`;
  const header = row.header_url ? absolute(row.header_url) : `${publicUrl}/assets/header-missing.png`;
  const json: AccountJson = {
    id: String(row.id),
    username: row.username,
    acct: row.username,
    // Cleaned when saved too; rows saved before that are cleaned here.
    display_name: withoutDeceptiveCharacters(row.display_name),
    locked: row.locked === 1,
    bot: row.bot === 1,
    discoverable: row.discoverable === 1,
    group: false,
    created_at: new Date(row.created_at - (row.created_at % 86_400_000)).toISOString(),
    note: noteHtml(row.note),
    url: `${publicUrl}/@${row.username}`,
    uri: `${publicUrl}/users/${row.username}`,
    avatar,
    avatar_static: avatar,
    header,
    header_static: header,
    followers_count: row.followers_count,
    following_count: row.following_count,
    statuses_count: row.statuses_count,
    last_status_at: row.last_status_at ? new Date(row.last_status_at).toISOString().slice(0, 10) : null,
    emojis: [],
    // A suspended account shows no fields (Mastodon's serializer).
    fields: row.suspended_at ? [] : presentFields(storedFields(row.fields)),
  };
  if (row.suspended_at) json.suspended = true;
  return json;
}


/** verify_credentials / update_credentials add what only the owner sees. */
export function presentCredentialAccount(row: AccountRow, publicUrl: string, followRequests = 0): CredentialAccountJson {
  return {
    ...presentAccount(row, publicUrl),
    source: {
      privacy: row.default_visibility,
      sensitive: row.default_sensitive === 1,
      // The default language of new posts; the interface language where none was chosen.
      language: row.default_language || row.locale,
      note: row.note,
      fields: sourceFields(storedFields(row.fields)),
      follow_requests_count: followRequests,
    },
    role: presentRole(row.role),
  };
}

export interface RelationshipJson {
  id: string;
  following: boolean;
  showing_reblogs: boolean;
  notifying: boolean;
  languages: null;
  followed_by: boolean;
  blocking: boolean;
  blocked_by: boolean;
  muting: boolean;
  muting_notifications: boolean;
  requested: boolean;
  requested_by: boolean;
  domain_blocking: boolean;
  endorsed: boolean;
  note: string;
}

export interface Ties {
  following: boolean;
  followedBy: boolean;
  /** The viewer asked to follow the account, which has not answered yet. */
  requested: boolean;
  /** The account asked to follow the viewer. */
  requestedBy: boolean;
  blocking?: boolean;
  blockedBy?: boolean;
  muting?: boolean;
  mutingNotifications?: boolean;
  /** The viewer features the account on their profile (profile/endorsements.ts). */
  endorsed?: boolean;
  /** The viewer's private note about the account (profile/notes.ts): only ever shown to them. */
  note?: string;
}

export function presentRelationship(id: number, { following, followedBy, requested, requestedBy, blocking = false, blockedBy = false, muting = false, mutingNotifications = false, endorsed = false, note = '' }: Ties): RelationshipJson {
  return {
    id: String(id),
    following,
    // Mastodon shows a waiting request's reblogs setting too (on by default).
    showing_reblogs: following || requested,
    notifying: false,
    languages: null,
    followed_by: followedBy,
    blocking,
    blocked_by: blockedBy,
    muting,
    muting_notifications: mutingNotifications,
    requested,
    requested_by: requestedBy,
    domain_blocking: false,
    endorsed,
    note,
  };
}
