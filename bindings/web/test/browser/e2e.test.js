// examples/web/index.html in headless Chromium, driven by Playwright: nothing is read before the
// consent click, the report shows after it and validates against the schema, only the granted
// purposes' reads happen, DevTools emulation (a Pixel 8 on Android 14, a Windows 11 PC, a portrait
// screen) changes the report, and orientation changes arrive as change events.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { missing, ROOT, start } from './harness.js';
import { recordReads } from './record-reads.js';
import { schemaErrors } from '../schema.js';

const skip = missing() ?? false;
if (skip) console.log(`# skipping the browser tests: ${skip}`);


let browser;
before(async () => {
  if (!skip) browser = await start();
});
after(async () => {
  await browser?.close();
});

/** Opens the example page (with `query`), the read recorder installed first. */
async function openExample(query = '', setup = async () => {}) {
  const page = await browser.page();
  await page.addInitScript(recordReads);
  await setup(page);
  await page.goto(`${browser.base}/examples/web/index.html${query}`);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

async function consentAndRead(page) {
  await page.click('#consent');
  await page.waitForFunction(() => document.getElementById('report').textContent.length > 0);
  return JSON.parse(await page.textContent('#report'));
}

const reads = (page) => page.evaluate(() => [...window.__devprobeReads]);
const omitted = (report, field) => report.omitted.find((o) => o.field === field)?.reason;

test('consent click: nothing read before, a schema-valid web report after', { skip }, async () => {
  const page = await openExample();
  assert.equal(await page.textContent('#report'), '', 'the report area is empty before consent');
  assert.deepEqual(await reads(page), [], 'no navigator or screen read before consent');

  const report = await consentAndRead(page);
  assert.equal(report.platform, 'web');
  assert.equal(report.os.name, 'Linux');
  assert.equal(report.os.type, 'linux');
  assert.equal(report.screen.orientation, 'landscape_primary');
  assert.equal(report.screen.rotation_degrees, 0);
  assert.equal(report.network.online, true);
  assert.equal(omitted(report, 'network.ip'), 'unsupported');
  assert.equal(omitted(report, 'device.brand'), 'unsupported');
  assert.deepEqual(schemaErrors(report), []);

  mkdirSync(path.join(ROOT, 'target'), { recursive: true });
  await page.screenshot({ path: path.join(ROOT, 'target/web-e2e.png'), fullPage: true });
  await page.close();
});

test('only the granted purposes are read', { skip }, async () => {
  const cases = {
    compatibility: /^navigator\.(userAgentData|userAgent)/,
    connectivity: /^navigator\.(connection|onLine)/,
    video_orientation: /^screen\.orientation/,
  };
  for (const [purpose, allowed] of Object.entries(cases)) {
    const page = await openExample(`?purposes=${purpose}`);
    await consentAndRead(page);
    const got = await reads(page);
    assert.ok(got.length > 0, `${purpose}: something was read`);
    for (const r of got) assert.match(r, allowed, `${purpose} read ${r}`);
    await page.close();
  }
});

/** Client Hints and UA of a device, for Emulation.setUserAgentOverride. */
const DEVICES = {
  pixel8: {
    userAgent: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
    platform: 'Linux armv81',
    userAgentMetadata: {
      brands: [{ brand: 'Chromium', version: '156' }],
      fullVersion: '156.0.0.0',
      platform: 'Android',
      platformVersion: '14.0.0',
      architecture: '',
      model: 'Pixel 8',
      mobile: true,
    },
  },
  windows11: {
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    platform: 'Win32',
    userAgentMetadata: {
      brands: [{ brand: 'Chromium', version: '156' }],
      fullVersion: '156.0.0.0',
      platform: 'Windows',
      platformVersion: '15.0.0',
      architecture: 'x86',
      model: '',
      mobile: false,
    },
  },
};

async function emulate(page, device) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setUserAgentOverride', DEVICES[device]);
  return cdp;
}

test('DevTools emulation: a Pixel 8 on Android 14 in portrait', { skip }, async () => {
  const page = await openExample('', async (p) => {
    const cdp = await emulate(p, 'pixel8');
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      width: 412, height: 915, deviceScaleFactor: 2.625, mobile: true,
      screenOrientation: { type: 'portraitPrimary', angle: 0 },
    });
  });
  const report = await consentAndRead(page);
  assert.equal(report.os.name, 'Android');
  assert.equal(report.os.version, '14');
  assert.equal(report.os.type, 'linux');
  assert.equal(report.device.model, 'Pixel 8');
  assert.equal(omitted(report, 'device.brand'), 'unsupported');
  assert.equal(report.screen.orientation, 'portrait_primary');
  assert.equal(report.screen.rotation_degrees, 0);
  assert.deepEqual(schemaErrors(report), []);
  await page.close();
});

test('DevTools emulation: a Windows 11 PC', { skip }, async () => {
  const page = await openExample('', (p) => emulate(p, 'windows11'));
  const report = await consentAndRead(page);
  assert.equal(report.os.name, 'Windows');
  assert.equal(report.os.version, '11');
  assert.equal(report.os.type, 'windows');
  assert.equal(report.device?.model, undefined);
  await page.close();
});

test('orientation changes arrive as change events', { skip }, async () => {
  let cdp;
  const page = await openExample('?purposes=video_orientation', async (p) => {
    cdp = await p.context().newCDPSession(p);
  });
  const report = await consentAndRead(page);
  assert.equal(report.screen.orientation, 'landscape_primary');
  await cdp.send('Emulation.setDeviceMetricsOverride', {
    width: 412, height: 915, deviceScaleFactor: 1, mobile: true,
    screenOrientation: { type: 'portraitSecondary', angle: 180 },
  });
  await page.waitForFunction(() => document.getElementById('changes').textContent.includes('portrait_secondary'));
  const change = JSON.parse((await page.textContent('#changes')).trim().split('\n').pop());
  assert.deepEqual(change.screen, { orientation: 'portrait_secondary', rotation_degrees: 180, source: 'display' });
  assert.ok(change.changed.includes('screen.orientation'));

  // Withdrawal removes the listener: a later turn is neither read nor delivered.
  await page.click('#withdraw');
  const readsBefore = (await reads(page)).length;
  const changesBefore = await page.textContent('#changes');
  await cdp.send('Emulation.setDeviceMetricsOverride', {
    width: 915, height: 412, deviceScaleFactor: 1, mobile: true,
    screenOrientation: { type: 'landscapeSecondary', angle: 270 },
  });
  // (matchMedia, not screen: the page's own check must not count as a read.)
  await page.waitForFunction(() => matchMedia('(orientation: landscape)').matches);
  await page.waitForTimeout(200);
  assert.equal((await reads(page)).length, readsBefore, 'nothing read after withdrawal');
  assert.equal(await page.textContent('#changes'), changesBefore);
  await page.close();
});
