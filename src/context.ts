// Everything the app needs, wired once at start-up. Each service gets only what it uses.
import type { Config } from './config.js';
import { openDatabase, migrateToLatest, type Db } from './db/database.js';
import { LocalEventBus, RedisEventBus, type EventBus } from './events.js';
import { unitOfWork, type Write } from './db/unit-of-work.js';
import { openRedis, type RedisHandle } from './db/redis.js';
import { MemoryRateLimitStore, RedisRateLimitStore, type RateLimitStore } from './http/rate-limit.js';
import { AccountService } from './accounts/service.js';
import { FollowRequestService } from './accounts/follow-requests.js';
import { BlockMuteService } from './accounts/block-mute-service.js';
import { OAuthService } from './oauth/service.js';
import { PostService } from './posts/service.js';
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
import { FilterService } from './filters/service.js';
import { ActiveFilters } from './filters/active.js';
import { ReportService } from './moderation/reports.js';
import { ReportPresenter } from './moderation/reports-presenter.js';
import { RuleService } from './moderation/rules.js';
import path from 'node:path';
import { privateDir } from './lib/private-files.js';

export interface AppContext {
  config: Config;
  db: Db;
  clock: () => number;
  events: EventBus;
  /** Every write that others must hear of: one transaction, its events published after commit. */
  write: Write;
  rateLimits: RateLimitStore;
  timelineStore: TimelineStore;
  oauth: OAuthService;
  accounts: AccountService;
  /** A locked account's waiting followers (authorize, reject) and remove_from_followers. */
  followRequests: FollowRequestService;
  /** Blocks, mutes and conversation mutes (what they hide is visibility's). */
  blocksMutes: BlockMuteService;
  posts: PostService;
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
  activeFilters: ActiveFilters;
  /** Present in scale-out mode (REDIS_URL). */
  redis?: RedisHandle;
  fanout: HomeFanout;
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
  const redis = config.redisUrl ? openRedis(config.redisUrl, config.redisPrefix) : undefined;
  const events: EventBus = redis ? new RedisEventBus(redis.client, redis.subscriber, redis.key('events')) : new LocalEventBus();
  const write = unitOfWork(k, events);
  const visibility = new VisibilityService(k, clock);
  const sqlTimelines = new SqlTimelineStore(k, clock);
  // Home feeds: in Redis when there is one (shared by all processes), else in this process.
  const feeds = redis ? new RedisFeedCache(redis.client, redis.key, HOME_CAP) : new MemoryFeedCache(HOME_CAP);
  const cachedTimelines = new CachedTimelineStore(k, feeds, sqlTimelines);
  const fanout = new HomeFanout(k, feeds, visibility);
  fanout.start(events);
  // The data and media directories are the app's alone (0700), tightened if an older install
  // left them open (lib/private-files.ts).
  privateDir(config.dataDir);
  privateDir(path.join(config.dataDir, 'media'));
  const media = new MediaService(k, path.join(config.dataDir, 'media'), () => config.publicUrl, clock, write, MediaLinkSigner.fromDataDir(config.dataDir), visibility);
  // Old unattached uploads go hourly (every process collects; each row is deleted by one).
  const stopCollecting = media.startCollecting(3600_000, (error) => console.error('media garbage collection failed:', error));
  const presenter = new StatusPresenter(k, config.publicUrl, media);
  const stopRenderCache = presenter.cache.attach(events);
  const accounts = new AccountService(k, config, write, clock);
  const timelineStore: TimelineStore = cachedTimelines;
  const activeFilters = new ActiveFilters(k, clock);
  const stopFilters = activeFilters.attach(events);
  const reportPresenter = new ReportPresenter(k, config.publicUrl, presenter);
  const notifications = new NotificationService(k, presenter, accounts, visibility, clock, activeFilters, reportPresenter);
  const posts = new PostService(k, config, write, presenter, media, visibility, clock);
  const streaming = new StreamingHub(k, events, presenter, notifications, visibility, { limits: config.streamLimits, clock, filters: activeFilters });
  return {
    config,
    db,
    clock,
    events,
    write,
    rateLimits: redis ? new RedisRateLimitStore(redis.client, (...parts) => redis.key(...parts)) : new MemoryRateLimitStore(),
    timelineStore,
    oauth: new OAuthService(k, clock, events, write),
    accounts,
    followRequests: new FollowRequestService(k, write, accounts, clock),
    posts,
    blocksMutes: new BlockMuteService(k, write, accounts, posts, clock),
    timelines: new TimelineService(timelineStore, presenter, accounts),
    notifications,
    streaming,
    media,
    visibility,
    reports: new ReportService(k, write, visibility, reportPresenter, clock),
    rules: new RuleService(k, write, clock),
    redis,
    fanout,
    renderCache: presenter.cache,
    filters: new FilterService(k, write, visibility, clock),
    activeFilters,
    search: new SearchService(k, presenter, accounts, visibility),
    trends: new TrendService(k, config.publicUrl, clock),
    markers: new MarkerService(k, clock),
    close: async () => {
      stopCollecting();
      streaming.close();
      stopRenderCache();
      stopFilters();
      fanout.stop();
      await fanout.drain();
      await redis?.close();
      await db.close();
    },
  };
}
