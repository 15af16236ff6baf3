// The Mastodon entities the app reads, trimmed to the fields it uses.
export interface Account {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  note: string;
  url: string;
  avatar: string;
  header: string;
  followers_count: number;
  following_count: number;
  statuses_count: number;
  created_at: string;
  source?: { note?: string; language?: string | null; privacy?: string };
  /** Follows need the account's approval (follow requests). */
  locked?: boolean;
  /** In GET /api/v1/mutes: when a timed mute ends. */
  mute_expires_at?: string | null;
  /** Profile fields; a link field the server checked links back carries verified_at. */
  fields?: { name: string; value: string; verified_at: string | null }[];
}

export interface MediaAttachment {
  id: string;
  type: string;
  url: string | null;
  preview_url: string | null;
  description: string | null;
}

export interface Tag {
  name: string;
  url: string;
  history?: { day: string; uses: string; accounts: string }[];
}

export interface Status {
  id: string;
  created_at: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  visibility: string;
  language: string | null;
  url: string | null;
  content: string;
  /** A content warning: when not empty, the text and media stay folded behind it. */
  spoiler_text: string;
  /** Media to blur until the reader asks for it. */
  sensitive: boolean;
  account: Account;
  reblog: Status | null;
  media_attachments: MediaAttachment[];
  mentions: { id: string; username: string; acct: string; url: string }[];
  tags: Tag[];
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  /** The conversation is muted for the viewer (POST /api/v1/statuses/:id/mute). */
  muted?: boolean;
  favourited?: boolean;
  reblogged?: boolean;
  bookmarked?: boolean;
  /** Pinned on its author's profile (only on the author's own posts). */
  pinned?: boolean;
  /** The reader's keyword filters this post matched (hiding ones never arrive). */
  filtered?: FilterResult[];
  /** When the author last edited it (PUT /api/v1/statuses/:id); null if never. */
  edited_at?: string | null;
  poll?: Poll | null;
  /** Its first link's preview, once the server fetched it (null until then, or without a link). */
  card?: PreviewCard | null;
}

/** Mastodon's PreviewCard (src/cards/ on the server); the image is the server's own copy. */
export interface PreviewCard {
  url: string;
  title: string;
  description: string;
  language: string | null;
  type: 'link' | 'photo' | 'video' | 'rich';
  provider_name: string;
  author_name: string;
  image: string | null;
  image_description: string;
  width: number;
  height: number;
}

export interface Poll {
  id: string;
  expires_at: string | null;
  expired: boolean;
  multiple: boolean;
  votes_count: number;
  voters_count: number | null;
  /** votes_count is null while the poll hides its totals (until it ends). */
  options: { title: string; votes_count: number | null }[];
  /** The viewer voted (the author always counts as having voted). */
  voted?: boolean;
  own_votes?: number[];
}

/** A revision in GET /api/v1/statuses/:id/history. */
export interface StatusEdit {
  content: string;
  spoiler_text: string;
  sensitive: boolean;
  created_at: string;
  account: Account;
  media_attachments: MediaAttachment[];
}

export interface PollParams {
  options: string[];
  expires_in: number;
  multiple: boolean;
  hide_totals: boolean;
}

/** GET /api/v1/scheduled_statuses. */
export interface ScheduledStatus {
  id: string;
  scheduled_at: string;
  params: { text: string; poll: PollParams | null; spoiler_text: string | null; visibility: string; in_reply_to_id: string | null };
  media_attachments: MediaAttachment[];
}

/** Where a keyword filter applies (Mastodon's filter contexts). */
export type FilterContext = 'home' | 'notifications' | 'public' | 'thread' | 'account';

export interface FilterResult {
  filter: { id: string; title: string; context: FilterContext[]; filter_action: 'warn' | 'hide' | 'blur' };
  keyword_matches: string[] | null;
  status_matches: string[] | null;
}

export interface Notification {
  id: string;
  type: string;
  created_at: string;
  account: Account;
  status?: Status | null;
}

export interface Relationship {
  id: string;
  following: boolean;
  followed_by: boolean;
  requested?: boolean;
  blocking?: boolean;
  blocked_by?: boolean;
  muting?: boolean;
  muting_notifications?: boolean;
}

export interface SearchResults {
  accounts: Account[];
  statuses: Status[];
  hashtags: Tag[];
}

export interface Context {
  ancestors: Status[];
  descendants: Status[];
}

export interface Instance {
  domain: string;
  title: string;
  configuration: {
    urls: { streaming?: string; status?: string };
    statuses: { max_characters: number; max_media_attachments: number; characters_reserved_per_url: number };
    media_attachments?: { supported_mime_types: string[]; image_size_limit: number };
    polls?: { max_options: number; max_characters_per_option: number; min_expiration: number; max_expiration: number };
  };
  registrations?: { enabled: boolean; approval_required?: boolean };
  status_page_url?: string;
  /** The server's rules, shown before signing up. */
  rules?: Rule[];
}

export interface Token {
  access_token: string;
  token_type: string;
  scope: string;
}

// Trust and safety (issue 11): keyword filters as the settings pages edit them (FilterContext and
// FilterResult, what a post's `filtered` holds, are above), instance rules, reports.
export interface FilterKeyword {
  id: string;
  keyword: string;
  whole_word: boolean;
}

export interface Filter {
  id: string;
  title: string;
  context: FilterContext[];
  expires_at: string | null;
  filter_action: 'warn' | 'hide' | 'blur';
  keywords?: FilterKeyword[];
  statuses?: { id: string; status_id: string }[];
}

export interface Rule {
  id: string;
  text: string;
  hint?: string;
}

export interface Report {
  id: string;
  category: string;
  comment: string;
  status_ids: string[] | null;
  rule_ids: string[] | null;
}
