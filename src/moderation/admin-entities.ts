// Response schemas of the admin accounts and blocks API (Mastodon's Admin:: entities), checked
// against every answer in tests (http/response-check.ts) and described in the OpenAPI document.
import { Type } from '@sinclair/typebox';
import { Account } from '../http/entities/index.js';
import { DateTime, Nullable } from '../http/entities/common.js';

const Role = Type.Object(
  { id: Type.String(), name: Type.String(), permissions: Type.String(), color: Type.String(), highlighted: Type.Boolean() },
  { additionalProperties: false },
);

export const AdminIp = Type.Object({ ip: Type.String(), used_at: DateTime }, { additionalProperties: false });

export const AdminAccount = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    domain: Type.Null(),
    created_at: DateTime,
    email: Type.String(),
    ip: Nullable(Type.String()),
    ips: Type.Array(AdminIp),
    locale: Type.String(),
    invite_request: Nullable(Type.String()),
    role: Role,
    confirmed: Type.Boolean(),
    approved: Type.Boolean(),
    disabled: Type.Boolean(),
    silenced: Type.Boolean(),
    suspended: Type.Boolean(),
    sensitized: Type.Boolean(),
    account: Type.Ref(Account),
    created_by_application_id: Type.Optional(Type.String()),
    invited_by_account_id: Type.Optional(Type.String()),
  },
  { additionalProperties: false, description: "Mastodon's Admin::Account" },
);

export const CanonicalEmailBlock = Type.Object(
  { id: Type.String(), canonical_email_hash: Type.String() },
  { additionalProperties: false, description: "Mastodon's Admin::CanonicalEmailBlock" },
);

const History = Type.Object({ day: Type.String(), accounts: Type.String(), uses: Type.String() }, { additionalProperties: false });

export const EmailDomainBlock = Type.Object(
  { id: Type.String(), domain: Type.String(), created_at: DateTime, history: Type.Array(History) },
  { additionalProperties: false, description: "Mastodon's Admin::EmailDomainBlock" },
);

export const IpBlock = Type.Object(
  {
    id: Type.String(),
    ip: Type.String(),
    severity: Type.String(),
    comment: Type.String(),
    created_at: DateTime,
    expires_at: Nullable(DateTime),
  },
  { additionalProperties: false, description: "Mastodon's Admin::IpBlock" },
);
