// Kysely table types, in one place. Times are epoch milliseconds and flags are 0/1 integers so
// that the same rows read identically from SQLite and PostgreSQL.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface AccountsTable {
  id: number;
  username: string;
  username_key: string;
  email: string;
  password_hash: string;
  display_name: string;
  note: string;
  locale: string;
  /** 'owner' (one at most: a unique partial index), 'admin', 'moderator' or 'user'. */
  role: string;
  bot: number;
  locked: number;
  discoverable: number;
  default_visibility: string;
  avatar_url: string | null;
  header_url: string | null;
  search_text: string;
  followers_count: Generated<number>;
  following_count: Generated<number>;
  statuses_count: Generated<number>;
  last_status_at: number | null;
  suspended_at: number | null;
  /** Mastodon's "limited": posts reach only followers (moderation). */
  silenced_at: Generated<number | null>;
  /** Media is marked sensitive whatever the author says. */
  sensitized_at: Generated<number | null>;
  /** Login disabled by a moderator: tokens and sign-in refused, the account still shows. */
  disabled_at: Generated<number | null>;
  /** 0 while a sign-up waits for a moderator (SIRB_REGISTRATIONS=approval). */
  approved: Generated<number>;
  sign_up_reason: Generated<string | null>;
  /** When a moderator deleted the suspended account's data (the row stays, suspended). */
  purged_at: Generated<number | null>;
  /** 0 until the sign-up's emailed link is followed (only where SMTP_URL is set). */
  confirmed: Generated<number>;
  /** The invite the account signed up with. */
  invite_id: Generated<number | null>;
  /** JSON [{ name, value }]: the profile's fields (accounts/fields.ts), at most four. */
  fields: Generated<string>;
  /** CredentialAccount.source.language: the default language of new posts ('' for none). */
  default_language: Generated<string>;
  /** CredentialAccount.source.sensitive: new posts' media marked sensitive unless said otherwise. */
  default_sensitive: Generated<number>;
  created_at: number;
}

export interface AppsTable {
  id: number;
  name: string;
  website: string | null;
  redirect_uris: string;
  scopes: string;
  client_id: string;
  /** SHA-256 (hex) of the client secret, which is shown once, at registration. */
  client_secret_hash: string;
  created_at: number;
}

export interface OauthCodesTable {
  code_hash: string;
  app_id: number;
  account_id: number;
  redirect_uri: string;
  scopes: string;
  code_challenge: string | null;
  code_challenge_method: string | null;
  expires_at: number;
  /** Set by the one exchange that claimed the code; a later presentation is a reuse. */
  used_at: number | null;
  /** The token that exchange gave, revoked if the code is presented again. */
  token_id: number | null;
}

export interface TokensTable {
  id: number;
  token_hash: string;
  app_id: number;
  account_id: number | null;
  scopes: string;
  created_at: number;
  revoked_at: number | null;
}

export interface StatusesTable {
  id: number;
  account_id: number;
  text: string;
  content: string;
  spoiler_text: string;
  sensitive: number;
  visibility: string; // public | unlisted | private | direct
  language: string | null;
  in_reply_to_id: number | null;
  in_reply_to_account_id: number | null;
  reblog_of_id: number | null;
  app_id: number | null;
  search_text: string;
  replies_count: Generated<number>;
  reblogs_count: Generated<number>;
  favourites_count: Generated<number>;
  created_at: number;
  edited_at: number | null;
  /** The first post of the thread (null: the status starts its own); conversation mutes name it. */
  conversation_id: Generated<number | null>;
  /** Its poll (polls/), if it has one. */
  poll_id: Generated<number | null>;
}

export interface StatusMentionsTable {
  status_id: number;
  account_id: number;
  /** 1: an edit took the mention out; the account keeps its access but is no longer listed. */
  silent: Generated<number>;
}

/** One revision of an edited status (posts/edits-store.ts), the original included. */
export interface StatusEditsTable {
  id: number;
  status_id: number;
  /** Who made the revision (the author). */
  account_id: number;
  text: string;
  content: string;
  spoiler_text: string;
  sensitive: number;
  /** JSON [{ id, description }]: the attachments in order, with their alt text then. */
  media: string;
  created_at: number;
}

