// Mastodon's Instance (v1 and v2) and Preferences (instance/routes.ts).
import { Type } from '@sinclair/typebox';
import { Account } from './account.js';
import { Nullable } from './common.js';
import { Rule } from './report.js';

const strict = { additionalProperties: false } as const;
const counts = <K extends string>(keys: K[]) => Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Integer()])) as Record<K, ReturnType<typeof Type.Integer>>, strict);

/** What clients need to know of this server's limits; the same in v1 and v2. */
export const InstanceConfiguration = Type.Object(
  {
    urls: Type.Object({ streaming: Type.String(), status: Type.Optional(Type.String({ description: "Sirb's status page (absent while the status service is known to be down)" })) }, strict),
    accounts: counts(['max_featured_tags', 'max_pinned_statuses']),
    statuses: counts(['max_characters', 'max_media_attachments', 'characters_reserved_per_url']),
    media_attachments: Type.Object(
      {
        supported_mime_types: Type.Array(Type.String()),
        image_size_limit: Type.Integer(),
        image_matrix_limit: Type.Integer(),
        video_size_limit: Type.Integer(),
        video_frame_rate_limit: Type.Integer(),
        video_matrix_limit: Type.Integer(),
      },
      strict,
    ),
    polls: counts(['max_options', 'max_characters_per_option', 'min_expiration', 'max_expiration']),
    translation: Type.Object({ enabled: Type.Boolean() }, strict),
    /** v2 only: the server's Web Push key. */
    vapid: Type.Optional(Type.Object({ public_key: Type.String() }, strict)),
  },
  strict,
);

export const InstanceV2 = Type.Object(
  {
    domain: Type.String(),
    title: Type.String(),
    version: Type.String(),
    source_url: Type.String(),
    description: Type.String(),
    usage: Type.Object({ users: Type.Object({ active_month: Type.Integer() }, strict) }, strict),
    thumbnail: Type.Object({ url: Type.String() }, strict),
    languages: Type.Array(Type.String()),
    configuration: InstanceConfiguration,
    registrations: Type.Object(
      {
        enabled: Type.Boolean(),
        approval_required: Type.Boolean(),
        reason_required: Nullable(Type.Boolean()),
        message: Nullable(Type.String()),
        url: Nullable(Type.String()),
      },
      strict,
    ),
    contact: Type.Object({ email: Type.String(), account: Type.Union([Type.Ref(Account), Type.Null()]) }, strict),
    rules: Type.Array(Type.Ref(Rule)),
    api_versions: Type.Object({ mastodon: Type.Integer({ description: "Mastodon 4.3's API version 2: grouped notifications and the rest of 4.3's API exist" }) }, strict),
    status_page_url: Type.Optional(Type.String({ description: "Sirb's status page (not a Mastodon field; absent while the status service is known to be down)" })),
  },
  { $id: 'InstanceV2', ...strict },
);

export const InstanceV1 = Type.Object(
  {
    uri: Type.String(),
    title: Type.String(),
    short_description: Type.String(),
    description: Type.String(),
    email: Type.String(),
    version: Type.String(),
    urls: Type.Object({ streaming_api: Type.String() }, strict),
    stats: counts(['user_count', 'status_count', 'domain_count']),
    thumbnail: Type.String(),
    languages: Type.Array(Type.String()),
    registrations: Type.Boolean(),
    approval_required: Type.Boolean(),
    invites_enabled: Type.Boolean(),
    configuration: InstanceConfiguration,
    contact_account: Type.Union([Type.Ref(Account), Type.Null()]),
    rules: Type.Array(Type.Ref(Rule)),
  },
  { $id: 'InstanceV1', ...strict },
);

export const Rules = Type.Array(Type.Ref(Rule));

export const Preferences = Type.Object(
  {
    'posting:default:visibility': Type.String(),
    'posting:default:sensitive': Type.Boolean(),
    'posting:default:language': Nullable(Type.String()),
    'reading:expand:media': Type.String(),
    'reading:expand:spoilers': Type.Boolean(),
  },
  { $id: 'Preferences', ...strict },
);
