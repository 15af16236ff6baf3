// Mastodon's Admin::Account (moderation/admin-account-presenter.ts renders it).
import { Type } from '@sinclair/typebox';
import { DateTime, Nullable } from './common.js';
import { Account } from './account.js';

const strict = { additionalProperties: false } as const;

export const AdminAccount = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    domain: Nullable(Type.String()),
    created_at: DateTime,
    email: Type.String(),
    ip: Nullable(Type.String()),
    ips: Type.Array(Type.Object({ ip: Type.String(), used_at: DateTime }, strict)),
    locale: Type.String(),
    invite_request: Nullable(Type.String()),
    role: Type.Object({ id: Type.String(), name: Type.String(), permissions: Type.String(), color: Type.String(), highlighted: Type.Boolean() }, strict),
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
  { $id: 'AdminAccount', ...strict },
);