export interface TagsTable {
  id: number;
  name: string;
  name_key: string;
  created_at: number;
}

export interface StatusTagsTable {
  status_id: number;
  tag_id: number;
  account_id: number;
  created_at: number;
}

/** A link shared in a post (trends/links.ts), one row per link per post. */
export interface StatusLinksTable {
  status_id: number;
  account_id: number;
  url: string;
  created_at: number;
}

export interface FollowsTable {
  /** Time-sortable (newId), the cursor of follower/following pages. */
  id: number;
  account_id: number;
  target_account_id: number;
  created_at: number;
}

/** A follow of a locked account, waiting for it to authorize (then it becomes a follows row). */
export interface FollowRequestsTable {
  /** Time-sortable (newId), the cursor of the follow request list. */
  id: number;
  account_id: number;
  target_account_id: number;
  created_at: number;
}

/** The account blocks the target (issue 11): no follows either way, nothing shown either way. */
export interface BlocksTable {
  /** Time-sortable (newId), the cursor of GET /api/v1/blocks. */
  id: number;
  account_id: number;
  target_account_id: number;
  created_at: number;
}

/** The account mutes the target: its posts leave the account's feeds (and notifications, if asked). */
export interface MutesTable {
  /** Time-sortable (newId), the cursor of GET /api/v1/mutes. */
  id: number;
  account_id: number;
  target_account_id: number;
  /** 1: notifications from the target are muted too. */
  notifications: number;
  /** Epoch ms when a timed mute ends (null: until unmuted); compared with the clock on every read. */
  expires_at: number | null;
  created_at: number;
}

/** The account hears nothing more from this thread (statuses.conversation_id). */
export interface ConversationMutesTable {
  account_id: number;
  conversation_id: number;
  created_at: number;
}

export interface FavouritesTable {
  id: number;
  account_id: number;
  status_id: number;
  created_at: number;
}

export interface BookmarksTable {
  id: number;
  account_id: number;
  status_id: number;
  created_at: number;
}

export interface NotificationsTable {
  id: number;
  account_id: number;
  from_account_id: number;
  type: string; // mention | follow | follow_request | favourite | reblog | update | admin.report | admin.sign_up
  status_id: number | null;
  /** The report an `admin.report` notification is about. */
  report_id: Generated<number | null>;
  created_at: number;
  /** 1: held back by the recipient's notification policy (shown under notification requests). */
  filtered: Generated<number>;
  /** Grouped notifications (API v2): favourites, reblogs and follows close in time share one. */
  group_key: Generated<string | null>;
}

/** A direct conversation as one participant sees it (Mastodon's AccountConversation). */
export interface AccountConversationsTable {
  id: number;
  account_id: number;
  /** The thread's first status. */
  conversation_id: number;
  /** The other participants' ids, sorted, comma-separated. */
  participant_ids: string;
  last_status_id: number;
  unread: number;
}

export interface AccountConversationStatusesTable {
  account_conversation_id: number;
  status_id: number;
}

/** accept | filter | drop for each kind of sender (Mastodon 4.3's NotificationPolicy). */
export interface NotificationPoliciesTable {
  account_id: number;
  for_not_following: string;
  for_not_followers: string;
  for_new_accounts: string;
  for_private_mentions: string;
  for_limited_accounts: string;
  updated_at: number;
}

/** Filtered notifications from one sender, waiting to be accepted or dismissed. */
export interface NotificationRequestsTable {
  id: number;
  account_id: number;
  from_account_id: number;
  last_status_id: number | null;
  created_at: number;
  updated_at: number;
}

/** A sender whose request was accepted: never filtered again. */
export interface NotificationPermissionsTable {
  account_id: number;
  from_account_id: number;
  created_at: number;
}

export interface MarkersTable {
  account_id: number;
  timeline: string; // home | notifications
  last_read_id: number;
  version: number;
  updated_at: number;
}

