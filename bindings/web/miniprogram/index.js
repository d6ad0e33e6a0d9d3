// devprobe for WeChat mini-programs: a source that answers devprobe's queries from the `wx`
// APIs. It reads raw values only; what they mean (brand, OS version, access type, orientation)
// is decided by devprobe's Rust core, the same code that serves every other platform.
//
// Nothing is read from `wx` when the source is made: every read happens inside a collect or a
// subscription, which devprobe starts only after the purposes were granted, and only the reads
// of the granted purposes happen:
//
// | purpose             | wx API                                                   |
// |---------------------|----------------------------------------------------------|
// | compatibility       | wx.getDeviceInfo() (else wx.getSystemInfoSync()): brand, model, system, platform |
// | connectivity        | wx.getNetworkType(), wx.onNetworkStatusChange, wx.onNetworkWeakChange |
// | video_orientation   | wx.getWindowInfo() (else wx.getSystemInfoSync()), wx.onWindowResize, wx.onDeviceMotionChange |
// | server_selection    | nothing: the IP address is not readable in a mini-program |
//
// Tested in Node against a simulated `wx` built from WeChat's documented return shapes (an
// iPhone, an Android phone on 5G, an offline device), not in the WeChat runtime.

/** How long a collect waits for the first device-motion sample (ms) to tell the two landscapes apart. */
export const MOTION_WAIT_MS = 300;

const CONNECTIVITY = 'connectivity';
const COMPATIBILITY = 'compatibility';
const ORIENTATION = 'video_orientation';

/**
 * A devprobe source over the mini-program `wx` object.
 *
 * @param {object} wx the mini-program global `wx` (or a simulation of it)
 * @param {{motionWaitMs?: number}} [options]
 * @returns {import('./index.js').WxSource}
 */
export function wxSource(wx, options = {}) {
  const motionWaitMs = options.motionWaitMs ?? MOTION_WAIT_MS;
  let network; // last getNetworkType / onNetworkStatusChange answer
  let motion; // last onDeviceMotionChange sample
  let motionListening = false;
  let watching = null; // { stop } while subscribed

  const has = (name) => wx != null && typeof wx[name] === 'function';
  const call = (name, ...args) => {
    try {
      return has(name) ? wx[name](...args) : undefined;
    } catch {
      return undefined;
    }
  };

  function getNetworkType() {
    if (!has('getNetworkType')) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const done = (res) => resolve(res && typeof res === 'object' ? res : undefined);
      try {
        wx.getNetworkType({ success: done, fail: () => resolve(undefined) });
      } catch {
        resolve(undefined);
      }
    });
  }

  const onMotion = (res) => {
    if (res && typeof res === 'object') motion = { alpha: res.alpha, beta: res.beta, gamma: res.gamma };
  };

  function startMotion() {
    if (motionListening || !has('onDeviceMotionChange') || !has('startDeviceMotionListening')) return false;
    call('onDeviceMotionChange', onMotion);
    call('startDeviceMotionListening', { interval: 'ui' });
    motionListening = true;
    return true;
  }

  function stopMotion() {
    if (!motionListening) return;
    call('stopDeviceMotionListening', {});
    call('offDeviceMotionChange', onMotion);
    motionListening = false;
  }

  /** Waits until a motion sample arrives or `ms` passes. */
  function firstMotion(ms) {
    if (motion) return Promise.resolve();
    return new Promise((resolve) => {
      const started = Date.now();
      const tick = () => {
        if (motion || Date.now() - started >= ms) resolve();
        else setTimeout(tick, 20);
      };
      tick();
    });
  }

  function windowInfo() {
    const info = has('getWindowInfo') ? call('getWindowInfo') : call('getSystemInfoSync');
    if (!info) return undefined;
    return { windowWidth: info.windowWidth, windowHeight: info.windowHeight };
  }

  function deviceInfo() {
    const info = has('getDeviceInfo') ? call('getDeviceInfo') : call('getSystemInfoSync');
    if (!info) return undefined;
    return { brand: info.brand, model: info.model, system: info.system, platform: info.platform };
  }

  return {
    platform: 'miniprogram',

    /**
     * Reads what the granted purposes need from asynchronous APIs, before devprobe's synchronous
     * collect runs. devprobe calls it after its consent check.
     */
    async prepare(purposes) {
      const waits = [];
      if (purposes.includes(CONNECTIVITY) && !watching) {
        waits.push(getNetworkType().then((res) => { network = res; }));
      }
      if (purposes.includes(ORIENTATION)) {
        const win = windowInfo();
        const landscape = win && win.windowWidth > win.windowHeight;
        // A fresh sample per collect: the device may have turned since the last one.
        if (!watching) motion = undefined;
        if (landscape && !motion && startMotion()) {
          waits.push(firstMotion(motionWaitMs).then(() => { if (!watching) stopMotion(); }));
        }
      }
      await Promise.all(waits);
    },

    /**
     * One raw answer, or `undefined` when this WeChat version has no such API.
     * @param {'device_info'|'network'|'window'|'motion'} name
     */
    query(name) {
      switch (name) {
        case 'device_info': return deviceInfo();
        case 'network': return network;
        case 'window': return windowInfo();
        case 'motion': return motion;
        default: return undefined;
      }
    },

    /** Drops every value read so far and stops listening (devprobe calls it on withdrawal). */
    forget() {
      if (watching) watching.stop();
      stopMotion();
      network = undefined;
      motion = undefined;
    },

    /**
     * Listens for the change events of the granted purposes and calls `onEvent(kind)` with
     * `'network'` or `'orientation'` after storing the new raw value. Returns the function that
     * stops listening (devprobe calls it on unsubscribe and on withdrawal).
     */
    watch(purposes, onEvent) {
      const offs = [];
      if (purposes.includes(CONNECTIVITY)) {
        const onStatus = (res) => {
          if (!res) return;
          network = { ...network, networkType: res.networkType, isConnected: res.isConnected };
          onEvent('network');
        };
        const onWeak = (res) => {
          if (!res) return;
          network = { ...network, networkType: res.networkType, weakNet: res.weakNet };
          onEvent('network');
        };
        if (has('onNetworkStatusChange')) {
          call('onNetworkStatusChange', onStatus);
          offs.push(() => call('offNetworkStatusChange', onStatus));
        }
        if (has('onNetworkWeakChange')) {
          call('onNetworkWeakChange', onWeak);
          offs.push(() => call('offNetworkWeakChange', onWeak));
        }
      }
      if (purposes.includes(ORIENTATION)) {
        const onResize = () => onEvent('orientation');
        if (has('onWindowResize')) {
          call('onWindowResize', onResize);
          offs.push(() => call('offWindowResize', onResize));
        }
        if (startMotion()) offs.push(stopMotion);
      }
      const stop = () => {
        for (const off of offs.splice(0)) off();
        watching = null;
      };
      watching = { stop };
      return stop;
    },
  };
}

// Which purposes need which reads, for documentation and tests.
export const READS = Object.freeze({
  [COMPATIBILITY]: ['getDeviceInfo', 'getSystemInfoSync'],
  [CONNECTIVITY]: ['getNetworkType', 'onNetworkStatusChange', 'onNetworkWeakChange'],
  [ORIENTATION]: ['getWindowInfo', 'getSystemInfoSync', 'onWindowResize', 'onDeviceMotionChange', 'startDeviceMotionListening'],
  server_selection: [],
});
