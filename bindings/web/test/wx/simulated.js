// A simulated mini-program `wx` object, built from the return shapes WeChat documents for
// wx.getDeviceInfo, wx.getSystemInfoSync, wx.getWindowInfo, wx.getNetworkType,
// wx.onNetworkStatusChange, wx.onNetworkWeakChange, wx.onWindowResize and
// wx.onDeviceMotionChange (developers.weixin.qq.com, miniprogram API reference). It records
// every property read, so tests can show what was touched and when.

/** Three devices, with the values WeChat gives on them. */
export const DEVICES = {
  // iPhone 14 Pro on iOS 16.1, Wi-Fi, portrait. WeChat on iOS says brand "iPhone" and appends
  // the hardware identifier to the model.
  iphone: {
    deviceInfo: {
      brand: 'iPhone',
      model: 'iPhone 14 Pro<iPhone15,2>',
      system: 'iOS 16.1',
      platform: 'ios',
      memorySize: 5735,
    },
    windowInfo: {
      pixelRatio: 3,
      screenWidth: 393,
      screenHeight: 852,
      windowWidth: 393,
      windowHeight: 852,
      statusBarHeight: 54,
      safeArea: { left: 0, right: 393, top: 54, bottom: 818, width: 393, height: 764 },
      screenTop: 0,
    },
    network: { networkType: 'wifi', signalStrength: 0, hasSystemProxy: false, weakNet: false, errMsg: 'getNetworkType:ok' },
    motion: { alpha: 0.2, beta: 1.1, gamma: 0.05 },
  },
  // Xiaomi 13 (2211133C) on Android 13, 5G, held in landscape with its top to the left (a
  // quarter turn counter-clockwise: the right edge points up, so gamma is about -PI/2).
  android5g: {
    deviceInfo: {
      abi: 'arm64-v8a',
      deviceAbi: 'arm64-v8a',
      benchmarkLevel: 38,
      brand: 'Xiaomi',
      model: '2211133C',
      system: 'Android 13',
      platform: 'android',
      cpuType: 'qcom',
      memorySize: 11542,
    },
    windowInfo: {
      pixelRatio: 2.75,
      screenWidth: 873,
      screenHeight: 393,
      windowWidth: 873,
      windowHeight: 393,
      statusBarHeight: 0,
      screenTop: 0,
    },
    network: { networkType: '5g', signalStrength: -92, hasSystemProxy: false, weakNet: false, errMsg: 'getNetworkType:ok' },
    motion: { alpha: 3.0, beta: 0.1, gamma: -1.52 },
  },
  // An OPPO Reno7 (PFJM10) on Android 12 with an old base library (before 2.20.1: no
  // getDeviceInfo / getWindowInfo, only getSystemInfoSync) and no network at all.
  offline: {
    systemInfo: {
      brand: 'OPPO',
      model: 'PFJM10',
      pixelRatio: 3,
      screenWidth: 360,
      screenHeight: 800,
      windowWidth: 360,
      windowHeight: 736,
      statusBarHeight: 32,
      language: 'zh_CN',
      version: '8.0.16',
      system: 'Android 12',
      platform: 'android',
      fontSizeSetting: 16,
      SDKVersion: '2.19.4',
      benchmarkLevel: 27,
    },
    network: { networkType: 'none', signalStrength: 0, errMsg: 'getNetworkType:ok' },
  },
};

/**
 * A `wx` for `device` (a key of DEVICES or an object shaped like one). Returns
 * `{ wx, reads, emit }`: `reads` lists every property read on `wx` in order, `emit(event, res)`
 * calls the listeners registered with `wx.on<event>` (e.g. `emit('NetworkStatusChange', {...})`).
 */
export function simulatedWx(device) {
  const d = typeof device === 'string' ? DEVICES[device] : device;
  const listeners = new Map();
  let motionOn = false;
  const on = (event) => (fn) => {
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event).add(fn);
  };
  const off = (event) => (fn) => listeners.get(event)?.delete(fn);
  const target = {
    getSystemInfoSync: () => ({ ...(d.systemInfo ?? { ...d.deviceInfo, ...d.windowInfo }) }),
    getNetworkType: ({ success, complete }) => {
      setTimeout(() => {
        success?.({ ...d.network });
        complete?.();
      }, 1);
    },
    onNetworkStatusChange: on('NetworkStatusChange'),
    offNetworkStatusChange: off('NetworkStatusChange'),
    onNetworkWeakChange: on('NetworkWeakChange'),
    offNetworkWeakChange: off('NetworkWeakChange'),
    onWindowResize: on('WindowResize'),
    offWindowResize: off('WindowResize'),
    onDeviceMotionChange: on('DeviceMotionChange'),
    offDeviceMotionChange: off('DeviceMotionChange'),
    startDeviceMotionListening: () => {
      motionOn = true;
      // The first sample comes one "ui" interval (about 60 ms) later, as on a device.
      if (d.motion) setTimeout(() => motionOn && emit('DeviceMotionChange', { ...d.motion }), 60);
    },
    stopDeviceMotionListening: () => { motionOn = false; },
  };
  if (d.deviceInfo) target.getDeviceInfo = () => ({ ...d.deviceInfo });
  if (d.windowInfo) target.getWindowInfo = () => ({ ...d.windowInfo });
  const reads = [];
  const wx = new Proxy(target, {
    get(t, prop) {
      reads.push(String(prop));
      return t[prop];
    },
    has(t, prop) {
      reads.push(`has:${String(prop)}`);
      return prop in t;
    },
  });
  function emit(event, res) {
    for (const fn of [...(listeners.get(event) ?? [])]) fn(res);
  }
  return { wx, reads, emit, listeners, isMotionOn: () => motionOn };
}