/** Fan-out events put off while Redis was unavailable (timelines/fanout-backlog.ts). */
export interface FanoutBacklogTable {
  id: number;
  event: string;
  created_at: number;
}

export interface IdempotencyKeysTable {
  account_id: number;
  key: string;
  status_id: number;
  created_at: number;
}

export interface MediaAttachmentsTable {
  id: number;
  account_id: number;
  status_id: number | null;
  type: string; // image
  /** Base name of the stored files: <file_name>.webp (display) and <file_name>-small.webp. */
  file_name: string;
  description: string | null;
  blurhash: string | null;
  meta: string; // JSON: Mastodon's meta.original / meta.small
  position: number;
  created_at: number;
}

/** The moderators' audit log (moderation/audit-log.ts): appended to, never changed. */
export interface AdminActionLogsTable {
  id: number;
  account_id: number;
  action: string;
  target_type: string;
  target_id: string;
  reason: string | null;
  created_at: number;
}

/** A Web Push subscription: one per access token (push/store.ts). */
export interface PushSubscriptionsTable {
  id: number;
  token_id: number;
  account_id: number;
  endpoint: string;
  key_p256dh: string;
  key_auth: string;
  /** 1: RFC 8291 aes128gcm ("standard"), 0: the older aesgcm draft Mastodon sends by default. */
  standard: number;
  /** JSON: { mention: true, … }. */
  alerts: string;
  policy: string;
  created_at: number;
}

/** The server's VAPID key pair (one row, id 1). */
export interface PushVapidKeysTable {
  id: number;
  public_key: string;
  private_key: string;
  created_at: number;
}

/** A report filed by a user about an account (moderation/reports*.ts). */
export interface ReportsTable {
  id: number;
  account_id: number;
  target_account_id: number;
  category: string; // spam | legal | violation | other
  comment: string;
  forwarded: number;
  /** JSON list of status ids (strings). */
  status_ids: string;
  /** JSON list of rule ids (strings), or null when none is cited. */
  rule_ids: string | null;
  assigned_account_id: number | null;
  /** Set while resolved. */
  action_taken_at: number | null;
  action_taken_by_account_id: number | null;
  created_at: number;
  updated_at: number;
}

