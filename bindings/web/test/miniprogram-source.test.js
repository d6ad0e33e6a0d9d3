// The mini-program source on its own: what it reads from `wx`, when, and the raw answers it
// gives devprobe. (miniprogram-report.test.js runs it through devprobe's core.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wxSource, READS } from '../miniprogram/index.js';
import { simulatedWx } from './wx/simulated.js';

/** The wx API names read, without the `has:` probes, deduplicated. */
const apis = (reads) => [...new Set(reads.filter((r) => !r.startsWith('has:')))];

/** Every API read belongs to one of `purposes`. */
function assertOnly(reads, purposes) {
  const allowed = new Set(purposes.flatMap((p) => READS[p]).concat(['offDeviceMotionChange', 'stopDeviceMotionListening']));
  for (const api of apis(reads)) assert.ok(allowed.has(api), `${api} read for ${purposes}`);
}

test('making the source reads nothing from wx', () => {
  const sim = simulatedWx('iphone');
  wxSource(sim.wx);
  assert.deepEqual(sim.reads, []);
});

test('iPhone: compatibility reads getDeviceInfo only', async () => {
  const sim = simulatedWx('iphone');
  const source = wxSource(sim.wx);
  await source.prepare(['compatibility']);
  assert.deepEqual(sim.reads, [], 'prepare has nothing async to read for compatibility');
  assert.deepEqual(source.query('device_info'), {
    brand: 'iPhone',
    model: 'iPhone 14 Pro<iPhone15,2>',
    system: 'iOS 16.1',
    platform: 'ios',
  });
  assert.deepEqual(apis(sim.reads), ['getDeviceInfo']);
  assert.equal(source.query('network'), undefined, 'connectivity was not prepared');
  assertOnly(sim.reads, ['compatibility']);
});

test('iPhone: portrait needs no motion sample', async () => {
  const sim = simulatedWx('iphone');
  const source = wxSource(sim.wx);
  await source.prepare(['video_orientation']);
  assert.deepEqual(source.query('window'), { windowWidth: 393, windowHeight: 852 });
  assert.equal(source.query('motion'), undefined);
  assert.equal(sim.isMotionOn(), false);
  assertOnly(sim.reads, ['video_orientation']);
});

test('Android on 5G in landscape: network type and one motion sample', async () => {
  const sim = simulatedWx('android5g');
  const source = wxSource(sim.wx);
  await source.prepare(['connectivity', 'video_orientation']);
  const network = source.query('network');
  assert.equal(network.networkType, '5g');
  assert.equal(network.weakNet, false);
  assert.deepEqual(source.query('window'), { windowWidth: 873, windowHeight: 393 });
  assert.deepEqual(source.query('motion'), { alpha: 3.0, beta: 0.1, gamma: -1.52 });
  assert.equal(sim.isMotionOn(), false, 'the sensor is stopped after the collect');
  assert.equal(sim.listeners.get('DeviceMotionChange').size, 0);
  assertOnly(sim.reads, ['connectivity', 'video_orientation']);
  assert.ok(!apis(sim.reads).includes('getDeviceInfo'));
});

test('offline device on an old base library: getSystemInfoSync fallbacks', async () => {
  const sim = simulatedWx('offline');
  const source = wxSource(sim.wx);
  await source.prepare(['compatibility', 'connectivity', 'video_orientation']);
  assert.deepEqual(source.query('device_info'), {
    brand: 'OPPO',
    model: 'PFJM10',
    system: 'Android 12',
    platform: 'android',
  });
  assert.equal(source.query('network').networkType, 'none');
  assert.deepEqual(source.query('window'), { windowWidth: 360, windowHeight: 736 });
  assert.ok(apis(sim.reads).includes('getSystemInfoSync'));
});

test('a wx without an API answers undefined, and a throwing API does not throw', async () => {
  const source = wxSource({ getDeviceInfo: () => { throw new Error('not in this runtime'); } });
  await source.prepare(['compatibility', 'connectivity', 'video_orientation']);
  assert.equal(source.query('device_info'), undefined);
  assert.equal(source.query('network'), undefined);
  assert.equal(source.query('window'), undefined);
  assert.equal(wxSource(undefined).query('device_info'), undefined);
});

test('watch: change events update the raw values; stop and forget remove every listener', async () => {
  const sim = simulatedWx('android5g');
  const source = wxSource(sim.wx);
  await source.prepare(['connectivity']);
  const events = [];
  const stop = source.watch(['connectivity', 'video_orientation'], (kind) => events.push(kind));
  sim.emit('NetworkStatusChange', { isConnected: true, networkType: '4g' });
  sim.emit('NetworkWeakChange', { weakNet: true, networkType: '4g' });
  sim.emit('WindowResize', { size: { windowWidth: 393, windowHeight: 873 } });
  assert.deepEqual(events, ['network', 'network', 'orientation']);
  assert.deepEqual(
    { type: source.query('network').networkType, weak: source.query('network').weakNet },
    { type: '4g', weak: true },
  );
  assert.equal(sim.isMotionOn(), true);
  stop();
  assert.equal(sim.isMotionOn(), false);
  for (const [event, set] of sim.listeners) assert.equal(set.size, 0, `${event} listener left`);
  sim.emit('NetworkStatusChange', { isConnected: false, networkType: 'none' });
  assert.deepEqual(events.length, 3);
  source.forget();
  assert.equal(source.query('network'), undefined);
});

test('watch with only compatibility listens to nothing', () => {
  const sim = simulatedWx('iphone');
  const stop = wxSource(sim.wx).watch(['compatibility'], () => {});
  assert.equal(sim.listeners.size, 0);
  stop();
});
