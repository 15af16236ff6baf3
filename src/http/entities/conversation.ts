// Mastodon's Conversation, grouped notifications (GroupedNotificationsResults), NotificationPolicy
// (v2 and v1) and NotificationRequest (conversations/, notifications/).
import { Type } from '@sinclair/typebox';
import { Account } from './account.js';
import { DateTime } from './common.js';
import { Status } from './status.js';
import { Report } from './report.js';

export const Conversation = Type.Object(
  {
    id: Type.String(),
    unread: Type.Boolean(),
    accounts: Type.Array(Type.Ref(Account)),
    last_status: Type.Union([Type.Ref(Status), Type.Null()]),
  },
  { $id: 'Conversation', additionalProperties: false },
);

const NotificationGroup = Type.Object(
  {
    group_key: Type.String(),
    notifications_count: Type.Integer(),
    type: Type.String(),
    most_recent_notification_id: Type.String(),
    page_min_id: Type.Optional(Type.String()),
    page_max_id: Type.Optional(Type.String()),
    latest_page_notification_at: Type.Optional(DateTime),
    sample_account_ids: Type.Array(Type.String()),
    status_id: Type.Optional(Type.String()),
    report: Type.Optional(Type.Ref(Report)),
  },
  { additionalProperties: false },
);

const PartialAccountWithAvatar = Type.Object(
  { id: Type.String(), acct: Type.String(), locked: Type.Boolean(), bot: Type.Boolean(), url: Type.String(), avatar: Type.String(), avatar_static: Type.String() },
  { additionalProperties: false },
);

export const GroupedNotificationsResults = Type.Object(
  {
    accounts: Type.Array(Type.Ref(Account)),
    partial_accounts: Type.Optional(Type.Array(PartialAccountWithAvatar)),
    statuses: Type.Array(Type.Ref(Status)),
    notification_groups: Type.Array(NotificationGroup),
  },
  { $id: 'GroupedNotificationsResults', additionalProperties: false },
);

const PolicyValue = Type.Union([Type.Literal('accept'), Type.Literal('filter'), Type.Literal('drop')]);
const Summary = Type.Object({ pending_requests_count: Type.Integer(), pending_notifications_count: Type.Integer() }, { additionalProperties: false });

export const NotificationPolicy = Type.Object(
  {
    for_not_following: PolicyValue,
    for_not_followers: PolicyValue,
    for_new_accounts: PolicyValue,
    for_private_mentions: PolicyValue,
    for_limited_accounts: PolicyValue,
    summary: Summary,
  },
  { $id: 'NotificationPolicy', additionalProperties: false },
);

/** API v1's view of the policy: whether each kind of sender is held back at all. */
export const V1NotificationPolicy = Type.Object(
  {
    filter_not_following: Type.Boolean(),
    filter_not_followers: Type.Boolean(),
    filter_new_accounts: Type.Boolean(),
    filter_private_mentions: Type.Boolean(),
    summary: Summary,
  },
  { $id: 'V1NotificationPolicy', additionalProperties: false },
);

export const NotificationRequest = Type.Object(
  {
    id: Type.String(),
    created_at: DateTime,
    updated_at: DateTime,
    account: Type.Ref(Account),
    notifications_count: Type.String(),
    last_status: Type.Optional(Type.Ref(Status)),
  },
  { $id: 'NotificationRequest', additionalProperties: false },
);
