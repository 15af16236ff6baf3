// Server metadata and the small endpoints clients call at start-up. Lists that are empty here
// (custom emojis, filters, lists, announcements) are empty because Sirb has none of them, and
// answering with an empty list lets Mastodon clients start instead of failing.
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { requireUser } from '../http/auth.js';
import { responses, type Api } from '../http/schemas.js';
import { EmptyList, InstanceV1, InstanceV2, Preferences, Rules } from '../http/entities/index.js';
import { countAccounts } from '../accounts/store.js';
import { SIRB_VERSION, MASTODON_COMPATIBLE_VERSION } from '../version.js';
import { presentRule } from '../moderation/rules.js';
import type { RegistrationsMode } from '../config.js';
import { POLL_LIMITS } from '../polls/service.js';
import { MAX_FEATURED_TAGS } from '../profile/featured-tags.js';
import { MAX_PINNED_STATUSES } from '../profile/pins.js';
import { sharedStatusServiceHealth, statusServiceSoon } from '../lifecycle/status-health.js';

/** Mastodon's `registrations` (v2): closed servers say why, in both languages. */
function registrationsOf(mode: RegistrationsMode) {
  return {
    enabled: mode !== 'closed',
    approval_required: mode === 'approval',
    reason_required: mode === 'approval' ? true : null,
    message: mode === 'closed' ? '<p lang="ar">التسجيل مغلق في هذا الخادم، ولا ينضم إليه أحد إلا بدعوة.</p><p lang="en">Registrations are closed on this server: joining takes an invite.</p>' : null,
    url: null,
  };
}

export function instanceRoutes(app: Api, ctx: AppContext): void {
  const { config } = ctx;
  const domain = new URL(config.publicUrl).host;
  const version = `${MASTODON_COMPATIBLE_VERSION} (compatible; Sirb ${SIRB_VERSION})`;
  const streaming = config.publicUrl.replace(/^http/, 'ws');
  // A status service known to be down is not advertised (issue 14, statement 8): clients would
  // send their users to a page that does not answer. Known to be down: every answer for 5 s has
  // said so (one slow answer on a loaded machine is not enough). Never checked yet: advertised.
  const statusService = sharedStatusServiceHealth(config.statusServiceUrl);
  const statusPage = async () => {
    await statusServiceSoon(statusService);
    return statusService.downForMs() >= 5000 ? {} : { status: config.statusPageUrl };
  };
  const configuration = {
    urls: { streaming },
    // profile/featured-tags.ts and profile/pins.ts.
    accounts: { max_featured_tags: MAX_FEATURED_TAGS, max_pinned_statuses: MAX_PINNED_STATUSES },
    statuses: { max_characters: config.maxPostLength, max_media_attachments: 4, characters_reserved_per_url: 23 },
    media_attachments: {
      supported_mime_types: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
      image_size_limit: 10 * 1024 * 1024,
      image_matrix_limit: 16_777_216,
      video_size_limit: 0,
      video_frame_rate_limit: 0,
      video_matrix_limit: 0,
    },
    polls: { ...POLL_LIMITS },
    translation: { enabled: false },
  };

  /** The instance's rules, in order (moderation/rules.ts), as every instance answer lists them. */
  const rules = async () => (await ctx.rules.list()).map(presentRule);

  const tags = ['instance'];
  app.get('/api/v2/instance', { schema: { tags, response: responses({ 200: Type.Ref(InstanceV2) }) } }, async () => {
    const page = await statusPage();
    return {
      domain,
      title: 'Sirb سرب',
      version,
      source_url: 'https://example.invalid/sirb',
      description: 'سرب: منصة تدوين مصغّر عربية أولاً. Sirb: an Arabic-first microblog.',
      usage: { users: { active_month: await countAccounts(ctx.db.kysely) } },
      thumbnail: { url: `${config.publicUrl}/assets/header-missing.png` },
      languages: ['ar', 'en'],
      configuration: { ...configuration, urls: { ...configuration.urls, ...page }, vapid: { public_key: await ctx.push.vapidPublicKey() } },
      registrations: registrationsOf(config.registrations),
      contact: { email: '', account: null },
      rules: await rules(),
      // As Mastodon 4.3 answers: version 2 of its API (grouped notifications and the rest) is all here.
      api_versions: { mastodon: 2 },
      ...(page.status ? { status_page_url: page.status } : {}),
    };
  });

  app.get('/api/v1/instance', { schema: { tags, response: responses({ 200: Type.Ref(InstanceV1) }) } }, async () => {
    const [users, statuses, ruleList] = await Promise.all([
      countAccounts(ctx.db.kysely),
      ctx.db.kysely.selectFrom('statuses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      rules(),
    ]);
    return {
      uri: domain,
      title: 'Sirb سرب',
      short_description: 'Sirb: an Arabic-first microblog.',
      description: 'سرب: منصة تدوين مصغّر عربية أولاً.',
      email: '',
      version,
      urls: { streaming_api: streaming },
      stats: { user_count: users, status_count: Number(statuses.n), domain_count: 0 },
      thumbnail: `${config.publicUrl}/assets/header-missing.png`,
      languages: ['ar', 'en'],
      registrations: config.registrations !== 'closed',
      approval_required: config.registrations === 'approval',
      // Mastodon's meaning: whether everyone may invite. Here only staff make invites.
      invites_enabled: false,
      configuration,
      contact_account: null,
      rules: ruleList,
    };
  });

  const empty = responses({ 200: EmptyList });
  app.get('/api/v1/instance/rules', { schema: { tags, response: responses({ 200: Rules }) } }, rules);
  app.get('/api/v1/custom_emojis', { schema: { tags, response: empty } }, async () => []);

  app.get('/api/v1/preferences', { schema: { tags: ['accounts'], response: responses({ 200: Type.Ref(Preferences) }) } }, async (request) => {
    const auth = requireUser(request, 'read:accounts');
    const account = await ctx.accounts.requireAccount(auth.accountId);
    return {
      'posting:default:visibility': account.default_visibility,
      'posting:default:sensitive': account.default_sensitive === 1,
      'posting:default:language': account.default_language || account.locale,
      'reading:expand:media': 'default',
      'reading:expand:spoilers': false,
    };
  });
}
