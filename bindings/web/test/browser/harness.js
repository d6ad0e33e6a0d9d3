// Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core
// (no browser download), a fresh profile per run, no network but the test's own server on
// 127.0.0.1, which serves the repository (examples/web, bindings/web, bindings/web/pkg).
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** Why the browser tests cannot run here, or null. CI=true never skips: a missing piece fails. */
export function missing() {
  const need = [
    [CHROMIUM, 'chromium (apt-get install chromium)'],
    [path.join(ROOT, 'bindings/web/pkg/devprobe_web_bg.wasm'), 'the wasm build (bash .ci/web.sh)'],
  ];
  for (const [file, what] of need) {
    try {
      statSync(file);
    } catch {
      if (process.env.CI === 'true') throw new Error(`CI=true and ${what} is missing: ${file}`);
      return `${what} is missing`;
    }
  }
  return null;
}

/** A static server over the repository on 127.0.0.1 and a fresh headless Chromium. */
export async function start() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const file = path.join(ROOT, path.normalize(decodeURIComponent(url.pathname)));
    if (!file.startsWith(ROOT + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const profile = mkdtempSync(path.join(tmpdir(), 'devprobe-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 720 },
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    context,
    base,
    async page() {
      return context.newPage();
    },
    async close() {
      await context.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
