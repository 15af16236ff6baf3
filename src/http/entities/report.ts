// Mastodon's Rule, Report and Admin::Report, and Sirb's admin views of rules and of the audit
// log (moderation/reports-presenter.ts, rules.ts, audit-routes.ts render them).
import { Type } from '@sinclair/typebox';
import { DateTime, Nullable, OneOf } from './common.js';
import { Account } from './account.js';
import { AdminAccount } from './admin-account.js';
import { Status } from './status.js';

const strict = { additionalProperties: false } as const;

export const REPORT_CATEGORIES = ['spam', 'legal', 'violation', 'other'];

export const Rule = Type.Object({ id: Type.String(), text: Type.String(), hint: Type.String() }, { $id: 'Rule', ...strict });

/** Sirb extension (CONTRACTS.md): a rule as its editors see it. */
export const AdminRule = Type.Object(
  { id: Type.String(), text: Type.String(), hint: Type.String(), priority: Type.Integer(), created_at: DateTime, updated_at: DateTime },
  { $id: 'AdminRule', ...strict },
);

/** A report as its reporter sees it. */
export const Report = Type.Object(
  {
    id: Type.String(),
    action_taken: Type.Boolean(),
    action_taken_at: Nullable(DateTime),
    category: OneOf(REPORT_CATEGORIES),
    comment: Type.String(),
    forwarded: Type.Boolean(),
    created_at: DateTime,
    status_ids: Nullable(Type.Array(Type.String())),
    rule_ids: Nullable(Type.Array(Type.String())),
    target_account: Type.Ref(Account),
  },
  { $id: 'Report', ...strict },
);

const NullableAdminAccount = Type.Union([Type.Ref(AdminAccount), Type.Null()]);

export const AdminReport = Type.Object(
  {
    id: Type.String(),
    action_taken: Type.Boolean(),
    action_taken_at: Nullable(DateTime),
    category: OneOf(REPORT_CATEGORIES),
    comment: Type.String(),
    forwarded: Type.Boolean(),
    created_at: DateTime,
    updated_at: DateTime,
    account: Type.Ref(AdminAccount),
    target_account: Type.Ref(AdminAccount),
    assigned_account: NullableAdminAccount,
    action_taken_by_account: NullableAdminAccount,
    statuses: Type.Array(Type.Ref(Status)),
    rules: Type.Array(Type.Ref(Rule)),
  },
  { $id: 'AdminReport', ...strict },
);

/** Sirb extension (CONTRACTS.md): one entry of the moderators' audit log. */
export const ActionLog = Type.Object(
  {
    id: Type.String(),
    action: Type.String(),
    target_type: Type.String(),
    target_id: Type.String(),
    reason: Nullable(Type.String()),
    created_at: DateTime,
    account: Type.Union([Type.Ref(Account), Type.Null()], { description: 'the staff member who acted' }),
  },
  { $id: 'ActionLog', ...strict },
);
