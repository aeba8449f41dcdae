/**
 * The playground's media library (`npm run playground`): about sixty uploads of a product site's
 * two years of releases, the same in every run but for their dates, which count back from `now`
 * so that `--older-than` keeps selecting the same uploads. Images, videos with subtitle tracks
 * (several languages, Mux playback IDs) and PDFs; tags per release and campaign; some in use.
 * SVGs are real drawings; the other files are stand-in bytes of a realistic size.
 */
import { createHash } from 'node:crypto';
import { uploadId } from '../simulator/index.ts';
import type { SeedReference, SeedTrack, SeedUpload } from '../simulator/index.ts';

/** One upload: its file name, its age in days, its tags and what else it has. */
type Row = readonly [filename: string, ageDays: number, tags: readonly string[], extra?: Extra];

interface Extra {
  /** Used by a published record: the `in_use` filter says so, `--only-unused` keeps it. */
  readonly inUse?: boolean;
  /**
   * Linked only from a record's draft: the playground's `in_use` filter counts published versions
   * alone, so `--only-unused` selects it and only `--confirm-unused` (its references) keeps it.
   */
  readonly draft?: boolean;
  /** Subtitle tracks of a video, by language code. */
  readonly subtitles?: readonly string[];
  readonly kb?: number;
  readonly author?: string;
  readonly alt?: string;
}

