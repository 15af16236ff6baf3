// What the composer sends besides a plain new post (that one goes through the outbox): an edit
// (PUT, answered with the updated status) and a scheduled post (answered with a
// ScheduledStatus, so it never enters the outbox, whose answers must be statuses).
import { api } from '../../api/client';
import type { Poll, PollParams, ScheduledStatus, Status } from '../../api/types';
import type { NewPost } from '../../state/outbox';

export interface PollDraft {
  options: string[];
  /** Seconds. */
  duration: number;
  multiple: boolean;
  hideTotals: boolean;
}

export const POLL_DURATIONS = [['m5', 300], ['m30', 1800], ['h1', 3600], ['h6', 21600], ['d1', 86400], ['d3', 259200], ['d7', 604800]] as const;

export function newPollDraft(): PollDraft {
  return { options: ['', ''], duration: 86400, multiple: false, hideTotals: false };
}

export function pollParams(draft: PollDraft): PollParams {
  return { options: draft.options.map((o) => o.trim()), expires_in: draft.duration, multiple: draft.multiple, hide_totals: draft.hideTotals };
}

export function pollReady(draft: PollDraft): boolean {
  return draft.options.length >= 2 && draft.options.every((o) => o.trim() !== '');
}

/**
 * The poll a post already has, to send back with an edit: PUT replaces the whole post, and the
 * server keeps the poll and its votes only when the same one comes back. Totals hidden shows as
 * null counts on a running poll.
 */
function existingPoll(poll: Poll | null | undefined): PollParams | null {
  if (!poll) return null;
  const left = poll.expires_at ? Math.round((Date.parse(poll.expires_at) - Date.now()) / 1000) : 86400;
  return {
    options: poll.options.map((o) => o.title),
    expires_in: Math.max(300, left),
    multiple: poll.multiple,
    hide_totals: !poll.expired && poll.options.some((o) => o.votes_count === null),
  };
}

export function saveEdit(original: Status, text: string, spoilerText: string): Promise<Status> {
  return api<Status>(`/api/v1/statuses/${original.id}`, {
    method: 'PUT',
    body: {
      status: text,
      spoiler_text: spoilerText,
      sensitive: original.sensitive,
      language: original.language,
      // Left out, the media and the poll would be removed: the edit changes only the text.
      media_ids: original.media_attachments.map((m) => m.id),
      poll: existingPoll(original.poll),
    },
  });
}

export function loadSource(id: string): Promise<{ text: string; spoiler_text: string }> {
  return api(`/api/v1/statuses/${id}/source`);
}

export function schedulePost(post: NewPost, scheduledAt: string): Promise<ScheduledStatus> {
  const key = typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
  return api<ScheduledStatus>('/api/v1/statuses', { method: 'POST', body: { ...post, scheduled_at: scheduledAt }, headers: { 'Idempotency-Key': key } });
}
