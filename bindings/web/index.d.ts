// Types of @devprobe/web: devprobe's Consent, Collector and Report for web pages and WeChat
// mini-programs. The JSON shape is the one in schema/report.schema.json, shared with every
// other platform.

import type { WxSource } from './miniprogram/index.js';

/** Why data is read. Each fact belongs to exactly one purpose. */
export type Purpose = 'compatibility' | 'server_selection' | 'connectivity' | 'video_orientation';

/** The platform a report describes: `web` in a browser, `miniprogram` through the WeChat adapter. */
export type Platform = 'linux' | 'android' | 'windows' | 'macos' | 'ios' | 'web' | 'miniprogram' | 'other';

/** Why a field is absent from a report. */
export type OmitReason =
  | 'not_permitted'
  | 'unsupported'
  | 'not_found'
  | 'malformed'
  | 'unreadable'
  | 'timed_out';

/** Who consented: an adult, or a minor with (or without) a guardian's consent. */
export type Subject = { kind: 'adult' } | { kind: 'minor'; guardian_consent: boolean };

/** A recorded consent, stamped with the catalog version it was given under. Store its JSON. */
export interface Grant {
  purposes: Purpose[];
  catalog_version: number;
  subject: Subject;
  /** RFC 3339 UTC, e.g. `2026-11-29T06:51:18Z`. */
  granted_at: string;
}

/** What `Consent.withdraw()` returns: the deletion request to forward. */
export interface WithdrawalReceipt {
  withdrawn_at: string;
  purposes: Purpose[];
}

/** W3C Screen Orientation type, snake_case. */
export type Orientation = 'portrait_primary' | 'portrait_secondary' | 'landscape_primary' | 'landscape_secondary';

/** One report. A fact that could not be had is absent and listed in `omitted`; never null. */
export interface Report {
  schema_version: number;
  catalog_version: number;
  /** RFC 3339 UTC. */
  collected_at: string;
  platform: Platform;
  purposes: Purpose[];
  device?: {
    /** Mini-programs only (`wx.getDeviceInfo().brand`); omitted `unsupported` on the web. */
    brand?: string;
    manufacturer?: string;
    /** e.g. `Pixel 8` (Client Hints `model` on Android) or `iPhone 14 Pro` (mini-program). */
    model?: string;
    model_identifier?: string;
  };
  os?: {
    /** OpenTelemetry `os.type`: the OS family, e.g. `linux` for Android and Linux. */
    type?: 'linux' | 'windows' | 'darwin' | 'other';
    id?: string;
    /** e.g. `Windows`, `Android`, `macOS`, `iOS`, `Linux`. */
    name?: string;
    /** e.g. `11` (Windows 11 from Client Hints), `14`, `16.1`. */
    version?: string;
    build_id?: string;
    display_version?: string;
    kernel_version?: string;
    sdk_level?: number;
  };
  network?: {
    /** From `navigator.connection.type` or `wx.getNetworkType()`. */
    connection_type?: 'wifi' | 'wired' | 'cell' | 'unavailable' | 'unknown';
    connection_subtype?: string;
    /** `navigator.connection.effectiveType`: the measured speed class, not the radio. */
    effective_type?: 'slow-2g' | '2g' | '3g' | '4g';
    vpn?: boolean;
    /** `navigator.onLine` / `wx.onNetworkStatusChange().isConnected`. */
    online?: boolean;
    ipv4?: boolean;
    ipv6?: boolean;
    /** Never on the web or in mini-programs (omitted `unsupported`). */
    ip?: { address?: string; precision: 'omit' | 'truncated' | 'full'; scope: string };
  };
  screen?: {
    orientation?: Orientation;
    rotation_degrees?: 0 | 90 | 180 | 270;
    source?: 'host' | 'accelerometer' | 'display';
  };
  omitted: { field: string; reason: OmitReason }[];
}

/** A change of the network or screen facts, delivered to `Collector.subscribe` listeners. */
export interface Change {
  /** Report paths whose value changed, e.g. `["screen.orientation", "screen.rotation_degrees"]`. */
  changed: string[];
  route_changed: boolean;
  network?: Report['network'];
  screen?: Report['screen'];
}

/** The user's consent. Share one per page; nothing is read until a purpose is granted. */
export class Consent {
  constructor();
  /** Records an adult's consent to `purposes`. Replaces the previous grant (a narrower one is a partial withdrawal). */
  grant(purposes: Purpose[]): Grant;
  /**
   * Records a minor's consent.
   * @throws when `guardianConsent` is false (`GuardianConsentRequired`).
   */
  grantForMinor(guardianConsent: boolean, purposes: Purpose[]): Grant;
  /**
   * Restores a grant stored from an earlier visit.
   * @throws on a malformed grant, an unknown purpose or a future catalog version; the consent is unchanged then.
   */
  restore(json: string): void;
  /** The grant in force, or `null`. */
  grantNow(): Grant | null;
  /** Withdraws everything at once: caches dropped, subscriptions ended, listeners removed. */
  withdraw(): WithdrawalReceipt;
}

export interface CollectorOptions {
  /** Where facts come from: the browser (default) or `wxSource(wx)` in a WeChat mini-program. */
  source?: WxSource;
}

/** A running subscription. */
export interface Subscription {
  /** Stops listening and removes every browser or `wx` listener it added. */
  unsubscribe(): void;
  /** False after `unsubscribe()` or withdrawal. */
  readonly active: boolean;
}

/** Collects reports for the granted purposes. */
export class Collector {
  constructor(consent: Consent, options?: CollectorOptions);
  /**
   * A report of the granted purposes' facts. Reads happen here, never before.
   * @throws `ConsentRequired` when nothing is granted (and nothing is read).
   */
  collect(): Promise<Report>;
  /**
   * Calls `listener` on each network or orientation change (screen.orientation `change`,
   * navigator.connection `change`, `online`/`offline`; `wx.onNetworkStatusChange`,
   * `wx.onWindowResize`). Each change carries only granted fields.
   * @throws `ConsentRequired` when none of connectivity, server_selection, video_orientation is granted.
   */
  subscribe(listener: (change: Change) => void): Subscription;
}

/** Loads the WebAssembly module; call once before anything else. */
export default function init(input?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;
