// Everything the app needs, wired once at start-up. Each service gets only what it uses.
import type { Config } from './config.js';
import { openDatabase, migrateToLatest, type Db } from './db/database.js';
import { LocalEventBus, RedisEventBus, guardedPublisher, type EventBus } from './events.js';
import { CardService, DEFAULT_LIMITS as CARD_LIMITS } from './cards/service.js';
import { CardImages } from './cards/images.js';
import { unitOfWork, type Write } from './db/unit-of-work.js';
import { openRedis, type RedisHandle } from './db/redis.js';
import { MemoryRateLimitStore, RedisRateLimitStore, type RateLimitStore } from './http/rate-limit.js';
import { FallbackRateLimitStore } from './http/rate-limit-fallback.js';
import { GuardedFeedCache } from './timelines/guarded-feed-cache.js';
import { FanoutBacklog } from './timelines/fanout-backlog.js';
import { recoverFromRedisOutages } from './db/redis-recovery.js';
import { AccountService } from './accounts/service.js';
import { FollowRequestService } from './accounts/follow-requests.js';
import { BlockMuteService } from './accounts/block-mute-service.js';
import { OAuthService } from './oauth/service.js';
import { PostService } from './posts/service.js';
import { EditService } from './posts/edits.js';
import { StatusPresenter } from './posts/presenter.js';
import type { RenderCache } from './posts/render-cache.js';
import { SqlTimelineStore, type TimelineStore } from './timelines/store.js';
import { CachedTimelineStore, HOME_CAP } from './timelines/cached-store.js';
import { MemoryFeedCache } from './timelines/feed-cache.js';
import { RedisFeedCache } from './timelines/redis-feed-cache.js';
import { HomeFanout } from './timelines/fanout.js';
import { TimelineService } from './timelines/service.js';
import { NotificationService } from './notifications/service.js';
import { SearchService } from './search/service.js';
import { TrendService } from './trends/service.js';
import { MarkerService } from './markers/service.js';
import { StreamingHub } from './streaming/hub.js';
import { MediaService } from './media/service.js';
import { MediaLinkSigner } from './media/signed-links.js';
import { VisibilityService } from './visibility/service.js';
import { PushService } from './push/service.js';
import { ScheduledStatusService } from './scheduled/service.js';
import { ScheduledPublisher } from './scheduled/publisher.js';
import { ReportService } from './moderation/reports.js';
import { ReportPresenter } from './moderation/reports-presenter.js';
import { RuleService } from './moderation/rules.js';
import { FilterService } from './filters/service.js';
import { ActiveFilters } from './filters/active.js';
import { AccountIpRecorder } from './accounts/ips.js';
import { AdminAccountService } from './moderation/admin-accounts.js';
import { AdminBlockService } from './moderation/admin-blocks.js';
import { SUSPENSION_PACE, SuspensionEngine } from './moderation/suspension.js';
import { sendModerationWarning } from './mail/index.js';
import { BulkActions } from './moderation/bulk-actions.js';
import path from 'node:path';
import { createMailer, type Mailer } from './mail/mailer.js';
import { TwoFactor } from './oauth/two-factor.js';
import { privateDir } from './lib/private-files.js';
import { PollService } from './polls/service.js';
import { PollExpiryNotifier } from './polls/expiry.js';
import { ConversationService } from './conversations/service.js';
import { GroupedNotificationService } from './notifications/grouped.js';
import { NotificationRequestService } from './notifications/requests.js';
import { ListService } from './lists/service.js';
import { TagFollowService } from './tags/follows.js';

