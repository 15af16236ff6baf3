// Every response entity, added to the app as a shared schema so routes can refer to them and
// the OpenAPI document describes each once (components.schemas, named by $id).
import type { FastifyInstance } from 'fastify';
import { ErrorEntity } from './common.js';
import { Account, CredentialAccount, Relationship } from './account.js';
import { Context, MediaAttachment, Status } from './status.js';
import { ScheduledStatus } from './scheduled-status.js';
import { Poll } from './poll.js';
import { Markers, Notification } from './notification.js';
import { SearchResults, Tag } from './tag.js';
import { Application, Token } from './oauth.js';
import { InstanceV1, InstanceV2, Preferences } from './instance.js';
import { ActionLog, AdminReport, AdminRule, Report, Rule } from './report.js';
import { AdminAccount } from './admin-account.js';
import { Filter, FilterKeyword, FilterResult, FilterStatus, V1Filter } from './filter.js';
import { List } from './list.js';
import { PreviewCard } from './preview-card.js';
import { StatusEdit, StatusSource } from './status-edit.js';
import { Conversation, GroupedNotificationsResults, NotificationPolicy, NotificationRequest, V1NotificationPolicy } from './conversation.js';

// One entity per line: branches that add entities then merge without conflicts.
export const ENTITIES = [
  ErrorEntity,
  Poll,
  PreviewCard,
  FilterKeyword,
  FilterStatus,
  Filter,
  FilterResult,
  V1Filter,
  Account,
  CredentialAccount,
  Relationship,
  MediaAttachment,
  Status,
  Context,
  Notification,
  Markers,
  Tag,
  SearchResults,
  Application,
  Token,
  Rule,
  InstanceV1,
  InstanceV2,
  Preferences,
  Report,
  AdminAccount,
  AdminReport,
  AdminRule,
  ActionLog,
  ScheduledStatus,
  StatusEdit,
  StatusSource,
  Conversation,
  GroupedNotificationsResults,
  NotificationPolicy,
  V1NotificationPolicy,
  NotificationRequest,
  List,
];

export function addEntitySchemas(app: FastifyInstance): void {
  for (const entity of ENTITIES) app.addSchema(entity);
}

export { ScheduledStatus };
export { StatusEdit, StatusSource };
export { Poll };
export { List };
export { PreviewCard };
export { Account, CredentialAccount, Relationship, Context, MediaAttachment, Status, Markers, Notification, SearchResults, Tag, Application, Token, InstanceV1, InstanceV2, Preferences };
export { Filter, FilterKeyword, FilterResult, FilterStatus, V1Filter };
export { EncodedStatusList, StatusList } from './status.js';
export { EmptyList, EmptyObject, ErrorEntity } from './common.js';
export { Rules } from './instance.js';
export { ActionLog, AdminReport, AdminRule, Report, Rule, REPORT_CATEGORIES } from './report.js';
export { AdminAccount } from './admin-account.js';
export { Conversation, GroupedNotificationsResults, NotificationPolicy, NotificationRequest, V1NotificationPolicy } from './conversation.js';
