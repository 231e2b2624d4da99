// The map page in a real browser: the release `mapwire` binary on a free
// port of 127.0.0.1, headless Debian Chromium driven by playwright-core.
//
//     node --test tests/web/
//
// Needs /usr/bin/chromium and `npm ci` in tests/web
// (scripts/install-test-tools.sh installs both). When either is missing the
// test fails if CI is set and is skipped with a notice otherwise. The binary
// is target/release/mapwire (or $CARGO_TARGET_DIR/release/mapwire, or
// $MAPWIRE_BIN); `cargo test --release` builds it.
//
// Artifacts: target/web-test/map.png (laptop), map-phone.png, document.png.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { ARGS, ARTIFACTS, BIN, CHROMIUM, missingTool } from './support.mjs';

// Rough outlines (lon/lat boxes) to check that markers sit where they should.
const VENEZUELA = { west: -73.5, east: -59.7, south: 0.6, north: 12.3 };
const NICARAGUA = { west: -87.8, east: -82.6, south: 10.7, north: 15.1 };

const missing = await missingTool();
if (missing && process.env.CI) {
  // In CI a missing tool is a failure, never a silent skip.
  test('browser test tools are installed', () => assert.fail(missing));
}
if (missing && !process.env.CI) {
  process.stderr.write(`SKIPPED browser test: ${missing}; run scripts/install-test-tools.sh\n`);
}

/** The write token of the test server. */
const TOKEN = 'browser-test-token-0123456789';

/**
 * Starts `mapwire serve` on a free port with its store in a temporary
 * directory (never the repository's); resolves with { child, base, dir }.
 */
