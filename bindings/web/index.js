// @devprobe/web: devprobe's Consent and Collector for web pages and WeChat mini-programs.
// A thin layer over the WebAssembly build of the Rust core (pkg/, made by wasm-bindgen): it turns
// the core's JSON into objects and makes `collect()` awaitable, because a browser gives some
// values (User-Agent Client Hints) and a mini-program some others (wx.getNetworkType) only
// asynchronously. Every rule — the consent gate, what each value means, what is omitted and why —
// is in the core. Types: index.d.ts.

import wasmInit, { Consent as WasmConsent, Collector as WasmCollector } from './pkg/devprobe_web.js';

let loading;

/** Loads the WebAssembly module once; later calls return the same promise. */
export default function init(input) {
  loading ??= wasmInit(input === undefined ? undefined : { module_or_path: input });
  return loading.then(() => undefined);
}

export class Consent {
  #inner = new WasmConsent();

  /** @internal the wasm object, for Collector */
  get wasm() {
    return this.#inner;
  }

  grant(purposes) {
    return JSON.parse(this.#inner.grant(purposes));
  }

  grantForMinor(guardianConsent, purposes) {
    return JSON.parse(this.#inner.grantForMinor(guardianConsent, purposes));
  }

  restore(json) {
    this.#inner.restore(json);
  }

  grantNow() {
    const json = this.#inner.grantNow();
    return json === undefined ? null : JSON.parse(json);
  }

  withdraw() {
    return JSON.parse(this.#inner.withdraw());
  }
}

export class Collector {
  #inner;

  constructor(consent, options = {}) {
    if (!(consent instanceof Consent)) throw new TypeError('Collector needs a Consent');
    this.#inner = new WasmCollector(consent.wasm, options.source);
  }

  async collect() {
    await this.#inner.prepare();
    return JSON.parse(this.#inner.collectJson());
  }

  subscribe(listener) {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a function');
    const sub = this.#inner.subscribe((json) => listener(JSON.parse(json)));
    return {
      unsubscribe: () => sub.unsubscribe(),
      get active() {
        return sub.active;
      },
    };
  }
}
