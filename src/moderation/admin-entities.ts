// Response schemas of the admin accounts and blocks API (Mastodon's Admin:: entities), checked
// against every answer in tests (http/response-check.ts) and described in the OpenAPI document.
import { Type } from '@sinclair/typebox';
import { Account } from '../http/entities/index.js';
import { DateTime, Nullable } from '../http/entities/common.js';
import { AdminAccount as AdminAccountEntity } from '../http/entities/admin-account.js';

const Role = Type.Object(
  { id: Type.String(), name: Type.String(), permissions: Type.String(), color: Type.String(), highlighted: Type.Boolean() },
  { additionalProperties: false },
);

export const AdminIp = Type.Object({ ip: Type.String(), used_at: DateTime }, { additionalProperties: false });

/** The one Admin::Account schema (http/entities/admin-account.ts), by reference. */
export const AdminAccount = Type.Ref(AdminAccountEntity);

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