export interface AppContext {
  config: Config;
  db: Db;
  clock: () => number;
  events: EventBus;
  /** Every write that others must hear of: one transaction, its events published after commit. */
  write: Write;
  /** Link preview cards (cards/): fetched after a post is created, shown in its `card`. */
  cards: CardService;
  rateLimits: RateLimitStore;
  timelineStore: TimelineStore;
  oauth: OAuthService;
  accounts: AccountService;
  /** A locked account's waiting followers (authorize, reject) and remove_from_followers. */
  followRequests: FollowRequestService;
  /** Blocks, mutes and conversation mutes (what they hide is visibility's). */
  blocksMutes: BlockMuteService;
  posts: PostService;
  /** Status edits, their history and source (posts/edits.ts). */
  edits: EditService;
  timelines: TimelineService;
  notifications: NotificationService;
  search: SearchService;
  trends: TrendService;
  markers: MarkerService;
  streaming: StreamingHub;
  media: MediaService;
  /** Who may see what (visibility/): every read and delivery asks it. */
  visibility: VisibilityService;
  /** Reports filed by users and handled by staff (moderation/reports.ts). */
  reports: ReportService;
  /** Instance rules (moderation/rules.ts). */
  rules: RuleService;
  /** Rendered statuses, accounts and viewers' marks (posts/render-cache.ts), for /metrics. */
  renderCache: RenderCache;
  /** Keyword filters: the API (filters/service.ts) and applying them where statuses show (active.ts). */
  filters: FilterService;
  /** Lists and their timelines (lists/), followed hashtags (tags/follows.ts). */
  lists: ListService;
  tagFollows: TagFollowService;
  activeFilters: ActiveFilters;
  /** Suspends and unsuspends sets of accounts (moderation/suspension.ts). */
  suspension: SuspensionEngine;
  /** Mass suspensions running in the background (moderation/bulk-actions.ts). */
  bulkActions: BulkActions;
  /** Present in scale-out mode (REDIS_URL). */
  redis?: RedisHandle;
  fanout: HomeFanout;
  /** Web Push subscriptions and delivery of notifications to them. */
  push: PushService;
  /** Posts kept until their time (scheduled_at), and the publisher that posts them. */
  scheduled: ScheduledStatusService;
  scheduledPublisher: ScheduledPublisher;
  /** Polls (polls/): votes, and the notifier that tells voters when one ends. */
  polls: PollService;
  pollExpiry: PollExpiryNotifier;
  /** Addresses accounts use (accounts/ips.ts), for the admin account view. */
  accountIps: AccountIpRecorder;
  /** The admin accounts API: moderators' actions on accounts (moderation/admin-accounts.ts). */
  adminAccounts: AdminAccountService;
  /** Email and IP blocks, and their enforcement (moderation/admin-blocks.ts). */
  adminBlocks: AdminBlockService;
  /** Outgoing email (mail/): null where SMTP_URL is unset. */
  mailer: Mailer | null;
  /** TOTP sign-in and recovery codes (oauth/two-factor.ts). */
  twoFactor: TwoFactor;
  /** Direct conversations (conversations/). */
  conversations: ConversationService;
  /** Grouped notifications, API v2 (notifications/grouped.ts). */
  groupedNotifications: GroupedNotificationService;
  /** The notification policy and the requests it files (notifications/requests.ts). */
  notificationRequests: NotificationRequestService;
  close(): Promise<void>;
}

export interface ContextOptions {
  db?: Db;
  clock?: () => number;
}

