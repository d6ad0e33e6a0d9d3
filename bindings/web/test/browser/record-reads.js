// An init script (runs before any page script) that replaces `navigator` and `screen` with
// Proxies recording every property read, one level deep into the objects devprobe reads from
// (`navigator.connection`, `navigator.userAgentData`, `screen.orientation`), into
// `window.__devprobeReads` as `"navigator.connection.type"` and the like.
export function recordReads() {
  const reads = [];
  Object.defineProperty(window, '__devprobeReads', { value: reads });
  const wrap = (name, target, depth) =>
    new Proxy(target, {
      get(t, key) {
        const label = `${name}.${String(key)}`;
        reads.push(label);
        const value = Reflect.get(t, key, t);
        if (typeof value === 'function') return value.bind(t);
        if (depth > 0 && value !== null && typeof value === 'object') return wrap(label, value, depth - 1);
        return value;
      },
      has(t, key) {
        reads.push(`${name}.${String(key)}?`);
        return Reflect.has(t, key);
      },
    });
  const nav = wrap('navigator', navigator, 1);
  const scr = wrap('screen', screen, 1);
  Object.defineProperty(window, 'navigator', { value: nav, configurable: true });
  Object.defineProperty(window, 'screen', { value: scr, configurable: true });
}
