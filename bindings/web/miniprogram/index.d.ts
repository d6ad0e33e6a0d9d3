// Types of the WeChat mini-program source. Pass it to `new Collector(consent, { source })`.

import type { Purpose } from '../index.js';

/** Raw answers, as WeChat gives them; devprobe's core interprets them. */
export interface WxDeviceInfo {
  /** e.g. `iPhone`, `Xiaomi`. */
  brand?: string;
  /** e.g. `iPhone 14 Pro<iPhone15,2>`, `2211133C`. */
  model?: string;
  /** e.g. `iOS 16.1`, `Android 12`. */
  system?: string;
  /** `ios`, `android`, `ohos`, `windows`, `mac`, `devtools`. */
  platform?: string;
}

export interface WxNetwork {
  networkType?: 'wifi' | '2g' | '3g' | '4g' | '5g' | 'unknown' | 'none';
  isConnected?: boolean;
  weakNet?: boolean;
}

export interface WxWindow {
  windowWidth?: number;
  windowHeight?: number;
}

/** One `wx.onDeviceMotionChange` sample, radians. */
export interface WxMotion {
  alpha?: number;
  beta?: number;
  gamma?: number;
}

/** A devprobe source over `wx`. It reads nothing until devprobe asks, after consent. */
export interface WxSource {
  readonly platform: 'miniprogram';
  /** Reads the asynchronous values the purposes need (wx.getNetworkType, one motion sample in landscape). */
  prepare(purposes: Purpose[]): Promise<void>;
  query(name: 'device_info'): WxDeviceInfo | undefined;
  query(name: 'network'): WxNetwork | undefined;
  query(name: 'window'): WxWindow | undefined;
  query(name: 'motion'): WxMotion | undefined;
  /** Listens for the purposes' change events; returns the function that stops listening. */
  watch(purposes: Purpose[], onEvent: (kind: 'network' | 'orientation') => void): () => void;
  /** Drops every value read and stops listening (on withdrawal). */
  forget(): void;
}

/** How long a collect waits for a first motion sample in landscape (ms). */
export const MOTION_WAIT_MS: number;

/** The wx APIs each purpose may read. */
export const READS: Readonly<Record<Purpose, string[]>>;

/** A devprobe source over the mini-program `wx` object (or a simulation of it). */
export function wxSource(wx: object | undefined, options?: { motionWaitMs?: number }): WxSource;