export async function createContext(config: Config, options: ContextOptions = {}): Promise<AppContext> {
  const db = options.db ?? openDatabase(config);
  await migrateToLatest(db);
  const clock = options.clock ?? Date.now;
  const k = db.kysely;
  // Scale-out mode: events, rate limits and home timelines shared through Redis.
  // Every Redis call goes through its circuit breaker (db/redis-breaker.ts): without Redis each
  // falls back (home from SQL, rate limits in memory, events in this process).
  const redis = config.redisUrl ? openRedis(config.redisUrl, config.redisPrefix, config.redisBreaker) : undefined;
  const redisBus = redis ? new RedisEventBus(guardedPublisher(redis.client, redis.guard), redis.subscriber, redis.key('events')) : undefined;
  const events: EventBus = redisBus ?? new LocalEventBus();
  const write = unitOfWork(k, events);
  const visibility = new VisibilityService(k, clock);
  const sqlTimelines = new SqlTimelineStore(k, clock);
  // Home feeds: in Redis when there is one (shared by all processes), else in this process.
  const feeds = redis ? new GuardedFeedCache(new RedisFeedCache(redis.client, redis.key, HOME_CAP), redis.guard) : new MemoryFeedCache(HOME_CAP);
  const cachedTimelines = new CachedTimelineStore(k, feeds, sqlTimelines, () => redis?.breaker.fellBack('home'));
  const fanout = new HomeFanout(k, feeds, visibility);
  fanout.start(events);
  const stopRedisRecovery = redis ? recoverFromRedisOutages(redis, fanout, new FanoutBacklog(k, clock), redisBus!) : () => {};
  // The data and media directories are the app's alone (0700), tightened if an older install
  // left them open (lib/private-files.ts).
  privateDir(config.dataDir);
  privateDir(path.join(config.dataDir, 'media'));
  const media = new MediaService(k, path.join(config.dataDir, 'media'), () => config.publicUrl, clock, write, MediaLinkSigner.fromDataDir(config.dataDir), visibility);
  // Old unattached uploads go hourly (every process collects; each row is deleted by one).
  const stopCollecting = media.startCollecting(3600_000, (error) => console.error('media garbage collection failed:', error));
  const presenter = new StatusPresenter(k, config.publicUrl, media);
  const stopRenderCache = presenter.cache.attach(events);
  const suspension = new SuspensionEngine(k, write, feeds, clock, SUSPENSION_PACE[db.dialect]);
  const accounts = new AccountService(k, config, write, clock, suspension);
  accounts.cachedWhileAway = (id) => presenter.cache.stale('account', id)?.row;
  const timelineStore: TimelineStore = cachedTimelines;
  const activeFilters = new ActiveFilters(k, clock);
  const stopFilters = activeFilters.attach(events);
  const reportPresenter = new ReportPresenter(k, config.publicUrl, presenter);
  const notifications = new NotificationService(k, presenter, accounts, visibility, clock, reportPresenter, activeFilters);
  const posts = new PostService(k, config, write, presenter, media, visibility, clock);
  const polls = new PollService(k, write, posts, clock);
  const trends = new TrendService(k, config.publicUrl, clock);
  // Trends are cached for a while; a tag pushed up by accounts just (un)suspended moves at once.
  const stopTrendEvents = events.subscribe((event) => {
    if (event.type === 'accounts.suspended' || event.type === 'accounts.unsuspended') trends.invalidate();
  });
  const bulkActions = new BulkActions(k, suspension, clock);
  const conversations = new ConversationService(k, write, presenter, accounts, visibility);
  const streaming = new StreamingHub(k, events, presenter, notifications, visibility, { limits: config.streamLimits, clock, filters: activeFilters, conversations });
  const push = new PushService(k, config, notifications, clock);
  push.start(events);
  const scheduledPublisher = new ScheduledPublisher(k, posts, clock);
  scheduledPublisher.start();
  const pollExpiry = new PollExpiryNotifier(k, write, clock);
  pollExpiry.start();
  const cards = new CardService(k, write, { ...CARD_LIMITS, timeoutMs: config.cardsTimeoutMs, allowed: new Set(config.cardsAllowedOrigins), pinned: new Map(Object.entries(config.cardsResolve)) }, new CardImages(path.join(config.dataDir, 'card-images')), config.publicUrl, clock);
  const stopCards = cards.start(events);
  const mailer = createMailer(config);
  return {
    config,
    db,
    clock,
    events,
    write,
    cards,
    rateLimits: redis
      ? new FallbackRateLimitStore(new RedisRateLimitStore(redis.client, (...parts) => redis.key(...parts)), redis.guard, () => redis.breaker.fellBack('rate_limit'))
      : new MemoryRateLimitStore(),
    timelineStore,
    oauth: new OAuthService(k, clock, events, write),
    accounts,
    followRequests: new FollowRequestService(k, write, accounts, clock),
    posts,
    edits: new EditService(k, config, write, posts, media, polls, clock),
    scheduled: new ScheduledStatusService(k, posts, media, clock),
    scheduledPublisher,
    polls,
    pollExpiry,
    blocksMutes: new BlockMuteService(k, write, accounts, posts, clock),
    timelines: new TimelineService(timelineStore, presenter, accounts),
    notifications,
    conversations,
    groupedNotifications: new GroupedNotificationService(k, notifications, accounts, clock),
    notificationRequests: new NotificationRequestService(k, write, presenter, accounts, visibility, clock),
    streaming,
    media,
    visibility,
    reports: new ReportService(k, write, visibility, reportPresenter, clock),
    rules: new RuleService(k, write, clock),
    redis,
    fanout,
    push,
    mailer,
    // The issuer names the server in authenticator apps; a colon would split the URI's label.
    twoFactor: TwoFactor.fromDataDir(k, config.dataDir, `Sirb (${new URL(config.publicUrl).hostname.replace(/[:[\]]/g, '')})`, clock),
    renderCache: presenter.cache,
    filters: new FilterService(k, write, visibility, clock),
    lists: new ListService(k, write, accounts, presenter, sqlTimelines, clock),
    tagFollows: new TagFollowService(k, write, trends, clock),
    activeFilters,
    search: new SearchService(k, presenter, accounts, visibility),
    trends,
    suspension,
    bulkActions,
    markers: new MarkerService(k, clock),
    accountIps: new AccountIpRecorder(k, clock),
    adminAccounts: new AdminAccountService({
      db: k,
      write,
      accounts,
      publicUrl: config.publicUrl,
      clock,
      removeFiles: (names) => media.removeFiles(names),
      sendWarning: (accountId, text) => sendModerationWarning({ mailer, db, config, clock, write }, accountId, text),
    }),
    adminBlocks: new AdminBlockService(k, write, events, clock),
    close: async () => {
      stopCollecting();
      push.stop();
      await scheduledPublisher.stop();
      await pollExpiry.stop();
      stopTrendEvents();
      stopCards();
      await cards.idle();
      await bulkActions.stop();
      mailer?.close();
      streaming.close();
      stopRenderCache();
      stopFilters();
      fanout.stop();
      stopRedisRecovery();
      await fanout.drain();
      await redis?.close();
      await db.close();
    },
  };
}