/** An instance rule (moderation/rules*.ts); deleted rules keep their row for old reports. */
export interface RulesTable {
  id: number;
  text: string;
  hint: string;
  priority: number;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

/** A post waiting for its time (scheduled/). `params` is the post as asked, in JSON. */
export interface ScheduledStatusesTable {
  id: number;
  account_id: number;
  app_id: number | null;
  scheduled_at: number;
  params: string;
  idempotency: string | null;
  claimed_at: number | null;
  created_at: number;
}

export interface ScheduledStatusMediaTable {
  scheduled_status_id: number;
  media_id: number;
}

/** Announcements (announcements/): staff news; `mentions` and `tags` are JSON. */
export interface AnnouncementsTable {
  id: number;
  text: string;
  content: string;
  mentions: string;
  tags: string;
  starts_at: number | null;
  ends_at: number | null;
  all_day: number;
  published: number;
  published_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface AnnouncementReadsTable {
  announcement_id: number;
  account_id: number;
}

/** One account's reaction (a unicode emoji) to an announcement. */
export interface AnnouncementReactionsTable {
  announcement_id: number;
  account_id: number;
  name: string;
  created_at: number;
}

/** Domains an account blocked (accounts/domain-blocks.ts); no effect while every account is local. */
export interface AccountDomainBlocksTable {
  id: number;
  account_id: number;
  domain: string;
  created_at: number;
}

/** Keyword filters (filters/): a filter, its keywords and its statuses. */
export interface FiltersTable {
  id: number;
  account_id: number;
  title: string;
  /** Comma-separated contexts: home, notifications, public, thread, account. */
  context: string;
  /** warn, hide or blur. */
  action: string;
  expires_at: number | null;
  created_at: number;
}

/** Invite links (Sirb extension of Mastodon's web-only invites): sign up when closed, unapproved. */
export interface InvitesTable {
  id: number;
  account_id: number;
  code: string;
  max_uses: number | null;
  uses: Generated<number>;
  expires_at: number | null;
  created_at: number;
}

export interface FilterKeywordsTable {
  id: number;
  filter_id: number;
  keyword: string;
  whole_word: number;
}

export interface FilterStatusesTable {
  id: number;
  filter_id: number;
  status_id: number;
}

/** An address the account signed in or used a token from (Mastodon's user_ips), at most hourly. */
export interface AccountIpsTable {
  account_id: number;
  ip: string;
  used_at: number;
}

/** A moderator's action on an account with its text (Mastodon's AccountWarning). */
export interface AccountWarningsTable {
  id: number;
  /** The moderator. */
  account_id: number;
  target_account_id: number;
  action: string;
  text: string;
  report_id: number | null;
  created_at: number;
}

export interface CanonicalEmailBlocksTable {
  id: number;
  /** SHA-256 (hex) of the canonical address (lower case, no dots or +tag in the local part). */
  canonical_email_hash: string;
  reference_account_id: number | null;
  created_at: number;
}

export interface EmailDomainBlocksTable {
  id: number;
  domain: string;
  created_at: number;
}

export interface IpBlocksTable {
  id: number;
  /** Normalised CIDR. */
  ip: string;
  severity: string; // sign_up_requires_approval | sign_up_block | no_access
  comment: string;
  expires_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A mass suspension or unsuspension and its progress (moderation/bulk-actions.ts). */
export interface BulkActionsTable {
  id: number;
  /** The staff member who started it. */
  account_id: number;
  type: string; // suspend | unsuspend
  state: string; // running | finished | failed
  total: number;
  done: number;
  failed: number;
  reason: string | null;
  created_at: number;
  heartbeat_at: number;
  finished_at: number | null;
}

/** One-time links mailed to a person: 'confirm' (sign-up) or 'reset' (password). */
export interface EmailTokensTable {
  token_hash: string;
  account_id: number;
  purpose: string;
  expires_at: number;
  created_at: number;
}

/** An account's TOTP secret (sealed); enabled once a first code confirmed it. */
export interface TwoFactorTable {
  account_id: number;
  secret_sealed: string;
  enabled_at: number | null;
  last_step: number | null;
  created_at: number;
}

export interface TwoFactorRecoveryCodesTable {
  account_id: number;
  code_hash: string;
  used_at: number | null;
}

export interface PollsTable {
  id: number;
  status_id: number;
  account_id: number;
  expires_at: number;
  multiple: number;
  hide_totals: number;
  /** JSON array of the option titles. */
  options: string;
  /** JSON array of each option's vote count, in the options' order. */
  tallies: string;
  votes_count: number;
  voters_count: number;
  /** When voters and the author were told it ended (null: not yet). */
  notified_at: number | null;
  created_at: number;
}

export interface PollVotesTable {
  id: number;
  poll_id: number;
  status_id: number;
  account_id: number;
  choice: number;
  created_at: number;
}

// One table per line, in no particular order (branches add theirs at the top).
/** The account pinned its own status to its profile (at most five). */
export interface StatusPinsTable {
  id: number;
  account_id: number;
  status_id: number;
  created_at: number;
}

/** The account endorses (features) an account it follows on its profile. */
export interface AccountPinsTable {
  id: number;
  account_id: number;
  target_account_id: number;
  created_at: number;
}

/** A hashtag the account features on its profile. */
export interface FeaturedTagsTable {
  id: number;
  account_id: number;
  tag_id: number;
  /** As the owner wrote it, without '#'. */
  name: string;
  created_at: number;
}

/** The account's private note about another account (Relationship.note). */
export interface AccountNotesTable {
  account_id: number;
  target_account_id: number;
  comment: string;
  updated_at: number;
}

/** A list of accounts the owner follows (issue 12): its own timeline and stream. */
export interface ListsTable {
  id: number;
  account_id: number;
  title: string;
  /** Which replies show: 'followed', 'list' or 'none' (Mastodon's replies_policy). */
  replies_policy: string;
  /** 1: the members' posts leave the owner's home timeline. */
  exclusive: number;
  created_at: number;
}

export interface ListAccountsTable {
  /** Time-sortable (newId), the cursor of the members' pages. */
  id: number;
  list_id: number;
  account_id: number;
}

/** The account follows the hashtag: its public posts join the account's home. */
export interface TagFollowsTable {
  id: number;
  account_id: number;
  tag_id: number;
  created_at: number;
}

/** A link's preview card (src/cards/), cached by its URL. */
export interface PreviewCardsTable {
  id: number;
  url: string;
  /** The PreviewCard entity as JSON. */
  data: string;
  fetched_at: number;
}

/** The card a status shows (its first link's). */
export interface StatusCardsTable {
  status_id: number;
  card_id: number;
}

export interface Database {
  preview_cards: PreviewCardsTable;
  status_cards: StatusCardsTable;
  polls: PollsTable;
  poll_votes: PollVotesTable;
  account_conversations: AccountConversationsTable;
  account_conversation_statuses: AccountConversationStatusesTable;
  notification_policies: NotificationPoliciesTable;
  notification_requests: NotificationRequestsTable;
  notification_permissions: NotificationPermissionsTable;
  scheduled_statuses: ScheduledStatusesTable;
  scheduled_status_media: ScheduledStatusMediaTable;
  push_subscriptions: PushSubscriptionsTable;
  push_vapid_keys: PushVapidKeysTable;
  reports: ReportsTable;
  rules: RulesTable;
  filters: FiltersTable;
  filter_keywords: FilterKeywordsTable;
  filter_statuses: FilterStatusesTable;
  account_ips: AccountIpsTable;
  account_warnings: AccountWarningsTable;
  canonical_email_blocks: CanonicalEmailBlocksTable;
  email_domain_blocks: EmailDomainBlocksTable;
  ip_blocks: IpBlocksTable;
  bulk_actions: BulkActionsTable;
  invites: InvitesTable;
  email_tokens: EmailTokensTable;
  two_factor: TwoFactorTable;
  two_factor_recovery_codes: TwoFactorRecoveryCodesTable;
  admin_action_logs: AdminActionLogsTable;
  media_attachments: MediaAttachmentsTable;
  accounts: AccountsTable;
  apps: AppsTable;
  oauth_codes: OauthCodesTable;
  tokens: TokensTable;
  statuses: StatusesTable;
  status_mentions: StatusMentionsTable;
  tags: TagsTable;
  status_tags: StatusTagsTable;
  status_links: StatusLinksTable;
  follows: FollowsTable;
  follow_requests: FollowRequestsTable;
  blocks: BlocksTable;
  mutes: MutesTable;
  conversation_mutes: ConversationMutesTable;
  favourites: FavouritesTable;
  bookmarks: BookmarksTable;
  notifications: NotificationsTable;
  markers: MarkersTable;
  idempotency_keys: IdempotencyKeysTable;
  status_edits: StatusEditsTable;
  status_pins: StatusPinsTable;
  account_pins: AccountPinsTable;
  featured_tags: FeaturedTagsTable;
  account_notes: AccountNotesTable;
  lists: ListsTable;
  list_accounts: ListAccountsTable;
  tag_follows: TagFollowsTable;
  announcements: AnnouncementsTable;
  announcement_reads: AnnouncementReadsTable;
  announcement_reactions: AnnouncementReactionsTable;
  account_domain_blocks: AccountDomainBlocksTable;
  fanout_backlog: FanoutBacklogTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type AppRow = Selectable<AppsTable>;
export type TokenRow = Selectable<TokensTable>;
export type StatusRow = Selectable<StatusesTable>;
export type PollRow = Selectable<PollsTable>;
export type NewStatus = Insertable<StatusesTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type TagRow = Selectable<TagsTable>;
export type MediaRow = Selectable<MediaAttachmentsTable>;
export type StatusEditRow = Selectable<StatusEditsTable>;
export type ReportRow = Selectable<ReportsTable>;
export type RuleRow = Selectable<RulesTable>;
