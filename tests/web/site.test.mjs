// The map page as a static site (`mapwire export --site DIR`) in a real
// browser: the site is written by the release binary, served by a plain
// static file server (node:http, GET/HEAD and byte ranges, nothing else —
// no mapwire at all), and opened in headless Debian Chromium. The basemap
// must come from the PMTiles archives by range requests, the events from
// the exported GeoJSON, and nothing may ask for a server endpoint.
//
//     node --test tests/web/
//
// Needs what map.test.mjs needs; fails when CI is set and a tool is missing.
// Artifact: target/web-test/site.png.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';

import { ARGS, ARTIFACTS, BIN, CHROMIUM, missingTool } from './support.mjs';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.geojson': 'application/geo+json' };

const missing = await missingTool();
if (missing && process.env.CI) test('browser test tools are installed', () => assert.fail(missing));
if (missing && !process.env.CI) process.stderr.write(`SKIPPED static site test: ${missing}\n`);

/** A static file server over `root` with byte ranges; records every request. */
function staticServer(root, log) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    log.push({ path, range: req.headers.range ?? null });
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const size = statSync(file).size;
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'accept-ranges': 'bytes' };
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (m) {
      const start = Number(m[1]);
      const end = Math.min(m[2] ? Number(m[2]) : size - 1, size - 1);
      if (start > end) {
        res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
        return;
      }
      res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

describe('the map page as a static site', { skip: Boolean(missing) }, () => {
  let work;
  let site;
  let http;
  let base;
  let context;
  const log = [];
  const problems = [];

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'mapwire-site-'));
    site = join(work, 'site');
    const env = { ...process.env, NO_COLOR: '1' };
    for (const name of Object.keys(env)) if (name.startsWith('MAPWIRE_')) delete env[name];
    const run = spawnSync(BIN, ['export', '--site', site, '--maxzoom', '3'], { env, encoding: 'utf8' });
    assert.equal(run.status, 0, `export --site failed:\n${run.stderr}`);
    http = await staticServer(site, log);
    base = `http://127.0.0.1:${http.address().port}`;
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 800 },
    });
  });

  after(async () => {
    await context?.close();
    http?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('shows the events over the PMTiles basemap, with no server behind it', async () => {
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    await page.goto(`${base}/`);
    await page.waitForFunction(() => window.mapwire?.state.started, null, { timeout: 30_000 });

    // Every event of the exported file with a point is on the map.
    const exported = JSON.parse(readFileSync(join(site, 'data', 'events.geojson'), 'utf8')).features;
    const points = exported.filter((f) => f.geometry?.type === 'Point');
    assert.ok(points.length > 0, 'the site has events');
    const shown = await page.evaluate(() => window.mapwire.visibleEvents());
    assert.equal(shown.length, points.length);
    const byId = new Map(shown.map((m) => [m.id, m]));
    for (const f of points) {
      const m = byId.get(String(f.id));
      assert.ok(m, `event ${f.id} has a marker`);
      assert.ok(Math.abs(m.lon - f.geometry.coordinates[0]) < 1e-9 && Math.abs(m.lat - f.geometry.coordinates[1]) < 1e-9);
    }

    // Basemap tiles are decoded PNGs from the archive, fetched by range.
    await page.locator('img.leaflet-tile-loaded').first().waitFor();
    const tiles = await page.evaluate(async () => {
      const imgs = [...document.querySelectorAll('img.leaflet-tile-loaded')].filter((i) => i.src);
      await Promise.all(imgs.map((i) => i.decode()));
      return imgs.map((i) => ({ src: i.src, w: i.naturalWidth }));
    });
    assert.ok(tiles.length > 0);
    const bad = tiles.filter((t) => !t.src.startsWith('blob:') || t.w !== 256);
    assert.deepEqual(bad, [], `${bad.length} of ${tiles.length} tiles are not 256 px archive images`);
    const archive = log.filter((r) => r.path === '/basemap-light.pmtiles');
    assert.ok(archive.length > 1 && archive.every((r) => r.range), `archive requests: ${JSON.stringify(archive)}`);

    // Nothing asked a server endpoint; search and document links are gone.
    const server = log.filter((r) => /^\/(tiles|collections|search|documents|api)\b/.test(r.path));
    assert.deepEqual(server, []);
    assert.equal(await page.locator('#search').isVisible(), false);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(ARTIFACTS, 'site.png') });

    // A popup still quotes its sentence, naming its document without a link.
    const f = points.find((e) => e.properties.sentence);
    assert.ok(await page.evaluate((id) => window.mapwire.showEvent(id), String(f.id)));
    await page.click(`.leaflet-marker-icon[data-event-id="${f.id}"]`);
    const popup = page.locator('.leaflet-popup-content');
    await popup.waitFor();
    assert.ok((await popup.innerText()).includes(f.properties.sentence));
    assert.equal(await popup.locator('a').count(), 0);
    await page.close();
  });
});
