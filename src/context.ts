// Everything the app needs, wired once at start-up. Each service gets only what it uses.
import type { Config } from './config.js';
import { openSqlite, migrateToLatest, type Db } from './db/database.js';
import { LocalEventBus, type EventBus } from './events.js';
import { MemoryRateLimitStore, type RateLimitStore } from './http/rate-limit.js';
import { AccountService } from './accounts/service.js';
import { OAuthService } from './oauth/service.js';
import { PostService } from './posts/service.js';
import { StatusPresenter } from './posts/presenter.js';
import { SqlTimelineStore, type TimelineStore } from './timelines/store.js';
import { TimelineService } from './timelines/service.js';
import { NotificationService } from './notifications/service.js';
import { SearchService } from './search/service.js';
import { TrendService } from './trends/service.js';
import { MarkerService } from './markers/service.js';
import { StreamingHub } from './streaming/hub.js';
import { MediaService } from './media/service.js';
import path from 'node:path';

export interface AppContext {
  config: Config;
  db: Db;
  clock: () => number;
  events: EventBus;
  rateLimits: RateLimitStore;
  timelineStore: TimelineStore;
  oauth: OAuthService;
  accounts: AccountService;
  posts: PostService;
  timelines: TimelineService;
  notifications: NotificationService;
  search: SearchService;
  trends: TrendService;
  markers: MarkerService;
  streaming: StreamingHub;
  media: MediaService;
  close(): Promise<void>;
}

export interface ContextOptions {
  db?: Db;
  clock?: () => number;
}

export async function createContext(config: Config, options: ContextOptions = {}): Promise<AppContext> {
  const db = options.db ?? openSqlite(config.dataDir);
  await migrateToLatest(db);
  const clock = options.clock ?? Date.now;
  const events = new LocalEventBus();
  const k = db.kysely;
  const media = new MediaService(k, path.join(config.dataDir, 'media'), () => config.publicUrl, clock);
  const presenter = new StatusPresenter(k, config.publicUrl, media);
  const accounts = new AccountService(k, config, events, clock);
  const timelineStore = new SqlTimelineStore(k);
  const notifications = new NotificationService(k, presenter, accounts);
  const streaming = new StreamingHub(k, events, presenter, notifications);
  return {
    config,
    db,
    clock,
    events,
    rateLimits: new MemoryRateLimitStore(),
    timelineStore,
    oauth: new OAuthService(k, clock),
    accounts,
    posts: new PostService(k, config, events, presenter, media, clock),
    timelines: new TimelineService(k, timelineStore, presenter, accounts),
    notifications,
    streaming,
    media,
    search: new SearchService(k, presenter, accounts),
    trends: new TrendService(k, config.publicUrl, clock),
    markers: new MarkerService(k, clock),
    close: async () => {
      streaming.close();
      await db.close();
    },
  };
}
