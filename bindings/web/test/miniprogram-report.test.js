// The mini-program adapter through devprobe's core (the WebAssembly build, run by Node): the
// report a host gets on three simulated devices, the consent gate on `wx`, and change events.
// The simulated `wx` follows WeChat's documented return shapes (see wx/simulated.js); the real
// WeChat runtime cannot run here.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import init, { Consent, Collector } from '../index.js';
import { wxSource } from '../miniprogram/index.js';
import { simulatedWx } from './wx/simulated.js';
import { schemaErrors } from './schema.js';

const wasm = path.join(path.dirname(fileURLToPath(import.meta.url)), '../pkg/devprobe_web_bg.wasm');
let skip = false;
try {
  statSync(wasm);
} catch {
  if (process.env.CI === 'true') throw new Error(`CI=true and the wasm build is missing: ${wasm}`);
  skip = 'the wasm build is missing (bash .ci/web.sh builds it)';
  console.log(`# skipping: ${skip}`);
}

before(async () => {
  if (!skip) await init(readFileSync(wasm));
});

const ALL = ['compatibility', 'server_selection', 'connectivity', 'video_orientation'];
const omitted = (report, field) => report.omitted.find((o) => o.field === field)?.reason;
const apis = (reads) => [...new Set(reads.filter((r) => !r.startsWith('has:')))];

async function reportOf(device, purposes = ALL) {
  const sim = simulatedWx(device);
  const consent = new Consent();
  const collector = new Collector(consent, { source: wxSource(sim.wx) });
  consent.grant(purposes);
  const report = await collector.collect();
  assert.deepEqual(schemaErrors(report), [], 'the report validates against the schema');
  return { report, sim, consent, collector };
}

test('iPhone 14 Pro on iOS 16.1 over Wi-Fi, portrait', { skip }, async () => {
  const { report } = await reportOf('iphone');
  assert.equal(report.platform, 'miniprogram');
  assert.deepEqual(report.device, {
    brand: 'Apple',
    manufacturer: 'Apple',
    model: 'iPhone 14 Pro',
    model_identifier: 'iPhone15,2',
  });
  assert.deepEqual(report.os, { type: 'darwin', id: 'ios', name: 'iOS', version: '16.1' });
  assert.deepEqual(report.network, { connection_type: 'wifi', online: true });
  assert.deepEqual(report.screen, { orientation: 'portrait_primary', rotation_degrees: 0, source: 'display' });
  assert.equal(omitted(report, 'network.ip'), 'unsupported');
  assert.equal(omitted(report, 'network.effective_type'), 'unsupported');
  assert.equal(omitted(report, 'network.connection_subtype'), 'not_found');
});

test('Xiaomi 13 on Android 13 over 5G, turned to landscape', { skip }, async () => {
  const { report } = await reportOf('android5g');
  assert.equal(report.platform, 'miniprogram');
  assert.deepEqual(report.device, { brand: 'Xiaomi', manufacturer: 'Xiaomi', model: '2211133C' });
  assert.equal(omitted(report, 'device.model_identifier'), 'not_found');
  assert.deepEqual(report.os, { type: 'linux', id: 'android', name: 'Android', version: '13' });
  assert.deepEqual(report.network, { connection_type: 'cell', connection_subtype: 'nr', online: true });
  assert.deepEqual(report.screen, { orientation: 'landscape_primary', rotation_degrees: 90, source: 'display' });
});

test('offline OPPO Reno7 on an old base library', { skip }, async () => {
  const { report } = await reportOf('offline');
  assert.deepEqual(report.device, { brand: 'OPPO', manufacturer: 'OPPO', model: 'PFJM10' });
  assert.deepEqual(report.os, { type: 'linux', id: 'android', name: 'Android', version: '12' });
  assert.deepEqual(report.network, { connection_type: 'unavailable', online: false });
  assert.deepEqual(report.screen, { orientation: 'portrait_primary', rotation_degrees: 0, source: 'display' });
});

test('nothing is read from wx before consent, and only the granted purposes after', { skip }, async () => {
  const sim = simulatedWx('android5g');
  const consent = new Consent();
  const collector = new Collector(consent, { source: wxSource(sim.wx) });
  await assert.rejects(collector.collect(), /consent/);
  assert.throws(() => collector.subscribe(() => {}), /consent/);
  assert.deepEqual(sim.reads, [], 'no wx read before a grant');

  consent.grant(['compatibility']);
  const report = await collector.collect();
  assert.equal(report.device.model, '2211133C');
  assert.equal(omitted(report, 'network.connection_type'), 'not_permitted');
  assert.deepEqual(apis(sim.reads), ['getDeviceInfo']);

  consent.withdraw();
  const before = sim.reads.length;
  await assert.rejects(collector.collect(), /consent/);
  assert.equal(sim.reads.length, before, 'no wx read after withdrawal');
});

test('network changes arrive as change events, and stop at withdrawal', { skip }, async () => {
  const { sim, consent, collector } = await reportOf('android5g', ['connectivity']);
  const changes = [];
  const subscription = collector.subscribe((change) => changes.push(change));
  assert.equal(subscription.active, true);
  sim.emit('NetworkStatusChange', { isConnected: true, networkType: 'wifi' });
  sim.emit('NetworkStatusChange', { isConnected: true, networkType: 'wifi' });
  sim.emit('NetworkStatusChange', { isConnected: false, networkType: 'none' });
  assert.deepEqual(changes, [
    {
      changed: ['network.connection_type', 'network.connection_subtype'],
      route_changed: false,
      network: { connection_type: 'wifi', online: true },
      via: 'event',
    },
    {
      changed: ['network.connection_type', 'network.online'],
      route_changed: false,
      network: { connection_type: 'unavailable', online: false },
      via: 'event',
    },
  ]);
  consent.withdraw();
  assert.equal(subscription.active, false);
  for (const [event, set] of sim.listeners) assert.equal(set.size, 0, `${event} listener left after withdrawal`);
  sim.emit('NetworkStatusChange', { isConnected: true, networkType: '4g' });
  assert.equal(changes.length, 2);
});
