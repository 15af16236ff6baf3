// Mastodon's Announcement entity from a row, its reaction counts and (for a signed-in viewer)
// whether that viewer read it and which reactions are theirs.
import type { AnnouncementRow, ReactionCount } from './store.js';

export interface ReactionJson {
  name: string;
  count: number;
  me?: boolean;
}

export interface AnnouncementJson {
  id: string;
  content: string;
  starts_at: string | null;
  ends_at: string | null;
  all_day: boolean;
  published_at: string;
  updated_at: string;
  read?: boolean;
  mentions: { id: string; username: string; url: string; acct: string }[];
  statuses: { id: string; url: string }[];
  tags: { name: string; url: string }[];
  emojis: never[];
  reactions: ReactionJson[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export interface ViewerState {
  read: Set<number>;
  /** `announcementId:name` of the viewer's reactions. */
  reacted: Set<string>;
}

/**
 * Without a viewer (the payload streamed to everyone, as Mastodon sends it) there is no `read`
 * and every `me` is false.
 */
export function presentAnnouncement(row: AnnouncementRow, counts: ReactionCount[], viewer?: ViewerState): AnnouncementJson {
  const id = Number(row.id);
  const startsAt = iso(row.starts_at);
  const endsAt = iso(row.ends_at);
  const json: AnnouncementJson = {
    id: String(row.id),
    content: row.content,
    starts_at: startsAt,
    ends_at: endsAt,
    // Mastodon: false unless the announcement has a start or an end.
    all_day: row.all_day === 1 && (startsAt !== null || endsAt !== null),
    published_at: iso(row.published_at ?? row.created_at)!,
    updated_at: iso(row.updated_at)!,
    mentions: JSON.parse(row.mentions) as AnnouncementJson['mentions'],
    // Sirb renders no status links specially (there is no remote status to resolve).
    statuses: [],
    tags: JSON.parse(row.tags) as AnnouncementJson['tags'],
    // No custom emoji on Sirb.
    emojis: [],
    reactions: counts
      .filter((c) => c.announcement_id === id)
      .map((c) => ({ name: c.name, count: c.count, me: viewer ? viewer.reacted.has(`${id}:${c.name}`) : false })),
  };
  if (viewer) json.read = viewer.read.has(id);
  return json;
}
