// Mastodon's Notification and Marker (notifications/service.ts, markers/service.ts).
import { Type } from '@sinclair/typebox';
import { Account } from './account.js';
import { DateTime } from './common.js';
import { Status } from './status.js';
import { Report } from './report.js';

export const Notification = Type.Object(
  {
    id: Type.String(),
    type: Type.String({ description: 'mention, follow, follow_request, favourite, reblog, admin.report…' }),
    created_at: DateTime,
    account: Type.Ref(Account),
    status: Type.Optional(Type.Ref(Status)),
    /** With `admin.report`: the report filed. */
    report: Type.Optional(Type.Ref(Report)),
    group_key: Type.String(),
  },
  { $id: 'Notification', additionalProperties: false },
);

const Marker = Type.Object({ last_read_id: Type.String(), version: Type.Integer(), updated_at: DateTime }, { additionalProperties: false });

/** Reading positions by timeline; a timeline never saved is absent. */
export const Markers = Type.Object(
  { home: Type.Optional(Marker), notifications: Type.Optional(Marker) },
  { $id: 'Markers', additionalProperties: false },
);
