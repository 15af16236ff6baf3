// The Mastodon entities of grouped notifications (API v2, Mastodon 4.3) and follow suggestions.
import type { Account, Status } from './types';

export interface NotificationGroup {
  group_key: string;
  notifications_count: number;
  type: string;
  most_recent_notification_id: string;
  latest_page_notification_at?: string;
  sample_account_ids: string[];
  status_id?: string;
}

export interface GroupedNotifications {
  accounts: Account[];
  statuses: Status[];
  notification_groups: NotificationGroup[];
}

export interface Suggestion {
  source: string;
  account: Account;
}

export interface TrendingTag {
  name: string;
  following?: boolean;
}