/** The release each tag stands for, and the campaigns around them. The ages fit a clock of late 2026. */
const ROWS: readonly Row[] = [
  // Spring 2025 launch: the oldest release, mostly retired.
  ['hero-spring-2025.jpg', 642, ['release-2025.03', 'campaign-spring'], { kb: 846, alt: 'Runners at dawn' }],
  ['hero-spring-2025-mobile.jpg', 642, ['release-2025.03', 'campaign-spring'], { kb: 312 }],
  ['product-trail-runner-01.png', 638, ['release-2025.03'], { kb: 540, author: 'Marta Ruiz' }],
  ['product-trail-runner-02.png', 638, ['release-2025.03'], { kb: 512, author: 'Marta Ruiz', draft: true }],
  ['spring-lookbook-2025.pdf', 635, ['release-2025.03', 'campaign-spring'], { kb: 4210, draft: true }],
  ['spring-teaser-2025.mp4', 631, ['release-2025.03', 'campaign-spring'], { kb: 9800, subtitles: ['en', 'it', 'de'] }],
  ['icon-leaf.svg', 629, ['release-2025.03'], { inUse: true }],
  ['newsletter-banner-march.jpg', 626, ['release-2025.03'], { kb: 221 }],
  ['press-kit-2025.pdf', 620, ['press'], { kb: 2890, inUse: true }],
  ['founders-portrait.jpg', 700, ['brand', 'about'], { kb: 1190, inUse: true, author: 'Luca Bianchi' }],
  ['logo-wordmark-2024.svg', 712, ['brand'], {}],
  ['office-milan-01.jpg', 690, ['about'], { kb: 980 }],
  // Summer 2025.
  ['summer-sale-banner.jpg', 556, ['release-2025.06', 'campaign-summer'], { kb: 402 }],
  ['summer-sale-banner-mobile.jpg', 556, ['release-2025.06', 'campaign-summer'], { kb: 188 }],
  ['team-offsite-lisbon-01.jpg', 549, ['release-2025.06', 'about'], { kb: 1320, author: 'Ana Costa' }],
  ['team-offsite-lisbon-02.jpg', 549, ['release-2025.06', 'about'], { kb: 1275, author: 'Ana Costa' }],
  ['pricing-sheet-2025-q2.pdf', 545, ['release-2025.06'], { kb: 730 }],
  [
    'onboarding-walkthrough.mp4',
    541,
    ['release-2025.06'],
    { kb: 14200, subtitles: ['en', 'fr', 'es', 'ja'], inUse: true },
  ],
  ['logo-wordmark-2025.svg', 538, ['release-2025.06', 'brand'], { inUse: true }],
  ['feature-grid-summer.png', 533, ['release-2025.06'], { kb: 96 }],
  // Autumn 2025: the release the playground backs up and restores.
  ['autumn-collection-hero.jpg', 462, ['release-2025.09', 'campaign-autumn'], { kb: 910, alt: 'Autumn collection' }],
  ['autumn-collection-grid-01.png', 460, ['release-2025.09', 'campaign-autumn'], { kb: 260 }],
  ['autumn-collection-grid-02.png', 460, ['release-2025.09', 'campaign-autumn'], { kb: 274 }],
  ['autumn-collection-grid-03.png', 460, ['release-2025.09', 'campaign-autumn'], { kb: 251 }],
  ['case-study-northwind.pdf', 455, ['release-2025.09'], { kb: 1640 }],
  ['product-demo-v3.mp4', 451, ['release-2025.09'], { kb: 11800, subtitles: ['en', 'de', 'it', 'pt-BR'] }],
  ['icon-maple.svg', 449, ['release-2025.09'], {}],
  // Winter 2025 and the months after it.
  ['black-friday-2025-hero.jpg', 375, ['campaign-black-friday'], { kb: 780 }],
  ['black-friday-2025-countdown.png', 374, ['campaign-black-friday'], { kb: 132 }],
  ['gift-guide-2025.pdf', 368, ['release-2025.12', 'campaign-black-friday'], { kb: 3320 }],
  ['winter-release-notes.pdf', 352, ['release-2025.12'], { kb: 410, inUse: true }],
  ['snowy-trail-01.jpg', 350, ['release-2025.12'], { kb: 1104, author: 'Jonas Berg' }],
  ['snowy-trail-02.jpg', 350, ['release-2025.12'], { kb: 1087, author: 'Jonas Berg' }],
  ['customer-story-ana.mp4', 344, ['release-2025.12'], { kb: 8600, subtitles: ['en', 'pt'], inUse: true }],
  ['icon-snowflake.svg', 340, ['release-2025.12'], { inUse: true }],
  // 2026.
  ['hero-spring-2026.jpg', 276, ['release-2026.03', 'campaign-spring'], { kb: 870, inUse: true }],
  ['hero-spring-2026-draft.jpg', 281, ['campaign-spring'], { kb: 866 }],
  ['hero-spring-2026-draft-2.jpg', 279, ['campaign-spring'], { kb: 859 }],
  [
    'spring-teaser-2026.mp4',
    272,
    ['release-2026.03', 'campaign-spring'],
    { kb: 10400, subtitles: ['en', 'it', 'fr'], inUse: true },
  ],
  ['sustainability-report-2025.pdf', 265, ['release-2026.03', 'press'], { kb: 5120, inUse: true }],
  ['pricing-sheet-2026.pdf', 190, ['release-2026.06'], { kb: 760, inUse: true }],
  ['feature-grid-2026.png', 186, ['release-2026.06'], { kb: 104, inUse: true }],
  ['screenshot-dashboard-old.png', 201, [], { kb: 338 }],
  ['screenshot-dashboard.png', 184, ['release-2026.06'], { kb: 352, inUse: true }],
  ['webinar-recording-june.mp4', 182, ['release-2026.06'], { kb: 22400, subtitles: ['en'] }],
  ['untitled-1.png', 230, [], { kb: 44 }],
  ['IMG_4821.jpg', 214, [], { kb: 2310 }],
  ['IMG_4822.jpg', 214, [], { kb: 2295 }],
  ['final-final-v2.pdf', 208, [], { kb: 188 }],
  ['autumn-campaign-moodboard.jpg', 120, ['campaign-autumn'], { kb: 640 }],
  ['hero-autumn-2026.jpg', 96, ['release-2026.09', 'campaign-autumn'], { kb: 902, inUse: true }],
  ['product-trail-runner-v2-01.png', 94, ['release-2026.09'], { kb: 566, inUse: true }],
  ['product-trail-runner-v2-02.png', 94, ['release-2026.09'], { kb: 549 }],
  [
    'product-demo-v4.mp4',
    90,
    ['release-2026.09'],
    { kb: 12600, subtitles: ['en', 'de', 'it', 'es', 'ja'], inUse: true },
  ],
  ['icon-trail.svg', 88, ['release-2026.09'], { inUse: true }],
  ['careers-team-photo.jpg', 41, ['about'], { kb: 1450, inUse: true }],
  ['job-description-frontend.pdf', 37, ['careers'], { kb: 96, inUse: true }],
  ['black-friday-2026-hero-draft.jpg', 12, ['campaign-black-friday'], { kb: 812 }],
  ['black-friday-2026-teaser.mp4', 6, ['campaign-black-friday'], { kb: 7400, subtitles: ['en', 'it'] }],
  ['newsletter-banner-december.jpg', 3, [], { kb: 236 }],
];