function startServer() {
  const env = { ...process.env, RUST_LOG: 'mapwire=info', NO_COLOR: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('MAPWIRE_')) delete env[name];
  env.MAPWIRE_TOKEN = TOKEN;
  const dir = mkdtempSync(join(tmpdir(), 'mapwire-store-'));
  const child = spawn(BIN, ['serve', '--bind', '127.0.0.1:0', '--store', join(dir, 'mapwire.gpkg')], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log = [];
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`server did not start in 60 s:\n${log.join('\n')}`));
    }, 60_000);
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${log.join('\n')}`)));
    createInterface({ input: child.stderr }).on('line', (line) => {
      log.push(line);
      const m = /listening on (http:\/\/[^\s/]+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, base: m[1], dir });
      }
    });
  });
}

describe('map page in Chromium', { skip: Boolean(missing) }, () => {
  let server;
  let context;
  let profile;
  let api; // the events layer as the API serves it
  const requests = []; // every URL the browser asked for
  const problems = []; // console errors and page errors, with their page

  /** A new tab whose requests and console errors are recorded. */
  async function openPage({ expect404 = null, viewport = null } = {}) {
    const page = await context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => problems.push(`${page.url()}: page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // A page that is meant to answer 404 logs that its own load failed.
      if (expect404 && m.text().includes('404')) return;
      problems.push(`${page.url()}: console: ${m.text()}`);
    });
    return page;
  }

  async function loadMap(page, hash = '') {
    await page.goto(`${server.base}/${hash}`);
    await page.waitForFunction(() => window.mapwire?.state.started, null, { timeout: 30_000 });
  }

  const visible = (page) => page.evaluate(() => window.mapwire.visibleEvents());
  const count = async (page) => Number(await page.locator('#count').getAttribute('data-visible'));

  before(async () => {
    const { chromium } = await import('playwright-core');
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer();
    profile = mkdtempSync(join(tmpdir(), 'mapwire-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 800 },
    });
    const response = await fetch(`${server.base}/collections/events/items?limit=10000&f=json`);
    api = (await response.json()).features;
    assert.ok(api.length > 0, 'the built-in corpus has events');
  });

  after(async () => {
    await context?.close();
    server?.child.kill();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (server?.dir) rmSync(server.dir, { recursive: true, force: true });
  });

  test('loads fast and puts deployments and port-call agreements where the API says', async (t) => {
    const page = await openPage();
    await loadMap(page);
    const paint = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    );
    assert.ok(paint !== null && paint < 1000, `first contentful paint ${paint} ms`);
    const loaded = await page.evaluate(() => performance.now());
    t.diagnostic(`first contentful paint ${paint.toFixed(0)} ms; page ready (events drawn) by ${loaded.toFixed(0)} ms`);
    const shown = new Map((await visible(page)).map((m) => [m.id, m]));
    for (const type of ['deployment', 'port_call_agreement']) {
      const features = api.filter((f) => f.properties.event_type === type);
      assert.ok(features.length > 0, `the API has ${type} events`);
      for (const f of features) {
        const m = shown.get(String(f.id));
        assert.ok(m, `${type} ${f.id} (${f.properties.summary}) has a marker`);
        assert.equal(m.type, type);
        assert.ok(Math.abs(m.lon - f.geometry.coordinates[0]) < 1e-9 && Math.abs(m.lat - f.geometry.coordinates[1]) < 1e-9);
      }
    }
    const inside = (m, box) => m.lon > box.west && m.lon < box.east && m.lat > box.south && m.lat < box.north;
    const markers = [...shown.values()];
    assert.ok(markers.some((m) => m.type === 'deployment' && inside(m, VENEZUELA)), 'a deployment in Venezuela');
    const pca = markers.find((m) => m.type === 'port_call_agreement' && inside(m, NICARAGUA));
    assert.ok(pca, 'a port-call agreement in Nicaragua');
    // The drawn marker carries its position: zoom until it leaves its cluster.
    assert.ok(await page.evaluate((id) => window.mapwire.showEvent(id), pca.id));
    const icon = page.locator(`.leaflet-marker-icon[data-event-id="${pca.id}"]`);
    await icon.waitFor();
    assert.equal(Number(await icon.getAttribute('data-lat')), pca.lat);
    assert.equal(Number(await icon.getAttribute('data-lng')), pca.lon);
    // The basemap is mapwire's own, and its tiles arrived.
    await page.locator('img.leaflet-tile-loaded').first().waitFor();
    const tiles = await page.evaluate(() =>
      [...document.querySelectorAll('img.leaflet-tile')].map((i) => new URL(i.src).pathname),
    );
    assert.ok(tiles.length > 0 && tiles.every((t) => t.startsWith('/tiles/basemap/')), `tiles: ${tiles}`);
    await page.close();
  });

  test('a marker popup quotes its source sentence and links its document', async () => {
    const page = await openPage();
    await loadMap(page);
    const f = api.find((e) => e.properties.event_type === 'deployment' && e.properties.sentence);
    assert.ok(await page.evaluate((id) => window.mapwire.showEvent(id), String(f.id)));
    await page.click(`.leaflet-marker-icon[data-event-id="${f.id}"]`);
    const popup = page.locator('.leaflet-popup-content');
    await popup.waitFor();
    const text = await popup.innerText();
    assert.ok(text.includes(f.properties.sentence), `popup has the sentence:\n${text}`);
    assert.ok(text.includes(f.properties.summary), 'popup has the summary');
    assert.ok(text.includes(f.properties.title), 'popup has the document title');
    assert.ok(text.includes(f.properties.actor_names[0]), `popup names the actor:\n${text}`);
    assert.match(text, /Deployment/);
    const href = await popup.locator('a').first().getAttribute('href');
    assert.equal(href, `/documents/${f.properties.document}#s${f.properties.offsets[0]}`);
    assert.match(page.url(), new RegExp(`event=${f.id}`), 'the open popup is in the URL hash');
    await page.close();
  });

  test('the time range and the undated switch change the visible count; play runs', async () => {
    const page = await openPage();
    await loadMap(page);
    const all = await count(page);
    assert.equal(all, api.length);
    const min = Number(await page.locator('#from').getAttribute('min'));
    await page.locator('#to').fill(String(min + 5));
    const early = await count(page);
    assert.ok(early < all, `count ${early} < ${all} after narrowing the years`);
    assert.match(await page.locator('#count').innerText(), new RegExp(`Showing ${early} of ${all} events`));
    await page.locator('#undated').uncheck();
    const dated = await count(page);
    assert.ok(dated < early, `count ${dated} < ${early} without undated events`);
    assert.ok(
      (await visible(page)).length === dated && dated > 0,
      'the markers follow the count',
    );
    assert.match(page.url(), new RegExp(`time=${min}-${min + 5}&undated=0`));
    await page.click('#play');
    assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
    await page.waitForFunction((m) => Number(document.getElementById('to').value) > m, min, { timeout: 5000 });
    await page.click('#play');
    assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
    await page.close();
  });

  test('the actor menu filters events; plans, denials and allegations show on request', async () => {
    const page = await openPage();
    await loadMap(page);
    const all = await count(page);
    // Every actor of the events is offered, with its count.
    const options = await page.locator('#actor option').evaluateAll((os) => os.map((o) => o.value));
    const actors = new Set(api.flatMap((f) => f.properties.actors));
    assert.deepEqual(new Set(options.filter(Boolean)).size >= actors.size, true, options.join());
    const pick = options.find((o) => o && o !== 'RU');
    assert.ok(pick, `an actor other than Russia among ${options.join()}`);
    await page.selectOption('#actor', pick);
    const expected = api.filter((f) => f.properties.actors.includes(pick)).length;
    assert.equal(await count(page), expected);
    assert.ok(expected > 0 && expected < all, `${expected} events of ${pick}`);
    for (const m of await visible(page)) {
      const f = api.find((x) => String(x.id) === m.id);
      assert.ok(f.properties.actors.includes(pick), `${m.id} has actors ${f.properties.actors}`);
    }
    assert.match(page.url(), new RegExp(`actor=${pick}`));
    await page.selectOption('#actor', '');
    assert.equal(await count(page), all);
    const claims = (await (await fetch(`${server.base}/collections/claims/items?limit=10000&f=json`)).json())
      .features;
    assert.ok(claims.length > 0, 'the built-in corpus has planned or denied events');
    assert.ok(claims.every((f) => f.properties.status !== 'reported'));
    await page.locator('#claims').check();
    assert.equal(await count(page), all + claims.length);
    assert.match(page.url(), /claims=1/);
    await page.locator('#claims').uncheck();
    assert.equal(await count(page), all);
    await page.close();
  });

  test('a layer toggles off and on from the layer control', async () => {
    const page = await openPage();
    await loadMap(page);
    const before = await count(page);
    // The control is a button on narrower screens: open it first.
    await page.hover('.leaflet-control-layers');
    const box = page.getByRole('checkbox', { name: 'Deployments', exact: true });
    await box.uncheck();
    const types = new Set((await visible(page)).map((m) => m.type));
    assert.ok(!types.has('deployment') && types.has('port_call_agreement'), [...types].join());
    const deployments = api.filter((f) => f.properties.event_type === 'deployment').length;
    assert.equal(await count(page), before - deployments);
    const layers = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('layers').split(',');
    assert.ok(!layers.includes('deployment') && layers.includes('flows_deployment'), page.url());
    await box.check();
    assert.equal(await count(page), before);
    await page.close();
  });

  test('a shared hash restores the view; a malformed one falls back with a notice', async () => {
    let page = await openPage();
    await loadMap(page, '#map=6/10.5/-66.9&layers=deployment,port_call_agreement&time=2008-2019&undated=0');
    const view = await page.evaluate(() => ({
      zoom: window.mapwire.map.getZoom(),
      ...window.mapwire.map.getCenter(),
    }));
    assert.equal(view.zoom, 6);
    assert.ok(Math.abs(view.lat - 10.5) < 0.01 && Math.abs(view.lng + 66.9) < 0.01, JSON.stringify(view));
    const types = new Set((await visible(page)).map((m) => m.type));
    assert.deepEqual([...types].sort(), ['deployment', 'port_call_agreement'].filter((t) => types.has(t)).sort());
    assert.ok(!types.has('visit'));
    assert.equal(await page.inputValue('#from'), '2008');
    assert.equal(await page.inputValue('#to'), '2019');
    assert.equal(await page.isChecked('#undated'), false);

    await page.close();

    page = await openPage();
    await loadMap(page, '#map=banana&layers=nope');
    const notice = page.locator('#notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), /could not be read/);
    assert.ok((await visible(page)).length === api.length, 'the default view shows every event');
    assert.ok(await page.locator('.leaflet-tile-loaded').count() > 0, 'the map is not blank');
    assert.ok(!page.url().includes('banana'), 'the bad hash is replaced by the default view');
    await page.close();
  });

  test('markup in the URL hash stays text', async () => {
    const page = await openPage();
    const hostile = '<img src=x onerror="window.__xss=1"><a href="https://evil.example/">Login</a>';
    await loadMap(page, `#map=6/10.5/-66.9&mark=${encodeURIComponent(hostile)}`);
    const label = page.locator('.mark-label');
    await label.waitFor();
    assert.equal(await label.innerText(), hostile);
    assert.equal(await page.locator('.mark-label img, .mark-label a').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    await page.close();
  });

  test('place search flies to the place; an empty search says what to do', async () => {
    const page = await openPage();
    await loadMap(page);
    await page.click('#search button[type=submit]');
    assert.match(await page.locator('#search-status').innerText(), /Type a place name/);
    await page.fill('#search-input', 'Havana');
    await page.press('#search-input', 'Enter');
    await page.waitForFunction(() => {
      const c = window.mapwire.map.getCenter();
      return Math.abs(c.lat - 23.13) < 0.2 && Math.abs(c.lng + 82.38) < 0.2;
    }, null, { timeout: 10_000 });
    assert.match(await page.locator('#search-status').innerText(), /Havana/);
    await page.waitForURL(/mark=Havana/);
    await page.fill('#search-input', 'Qqqzzzx');
    await page.press('#search-input', 'Enter');
    await page.locator('#search-status', { hasText: 'No place matches' }).waitFor();
    await page.close();
  });

  test('a document shows its mentions highlighted and linked to the map', async () => {
    const page = await openPage();
    const f = api.find((e) => e.properties.event_type === 'port_call_agreement');
    const doc = f.properties.document;
    await page.goto(`${server.base}/documents/${doc}#s${f.properties.offsets[0]}`);
    const mentions = page.locator('article a.mention');
    const json = await (await fetch(`${server.base}/documents/${doc}?f=json`)).json();
    assert.equal(await mentions.count(), json.mentions.length);
    assert.ok(json.mentions.length > 0);
    const target = page.locator(`#s${f.properties.offsets[0]}`);
    assert.equal(await target.innerText(), f.properties.sentence);
    await page.screenshot({ path: join(ARTIFACTS, 'document.png') });
    const first = mentions.first();
    const name = json.mentions[0].name;
    await first.click();
    await page.waitForFunction(() => window.mapwire?.state.started, null, { timeout: 30_000 });
    assert.match(page.url(), new RegExp(`mark=${encodeURIComponent(name).replace(/[()]/g, '\\$&')}`));
    const center = await page.evaluate(() => window.mapwire.map.getCenter());
    assert.ok(Math.abs(center.lat - json.mentions[0].lat) < 0.01, JSON.stringify(center));

    // The document lists its events; one opens the event's popup on the map.
    await page.goto(`${server.base}/documents/${doc}`);
    await page.click(`.doc-events a[href="/#event=${f.id}"]`);
    await page.waitForFunction(() => window.mapwire?.state.started, null, { timeout: 30_000 });
    const popup = page.locator('.leaflet-popup-content');
    await popup.waitFor();
    assert.ok((await popup.innerText()).includes(f.properties.sentence));
    await page.close();
  });

  test('an unknown document gets a clear page, not a blank one', async () => {
    const page = await openPage({ expect404: true });
    const response = await page.goto(`${server.base}/documents/no-such-document`);
    assert.equal(response.status(), 404);
    assert.match(await page.locator('main').innerText(), /No such document[\s\S]*no-such-document/);
    assert.ok(await page.locator('a[href="/"]').count() > 0, 'a way back to the map');
    await page.close();
  });

  test('readable at phone width', async () => {
    const page = await openPage({ viewport: { width: 390, height: 844 } });
    await loadMap(page);
    const layout = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      map: document.getElementById('map').getBoundingClientRect().height,
      panel: document.querySelector('.panel').getBoundingClientRect().width,
    }));
    assert.ok(layout.scroll <= 390, `no sideways scrolling (${layout.scroll} px wide)`);
    assert.ok(layout.map > 300, `map ${layout.map} px tall`);
    assert.ok(layout.panel > 300, 'the time panel spans the width');
    await page.screenshot({ path: join(ARTIFACTS, 'map-phone.png'), fullPage: true });
    await page.close();
  });

  test('keyboard focus is visible', async () => {
    const page = await openPage();
    await loadMap(page);
    await page.focus('#search-input');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none');
    await page.close();
  });

  test('screenshot of the map with a popup open', async () => {
    const page = await openPage();
    await loadMap(page);
    const f = api.find((e) => e.properties.event_type === 'port_call_agreement');
    await page.evaluate((id) => window.mapwire.openEvent(id), String(f.id));
    // Let the popup fade in and the view settle.
    await page.waitForTimeout(600);
    await page.waitForFunction(() => {
      const tiles = [...document.querySelectorAll('img.leaflet-tile')];
      return tiles.length > 0 && tiles.every((t) => t.complete);
    }, null, { timeout: 20_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'map.png') });
    await page.close();
  });

  test('a document posted to the API appears on the open page, view and popup kept', { timeout: 90_000 }, async () => {
    const page = await openPage();
    await loadMap(page);
    const f = api.find((e) => e.properties.event_type === 'port_call_agreement');
    assert.ok(await page.evaluate((id) => window.mapwire.openEvent(id), String(f.id)));
    await page.locator('.leaflet-popup-content').waitFor();
    // Anything the page keeps would be lost by a reload.
    await page.evaluate(() => {
      window.notReloaded = true;
    });
    const view = () =>
      page.evaluate(() => {
        const c = window.mapwire.map.getCenter();
        return { lat: c.lat, lng: c.lng, zoom: window.mapwire.map.getZoom() };
      });
    // Opening the popup may pan the map to fit it: wait until it rests.
    let before = await view();
    for (let settled = 0; settled < 5; ) {
      await page.waitForTimeout(150);
      const now = await view();
      settled = JSON.stringify(now) === JSON.stringify(before) ? settled + 1 : 0;
      before = now;
    }
    const text = [
      'Title: Frigate in Havana',
      'Published: 2024-06-12',
      '',
      'The Russian frigate Admiral Gorshkov arrived in Havana on Wednesday for a five-day port call.',
      '',
    ].join('\n');
    const posted = await fetch(`${server.base}/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/plain' },
      body: text,
    });
    assert.equal(posted.status, 201, await posted.clone().text());
    const doc = await posted.json();
    const ids = doc.events.map((e) => String(e.id));
    assert.ok(ids.length > 0, 'the document has events');
    await page.waitForFunction(
      (wanted) => {
        const all = new Set(window.mapwire.visibleEvents().map((e) => e.id));
        return wanted.every((id) => all.has(id));
      },
      ids,
      { timeout: 15_000 },
    );
    assert.ok(await page.evaluate(() => window.notReloaded === true), 'the page was not reloaded');
    assert.deepEqual(await view(), before, 'the view did not move');
    const popup = await page.locator('.leaflet-popup-content').innerText();
    assert.ok(popup.includes(f.properties.summary), `the popup is still open:\n${popup}`);
    // The new events' markers sit where the API puts them.
    const drawn = await page.evaluate(() => window.mapwire.visibleEvents());
    for (const e of doc.events) {
      const m = drawn.find((d) => d.id === String(e.id));
      assert.deepEqual([m.lon, m.lat], e.geometry.coordinates);
    }
    // Removed through the API: gone from the page too.
    const removed = await fetch(`${server.base}/documents/${doc.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(removed.status, 200);
    await page.waitForFunction(
      (wanted) => !window.mapwire.visibleEvents().some((e) => wanted.includes(e.id)),
      ids,
      { timeout: 15_000 },
    );
    await page.close();
  });

  test('no request left 127.0.0.1 and the console stayed clean', () => {
    assert.ok(requests.length > 20, `${requests.length} requests seen`);
    const away = requests.filter((u) => {
      const url = new URL(u);
      return !(url.protocol === 'data:' || url.hostname === '127.0.0.1');
    });
    assert.deepEqual(away, []);
    assert.deepEqual(problems, []);
  });
});