const DAY_MS = 86_400_000;
const LANGUAGES: Readonly<Record<string, string>> = {
  en: 'English',
  it: 'Italiano',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  ja: '日本語',
  pt: 'Português',
  'pt-BR': 'Português (Brasil)',
};

/** The library, newest last, with every date counted back from `now`. */
export function playgroundLibrary(now: Date): SeedUpload[] {
  return ROWS.map((row, n) => seed(row, n, now));
}

function seed([filename, ageDays, tags, extra = {}]: Row, n: number, now: Date): SeedUpload {
  const id = uploadId(n);
  // A few hours into the day, so that two uploads of one day are not of one millisecond.
  const createdAt = new Date(now.getTime() - ageDays * DAY_MS - (n % 7) * 3_600_000).toISOString();
  const upload: SeedUpload = { id, filename, createdAt, tags: [...tags], references: references(extra, n) };
  if (extra.author !== undefined) upload.author = extra.author;
  if (extra.alt !== undefined) upload.defaultFieldMetadata = { alt: { en: extra.alt } };
  const kind = filename.slice(filename.lastIndexOf('.') + 1);
  if (kind === 'svg') upload.content = drawing(filename);
  else upload.size = (extra.kb ?? 100) * 1024 + (n % 13) * 37;
  if (kind === 'jpg' || kind === 'png')
    Object.assign(upload, kind === 'png' ? { width: 1600, height: 1200 } : { width: 2400, height: 1350 });
  if (kind === 'mp4') {
    Object.assign(upload, { width: 1920, height: 1080 });
    upload.tracks = (extra.subtitles ?? []).map((language, k) => track(language, n * 10 + k));
    upload.listedAttributes = { mux_playback_id: muxPlaybackId(filename), duration: 30 + ((n * 37) % 240) };
  }
  return upload;
}

/** The records that link an upload: a published page, or a blog post's draft. */
function references(extra: Extra, n: number): SeedReference[] {
  if (extra.inUse === true) return [{ id: uploadId(20_000 + n), itemType: 'page', version: 'both' }];
  if (extra.draft === true) return [{ id: uploadId(30_000 + n), itemType: 'blog_post', version: 'current' }];
  return [];
}

function track(language: string, n: number): SeedTrack {
  return { id: uploadId(10_000 + n), type: 'subtitles', name: LANGUAGES[language] ?? language, languageCode: language };
}

/** An ID of the shape Mux gives (letters and digits), the same for a file name in every run. */
function muxPlaybackId(filename: string): string {
  return createHash('sha512')
    .update(filename)
    .digest('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 40);
}

/** A small real SVG: a rounded square with the icon's name. */
function drawing(filename: string): string {
  const name = filename.replace(/\.svg$/, '');
  const hue = createHash('sha256').update(name).digest()[0] ?? 0;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">',
    `  <rect x="16" y="16" width="224" height="224" rx="40" fill="hsl(${hue}, 55%, 45%)"/>`,
    `  <text x="128" y="140" font-family="sans-serif" font-size="22" fill="#fff" text-anchor="middle">${name}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
