// The map page: mapwire's basemap, the event layers with their flows, a
// time filter, place search and a shareable URL hash. Data comes only from
// this server's API (the page's CSP refuses anything else), or from the
// files of a static site (see site.js).
//
// Event markers of every type live in one cluster group, so markers of
// different types at the same place cluster together instead of hiding each
// other. The layer control's event entries are empty stand-in layers: the
// page watches which of them are on and refills the cluster group (and the
// flows) with what passes both the type and the time filter.

import { EVENT_TYPES, FLOW_TYPES, LAYER_KEYS, formatHash, parseHash } from './hash.js';
import { STATIC, basemapLayer, collectionUrl, documentUrl, hideServerOnly } from './site.js';
import { PLACE_COLOUR, TYPES, flowSvg, placeSvg, symbolSvg } from './symbols.js';

const L = window.L;
const $ = (id) => document.getElementById(id);

/** Latin America and the Caribbean, with Moscow (where most flows start). */
const DEFAULT_BOUNDS = [
  [-56, -118],
  [58, 40],
];

/**
 * The default view: DEFAULT_BOUNDS at the nearest whole zoom. Whole zooms
 * keep the basemap's tiles at their native size (scaled tiles blur and show
 * seams); rounding up may crop the far south a little, which is the price
 * of a larger Caribbean.
 */
function defaultView() {
  const size = map.getSize();
  const [[south, west], [north, east]] = DEFAULT_BOUNDS;
  const nw = map.project([north, west], 0);
  const se = map.project([south, east], 0);
  const fit = Math.log2(Math.min(size.x / (se.x - nw.x), size.y / (se.y - nw.y)));
  const zoom = Math.max(1, Math.round(fit));
  return { center: map.unproject(nw.add(se).divideBy(2), 0), zoom };
}
const DEFAULT_LAYERS = new Set(LAYER_KEYS.filter((k) => k !== 'flows_arms_transfer'));
const BASEMAP_ATTRIBUTION =
  'Basemap by mapwire · Made with Natural Earth; capitals © GeoNames (CC BY 4.0)';
/** Zoom to show a place of each kind (also used by the document pages). */
const KIND_ZOOM = { continent: 3, sea: 4, demonym: 4, country: 5, region: 6, city: 9 };

const state = {
  years: null, // { min, max } over dated events, once loaded
  time: null, // { from, to }
  undated: true,
  actor: null, // ISO code (or organisation) an event's actors must include
  claims: false, // also draw planned, denied and alleged events

  base: 'light',
  mark: null, // { name, lat, lon } marked by a link or a search
  event: null, // id of the event whose popup is open
  playing: null, // interval id while the time control plays
  started: false, // the hash is written only once the first view is set up
  lastHash: null,
};

let map;
let cluster;
let flowsGroup;
let placesGroup;
let markLayer = null;
const bases = {};
const overlays = {}; // layer key → stand-in or real layer in the control
const markers = new Map(); // event id → L.Marker
const events = []; // { id, type, lat, lon, from, to, actors, claim, feature }
const actorNames = new Map(); // actor code → name, from the events' actor_names
const flows = []; // { id, type, from, to, actors, layer, feature }
const places = new Map(); // place id → { marker, feature }
let resolveReady;
const ready = new Promise((resolve) => {
  resolveReady = resolve;
});

// ---------------------------------------------------------------- notices

function notice(text, kind = 'info') {
  const box = $('notice');
  box.replaceChildren();
  const p = document.createElement('p');
  p.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.setAttribute('aria-label', 'Dismiss this notice');
  close.textContent = '×';
  close.addEventListener('click', () => {
    box.hidden = true;
  });
  box.append(p, close);
  box.className = `notice ${kind}`;
  box.hidden = false;
}

// ------------------------------------------------------------------- map

function createMap() {
  map = L.map('map', {
    // Whole zoom levels only: the basemap is rendered for them.
    zoomSnap: 1,
    worldCopyJump: true,
    minZoom: 1,
    maxZoom: 14,
  });
  for (const style of ['light', 'dark']) {
    bases[style] = basemapLayer(L, style, { maxZoom: 14, attribution: BASEMAP_ATTRIBUTION });
  }
  cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 45,
    spiderfyDistanceMultiplier: 1.6,
  });
  flowsGroup = L.layerGroup();
  placesGroup = L.layerGroup();
  // Flows under places under event markers.
  flowsGroup.addTo(map);
  cluster.addTo(map);
  for (const type of EVENT_TYPES) overlays[type] = L.layerGroup();
  for (const type of FLOW_TYPES) overlays[`flows_${type}`] = L.layerGroup();
  overlays.places = placesGroup;

  const entries = {};
  for (const type of EVENT_TYPES) {
    entries[`${symbolSvg(type, 18)}<span>${TYPES[type].label}</span>`] = overlays[type];
  }
  entries[`${placeSvg()}<span>Places named</span>`] = overlays.places;
  for (const type of FLOW_TYPES) {
    entries[`${flowSvg(type)}<span>Flows: ${TYPES[type].label.toLowerCase()}</span>`] =
      overlays[`flows_${type}`];
  }
  // Open only on wide screens; elsewhere a button, so it does not cover the map.
  const narrow = window.matchMedia('(max-width: 1500px)').matches;
  L.control
    .layers({ 'Light basemap': bases.light, 'Dark basemap': bases.dark }, entries, {
      collapsed: narrow,
    })
    .addTo(map);
  L.control.scale({ imperial: false }).addTo(map);

  map.on('overlayadd overlayremove', () => {
    refresh();
    writeHash();
  });
  map.on('baselayerchange', (e) => {
    state.base = e.layer === bases.dark ? 'dark' : 'light';
    document.body.classList.toggle('dark', state.base === 'dark');
    writeHash();
  });
  map.on('moveend', writeHash);
  map.on('popupopen', (e) => {
    const id = e.popup._source?.options?.eventId;
    state.event = id ?? null;
    writeHash();
  });
  map.on('popupclose', () => {
    state.event = null;
    writeHash();
  });
}

// ------------------------------------------------------------------ data

/**
 * Every feature of a collection, following `next` links past the first page.
 * After a live update the browser's cached copy is stale: `fresh` asks the
 * server again (it answers 304 for what did not change).
 */
async function fetchAll(collection, fresh = false) {
  const features = [];
  let url = collectionUrl(collection);
  for (let page = 0; url && page < 100; page += 1) {
    const response = await fetch(url, {
      headers: { Accept: 'application/geo+json' },
      cache: fresh ? 'no-cache' : 'default',
    });
    if (!response.ok) throw new Error(`${collection}: HTTP ${response.status}`);
    const body = await response.json();
    features.push(...(body.features || []));
    const next = (body.links || []).find((l) => l.rel === 'next');
    // Links carry this server's host; keep only the path so the request stays here.
    url = next ? new URL(next.href, location.href).pathname + new URL(next.href, location.href).search : null;
  }
  return features;
}

function yearOf(timestamp) {
  return timestamp ? Number(timestamp.slice(0, 4)) : null;
}

/** Adds events; `claim` marks planned, denied and alleged ones (drawn
 * apart, only when the reader asks for them). */
function addEvents(features, claim = false) {
  for (const f of features) {
    const p = f.properties || {};
    if (!TYPES[p.event_type] || f.geometry?.type !== 'Point') continue;
    const [lon, lat] = f.geometry.coordinates;
    const id = String(f.id);
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({
        className: `event-icon t-${p.event_type}${claim ? ` claim s-${p.status}` : ''}`,
        html: symbolSvg(p.event_type),
        iconSize: [26, 26],
        iconAnchor: [13, 13],
        popupAnchor: [0, -12],
      }),
      title: p.summary || TYPES[p.event_type].one,
      keyboard: true,
      eventId: id,
    });
    marker.bindPopup(() => eventPopup(f), { maxWidth: 340, minWidth: 240, autoPanPadding: [24, 24] });
    marker.on('add', () => {
      // Markers inside a cluster have no element; these attributes appear
      // when a marker is drawn, for keyboard users, screen readers and tests.
      const el = marker.getElement();
      if (!el) return;
      el.dataset.eventId = id;
      el.dataset.type = p.event_type;
      el.dataset.lat = String(lat);
      el.dataset.lng = String(lon);
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', p.summary || TYPES[p.event_type].one);
    });
    markers.set(id, marker);
    const actors = Array.isArray(p.actors) ? p.actors.map(String) : [];
    const names = Array.isArray(p.actor_names) ? p.actor_names.map(String) : [];
    actors.forEach((code, k) => {
      if (!actorNames.has(code)) actorNames.set(code, names[k] || code);
    });
    events.push({
      id,
      type: p.event_type,
      lat,
      lon,
      from: yearOf(p.start),
      to: yearOf(p.end) ?? yearOf(p.start),
      actors,
      claim,
      feature: f,
    });
  }
}

function addFlows(features) {
  for (const f of features) {
    const p = f.properties || {};
    const t = TYPES[p.event_type];
    if (!t || !FLOW_TYPES.includes(p.event_type) || !f.geometry) continue;
    const lines =
      f.geometry.type === 'LineString'
        ? [f.geometry.coordinates]
        : f.geometry.type === 'MultiLineString'
          ? f.geometry.coordinates
          : [];
    if (!lines.length) continue;
    const layer = L.polyline(
      lines.map((line) => line.map(([x, y]) => [y, x])),
      {
        color: t.colour,
        weight: 2.5,
        opacity: 0.75,
        dashArray: p.event_type === 'port_call' ? '6 4' : null,
        className: `flow flow-${p.event_type}`,
      },
    );
    layer.bindPopup(() => flowPopup(f), { maxWidth: 320 });
    flows.push({
      id: String(f.id),
      type: p.event_type,
      from: yearOf(p.start),
      to: yearOf(p.end) ?? yearOf(p.start),
      actors: Array.isArray(p.actors) ? p.actors.map(String) : [],
      layer,
      feature: f,
    });
  }
}

function addPlaces(features) {
  for (const f of features) {
    if (f.geometry?.type !== 'Point') continue;
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties || {};
    const marker = L.circleMarker([lat, lon], {
      radius: 4.5,
      color: PLACE_COLOUR,
      weight: 2.5,
      fillColor: '#fff',
      fillOpacity: 1,
      className: 'place',
    })
      .bindTooltip(textOnly(p.name || ''), { direction: 'top', offset: [0, -4] })
      .bindPopup(() => placePopup(f), { maxWidth: 300 })
      .addTo(placesGroup);
    places.set(String(f.id), { marker, feature: f });
  }
}

// --------------------------------------------------------------- popups

/** Tooltip content that is text, never markup: Leaflet inserts a string
 * as HTML, and names come from data and from the URL hash. */
function textOnly(text) {
  return el('span', null, String(text));
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function describeAsset(a) {
  const count = a.count ? `${a.count} ` : '';
  const cls = a.class && a.kind === 'designation' ? ` ${a.class}` : '';
  return `${count}${a.name}${cls}`;
}

function documentLink(p) {
  const source = el('p', 'source');
  source.append('From ');
  const anchor = Array.isArray(p.offsets) ? `#s${p.offsets[0]}` : '';
  const href = documentUrl(p.document, anchor);
  const a = el(href ? 'a' : 'cite', null, p.title || p.document);
  if (href) a.href = href;
  source.append(a);
  source.append(p.published ? `, published ${p.published}` : ', undated');
  return source;
}

function eventPopup(f) {
  const p = f.properties;
  const t = TYPES[p.event_type];
  const box = el('div', `popup t-${p.event_type}`);
  const head = el('p', 'popup-type');
  head.innerHTML = symbolSvg(p.event_type, 18);
  head.append(el('span', null, t.one));
  if (p.status && p.status !== 'reported') head.append(el('span', `status ${p.status}`, p.status));
  box.append(head, el('h3', 'summary', p.summary || t.one));
  const facts = el('dl');
  const fact = (name, value) => facts.append(el('dt', null, name), el('dd', null, value));
  fact('Date', p.date || 'not stated');
  const place = p.facility ? `${p.facility}, near ${p.place}` : p.place;
  fact('Place', place ? `${place}${p.country ? ` (${p.country})` : ''}` : 'unknown');
  const actors = Array.isArray(p.actor_names) && p.actor_names.length ? p.actor_names : p.actors;
  if (Array.isArray(actors) && actors.length) fact(actors.length > 1 ? 'Actors' : 'Actor', actors.join(', '));
  if (Array.isArray(p.assets) && p.assets.length) fact('Assets', p.assets.map(describeAsset).join('; '));
  if (p.person) fact('Who', p.person);
  box.append(facts);
  if (p.sentence) {
    const quote = el('blockquote', 'sentence');
    quote.textContent = `“${p.sentence}”`;
    box.append(quote);
  }
  const others = Array.isArray(p.sentences) ? p.sentences.length - 1 : 0;
  if (others > 0) box.append(el('p', 'also', `Also reported in ${others} other sentence${others > 1 ? 's' : ''} of the article.`));
  if (p.document) box.append(documentLink(p));
  return box;
}

function flowPopup(f) {
  const p = f.properties;
  const box = el('div', `popup t-${p.event_type}`);
  box.append(el('p', 'popup-type', `${TYPES[p.event_type].one}: flow`));
  box.append(el('h3', 'summary', p.summary || ''));
  const facts = el('dl');
  facts.append(el('dt', null, 'From'), el('dd', null, p.origin_name || p.origin || 'unknown'));
  facts.append(el('dt', null, 'To'), el('dd', null, p.place || 'unknown'));
  facts.append(el('dt', null, 'Date'), el('dd', null, p.date || 'not stated'));
  box.append(facts);
  if (p.document) box.append(documentLink(p));
  return box;
}

function placePopup(f) {
  const p = f.properties;
  const box = el('div', 'popup place');
  box.append(el('p', 'popup-type', `Place · ${p.kind || ''}${p.country ? ` · ${p.country}` : ''}`));
  box.append(el('h3', 'summary', p.name || ''));
  box.append(el('p', null, `Named ${p.mentions ?? 0} times in ${(p.documents || []).length} documents:`));
  const list = el('ul', 'docs');
  for (const id of p.documents || []) {
    const href = documentUrl(id);
    const a = el(href ? 'a' : 'span', null, id);
    if (href) a.href = href;
    const li = el('li');
    li.append(a);
    list.append(li);
  }
  box.append(list);
  return box;
}

// ---------------------------------------------------------- filtering

function inTime(from, to) {
  if (from === null) return state.undated;
  if (!state.time) return true;
  return from <= state.time.to && to >= state.time.from;
}

function byActor(actors) {
  return !state.actor || actors.includes(state.actor);
}

/** Whether the filters let an event (or a claim) be drawn. */
function passes(e) {
  return map.hasLayer(overlays[e.type]) && inTime(e.from, e.to) && byActor(e.actors) && (!e.claim || state.claims);
}

function visibleEvents() {
  return events.filter(passes);
}

/** Refills the cluster group and the flows from the filters. */
function refresh() {
  const shown = visibleEvents();
  cluster.clearLayers();
  cluster.addLayers(shown.map((e) => markers.get(e.id)));
  flowsGroup.clearLayers();
  for (const f of flows) {
    if (map.hasLayer(overlays[`flows_${f.type}`]) && inTime(f.from, f.to) && byActor(f.actors)) {
      flowsGroup.addLayer(f.layer);
    }
  }
  showCounts(shown);
}

/** The event count line and the legend's counts. */
function showCounts(shown = visibleEvents()) {
  const undated = shown.filter((e) => e.from === null).length;
  const claims = shown.filter((e) => e.claim).length;
  const reported = events.filter((e) => !e.claim).length;
  $('count').textContent =
    `Showing ${shown.length - claims} of ${reported} events` +
    (undated ? ` (${undated} undated)` : '') +
    (claims ? `, and ${claims} plans, denials or allegations` : '');
  $('count').dataset.visible = String(shown.length);
  updateLegendCounts(shown);
}

// ----------------------------------------------------------------- time

function setupTime() {
  const years = events.filter((e) => e.from !== null).flatMap((e) => [e.from, e.to]);
  const from = $('from');
  const to = $('to');
  if (!years.length) {
    for (const input of [from, to, $('play')]) input.disabled = true;
    $('time-range').textContent = 'no dated events';
    return;
  }
  state.years = { min: Math.min(...years), max: Math.max(...years) };
  for (const input of [from, to]) {
    input.min = String(state.years.min);
    input.max = String(state.years.max);
  }
  if (!state.time) state.time = { from: state.years.min, to: state.years.max };
  state.time = {
    from: clamp(state.time.from, state.years.min, state.years.max),
    to: clamp(state.time.to, state.years.min, state.years.max),
  };
  showTime();
  from.addEventListener('input', () => {
    stopPlaying();
    state.time.from = Number(from.value);
    if (state.time.to < state.time.from) state.time.to = state.time.from;
    timeChanged();
  });
  to.addEventListener('input', () => {
    stopPlaying();
    state.time.to = Number(to.value);
    if (state.time.from > state.time.to) state.time.from = state.time.to;
    timeChanged();
  });
  $('undated').addEventListener('change', () => {
    state.undated = $('undated').checked;
    timeChanged();
  });
  $('play').addEventListener('click', () => (state.playing ? stopPlaying() : play()));
}

function clamp(x, lo, hi) {
  return Math.min(hi, Math.max(lo, x));
}

function showTime() {
  $('from').value = String(state.time.from);
  $('to').value = String(state.time.to);
  $('time-range').textContent =
    state.time.from === state.time.to ? `${state.time.from}` : `${state.time.from} – ${state.time.to}`;
  $('undated').checked = state.undated;
}

function timeChanged() {
  showTime();
  refresh();
  writeHash();
}

/** Plays the years: the range grows one year a step from its start. */
function play() {
  const button = $('play');
  state.time.to = state.time.from;
  timeChanged();
  button.textContent = '❚❚ Pause';
  button.setAttribute('aria-pressed', 'true');
  state.playing = window.setInterval(() => {
    if (state.time.to >= state.years.max) {
      stopPlaying();
      return;
    }
    state.time.to += 1;
    timeChanged();
  }, 900);
}

function stopPlaying() {
  if (!state.playing) return;
  window.clearInterval(state.playing);
  state.playing = null;
  $('play').textContent = '▶ Play';
  $('play').setAttribute('aria-pressed', 'false');
}

// --------------------------------------------------------------- legend

function buildLegend() {
  const list = $('legend-list');
  list.replaceChildren();
  for (const type of EVENT_TYPES) {
    const li = el('li');
    li.innerHTML = symbolSvg(type, 20);
    li.append(el('span', 'name', TYPES[type].label));
    const count = el('span', 'n');
    count.dataset.type = type;
    li.append(count);
    list.append(li);
  }
  const claim = el('li', 'claim-key');
  claim.innerHTML = symbolSvg('deployment', 20);
  claim.append(el('span', 'name', 'Faded: planned, denied or alleged (when shown)'));
  list.append(claim);
  const place = el('li');
  place.innerHTML = placeSvg();
  place.append(el('span', 'name', 'Place named in the news'));
  list.append(place);
  for (const type of ['deployment', 'port_call']) {
    const li = el('li');
    li.innerHTML = flowSvg(type);
    li.append(el('span', 'name', `${TYPES[type].one} route (from origin)`));
    list.append(li);
  }
}

function updateLegendCounts(shown) {
  for (const span of document.querySelectorAll('#legend-list .n')) {
    span.textContent = String(shown.filter((e) => e.type === span.dataset.type).length);
  }
  // Who acts in what is shown: the main actor of each event.
  const counts = new Map();
  for (const e of shown) {
    const main = e.actors[0];
    if (main) counts.set(main, (counts.get(main) || 0) + 1);
  }
  const list = $('legend-actors');
  list.replaceChildren();
  for (const [code, n] of [...counts].sort((a, b) => b[1] - a[1])) {
    const li = el('li');
    li.append(el('span', 'name', actorNames.get(code) || code), el('span', 'n', String(n)));
    li.dataset.actor = code;
    list.append(li);
  }
}

/** The actor menu: every actor of the loaded events, most active first. */
function setupActors() {
  const select = $('actor');
  const counts = new Map();
  for (const e of events) for (const a of e.actors) counts.set(a, (counts.get(a) || 0) + 1);
  const all = select.options[0];
  select.replaceChildren(all);
  for (const [code, n] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const option = el('option', null, `${actorNames.get(code) || code} (${n})`);
    option.value = code;
    select.append(option);
  }
  showWho();
  select.addEventListener('change', () => {
    state.actor = select.value || null;
    refresh();
    writeHash();
  });
  $('claims').addEventListener('change', () => {
    state.claims = $('claims').checked;
    refresh();
    writeHash();
  });
}

function showWho() {
  const select = $('actor');
  // An actor from a link that no event has still filters (to nothing), and says so.
  if (state.actor && ![...select.options].some((o) => o.value === state.actor)) {
    const option = el('option', null, `${state.actor} (0)`);
    option.value = state.actor;
    select.append(option);
  }
  select.value = state.actor ?? '';
  $('claims').checked = state.claims;
}

// --------------------------------------------------------------- search

function setupSearch() {
  const form = $('search');
  const input = $('search-input');
  const status = $('search-status');
  const results = $('search-results');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const q = input.value.trim();
    results.replaceChildren();
    results.hidden = true;
    if (!q) {
      status.textContent = 'Type a place name to search, for example “Havana”.';
      status.className = 'search-status error';
      input.focus();
      return;
    }
    status.textContent = 'Searching…';
    status.className = 'search-status';
    try {
      const response = await fetch(`/search?q=${encodeURIComponent(q)}`);
      const body = await response.json();
      if (!response.ok) throw new Error(body.description || `HTTP ${response.status}`);
      showResults(q, body.results || []);
    } catch (err) {
      status.textContent = `Search failed: ${err.message}`;
      status.className = 'search-status error';
    }
  });
}

function showResults(q, found) {
  const status = $('search-status');
  const results = $('search-results');
  if (!found.length) {
    status.textContent = `No place matches “${q}”.`;
    status.className = 'search-status error';
    return;
  }
  status.textContent = `${found.length} place${found.length > 1 ? 's' : ''} found; showing ${found[0].name}.`;
  status.className = 'search-status';
  for (const r of found) {
    const li = el('li');
    const button = el('button', null, r.name);
    button.type = 'button';
    button.append(el('small', null, ` ${r.kind}${r.country ? `, ${r.country}` : ''}`));
    button.addEventListener('click', () => {
      goTo(r);
      results.hidden = true;
    });
    li.append(button);
    results.append(li);
  }
  results.hidden = found.length < 2;
  goTo(found[0]);
}

function goTo(place) {
  mark({ name: place.name, lat: place.lat, lon: place.lon });
  map.flyTo([place.lat, place.lon], KIND_ZOOM[place.kind] ?? 10, { duration: 0.8 });
}

function mark(place) {
  if (markLayer) markLayer.remove();
  state.mark = place;
  if (!place) return;
  markLayer = L.marker([place.lat, place.lon], {
    icon: L.divIcon({ className: 'mark', iconSize: [22, 22], iconAnchor: [11, 11] }),
    keyboard: false,
    interactive: false,
  })
    .bindTooltip(textOnly(place.name), { permanent: true, direction: 'right', offset: [12, 0], className: 'mark-label' })
    .addTo(map);
}

// ----------------------------------------------------------------- live

/**
 * The server announces every change of its layers on `/updates` (Server-Sent
 * Events). The page fetches the changed layers again and swaps only the
 * features that changed: the view stays where it is, and a popup stays open
 * unless its own feature went away.
 */
const live = { revision: 0, applied: 0, pending: null, running: false, ready: false };

function listenForUpdates() {
  // A static copy of the page has no server to announce changes.
  if (!window.EventSource || STATIC) return;
  const source = new EventSource('/updates');
  source.addEventListener('hello', (e) => {
    const { revision } = JSON.parse(e.data);
    // A reconnect after missed updates: everything may have changed.
    if (live.revision && revision > live.revision) queueUpdate({ revision, layers: [], reload: true });
    live.revision = Math.max(live.revision, revision);
  });
  source.addEventListener('update', (e) => queueUpdate(JSON.parse(e.data)));
  source.addEventListener('reload', () => queueUpdate({ revision: live.revision, layers: [], reload: true }));
}

/** Merges updates that arrive while one is being applied. */
function queueUpdate(update) {
  const layers = new Set([...(live.pending?.layers ?? []), ...(update.layers ?? [])]);
  live.pending = {
    revision: Math.max(live.pending?.revision ?? 0, update.revision ?? 0),
    layers: [...layers],
    reload: Boolean(live.pending?.reload || update.reload),
  };
  // Updates heard while the page first loads its layers wait for it.
  if (live.ready && !live.running) runUpdates();
}

async function runUpdates() {
  live.running = true;
  while (live.pending) {
    const update = live.pending;
    live.pending = null;
    try {
      await applyUpdate(update);
    } catch (err) {
      notice(`The map could not follow a change on the server (${err.message}); reload the page to see it.`, 'warning');
    }
  }
  live.running = false;
}

async function applyUpdate(update) {
  const all = update.reload;
  const wants = (id) => all || update.layers.includes(id);
  const [newEvents, newClaims, newFlows, newPlaces] = await Promise.all([
    wants('events') ? fetchAll('events', true) : null,
    wants('claims') ? fetchAll('claims', true) : null,
    wants('flows') ? fetchAll('flows', true) : null,
    wants('places') ? fetchAll('places', true) : null,
  ]);
  if (newEvents) swapEvents(newEvents, false);
  if (newClaims) swapEvents(newClaims, true);
  if (newFlows) swapFlows(newFlows);
  if (newPlaces) swapPlaces(newPlaces);
  if (newEvents || newClaims) {
    updateYears();
    // Highlighted countries and event-place labels may have changed.
    for (const [style, layer] of Object.entries(bases)) {
      layer.setUrl(`/tiles/basemap/{z}/{x}/{y}{r}.png?style=${style}&v=${update.revision}`);
    }
  }
  live.revision = Math.max(live.revision, update.revision);
  live.applied += 1;
}

/** (ids gone, features new or changed) between what is drawn and `features`. */
function diff(drawn, features) {
  const next = new Map(features.map((f) => [String(f.id), f]));
  const gone = [...drawn.keys()].filter((id) => !next.has(id) || JSON.stringify(next.get(id)) !== drawn.get(id));
  const fresh = features.filter((f) => !drawn.has(String(f.id)) || gone.includes(String(f.id)));
  return { gone, fresh };
}

/** Swaps the events (or, with `claim`, the claims) that changed. */
function swapEvents(features, claim) {
  // Adding markers folds a fanned-out cluster back, which closes the popup
  // of one of its markers: note it to open it again where it was.
  const open = [...markers].find(([, m]) => m.isPopupOpen())?.[0];
  const mine = events.filter((e) => Boolean(e.claim) === claim);
  const drawn = new Map(mine.map((e) => [e.id, JSON.stringify(e.feature)]));
  const { gone, fresh } = diff(drawn, features);
  const dropped = new Set(gone);
  cluster.removeLayers(gone.map((id) => markers.get(id)).filter(Boolean));
  for (const id of gone) markers.delete(id);
  for (let i = events.length - 1; i >= 0; i -= 1) if (dropped.has(events[i].id)) events.splice(i, 1);
  const before = events.length;
  addEvents(fresh, claim);
  const added = events.slice(before).filter(passes);
  cluster.addLayers(added.map((e) => markers.get(e.id)));
  showCounts();
  const again = open && markers.get(open);
  if (again && !again.isPopupOpen() && cluster.hasLayer(again)) {
    showEvent(open).then((m) => {
      const popup = m?.getPopup();
      if (!popup) return;
      // Reopened where the reader left it: no panning this time.
      popup.options.autoPan = false;
      m.openPopup();
      popup.options.autoPan = true;
    });
  }
}

function swapFlows(features) {
  const drawn = new Map(flows.map((f) => [f.id, JSON.stringify(f.feature)]));
  const { gone, fresh } = diff(drawn, features);
  const dropped = new Set(gone);
  for (let i = flows.length - 1; i >= 0; i -= 1) {
    if (!dropped.has(flows[i].id)) continue;
    flowsGroup.removeLayer(flows[i].layer);
    flows.splice(i, 1);
  }
  const before = flows.length;
  addFlows(fresh);
  for (const f of flows.slice(before)) {
    if (map.hasLayer(overlays[`flows_${f.type}`]) && inTime(f.from, f.to) && byActor(f.actors)) {
      flowsGroup.addLayer(f.layer);
    }
  }
}

function swapPlaces(features) {
  const drawn = new Map([...places].map(([id, p]) => [id, JSON.stringify(p.feature)]));
  const { gone, fresh } = diff(drawn, features);
  for (const id of gone) {
    placesGroup.removeLayer(places.get(id).marker);
    places.delete(id);
  }
  addPlaces(fresh);
}

/** The time sliders' range after events changed; a full range stays full. */
function updateYears() {
  const years = events.filter((e) => e.from !== null).flatMap((e) => [e.from, e.to]);
  if (!years.length || !state.years) return;
  const old = state.years;
  const wasFull = state.time && state.time.from === old.min && state.time.to === old.max;
  state.years = { min: Math.min(...years), max: Math.max(...years) };
  for (const input of [$('from'), $('to')]) {
    input.min = String(state.years.min);
    input.max = String(state.years.max);
  }
  if (wasFull) state.time = { from: state.years.min, to: state.years.max };
  setupTimeValues();
}

// ----------------------------------------------------------------- hash

function writeHash() {
  // Nothing is written until the page has applied the hash it was opened with.
  if (!map || !state.started) return;
  const layers = new Set(LAYER_KEYS.filter((k) => map.hasLayer(overlays[k])));
  const c = map.getCenter();
  const text = formatHash({
    map: { zoom: map.getZoom(), lat: c.lat, lon: L.Util.wrapNum(c.lng, [-180, 180], true) },
    layers,
    time: state.time ?? undefined,
    undated: state.undated,
    actor: state.actor ?? undefined,
    claims: state.claims || undefined,
    base: state.base,
    mark: state.mark?.name,
    event: state.event ?? undefined,
  });
  if (text === state.lastHash) return;
  state.lastHash = text;
  history.replaceState(null, '', `#${text}`);
}

/** Applies a parsed hash; returns the event to open, if any. */
function applyHash(parsed) {
  const s = parsed.state;
  if (s.map) {
    map.setView([s.map.lat, s.map.lon], s.map.zoom, { animate: false });
  } else {
    const view = defaultView();
    map.setView(view.center, view.zoom, { animate: false });
  }
  const visible = s.layers ?? DEFAULT_LAYERS;
  for (const key of LAYER_KEYS) {
    if (visible.has(key)) map.addLayer(overlays[key]);
    else map.removeLayer(overlays[key]);
  }
  state.base = s.base ?? 'light';
  for (const [name, layer] of Object.entries(bases)) {
    if (name === state.base) map.addLayer(layer);
    else map.removeLayer(layer);
  }
  document.body.classList.toggle('dark', state.base === 'dark');
  // The hash is the whole view: what it leaves out takes its default.
  state.time = s.time ? { ...s.time } : null;
  state.undated = s.undated ?? true;
  state.actor = s.actor ?? null;
  state.claims = s.claims ?? false;
  if (events.length) showWho();
  mark(s.mark && s.map ? { name: s.mark, lat: s.map.lat, lon: s.map.lon } : null);
  return s.event ?? null;
}

function readHash() {
  const parsed = parseHash(location.hash);
  if (!parsed.ok) {
    notice(`This link's map view could not be read (${parsed.error}), so the default view is shown.`, 'warning');
    return applyHash({ state: {} });
  }
  return applyHash(parsed);
}

// ----------------------------------------------------------------- main

/**
 * The largest cluster whose markers all sit on `marker`'s point, or null.
 * Reads markercluster's cluster tree (`__parent`, `_zoom`; version pinned
 * in scripts/vendor-web.sh): the public zoomToShowLayer zooms to the
 * deepest level, which for markers on one point is the maximum zoom.
 */
function pointCluster(marker) {
  const here = marker.getLatLng();
  let top = null;
  // The root (no __parent) is the group itself, not a drawn cluster.
  for (let c = marker.__parent; c && c.__parent; c = c.__parent) {
    if (!c.getAllChildMarkers().every((m) => m.getLatLng().equals(here))) break;
    top = c;
  }
  return top;
}

/** Zooms and fans out an event's cluster until its marker is drawn. */
function showEvent(id) {
  const marker = markers.get(id);
  if (!marker || !cluster.hasLayer(marker)) return Promise.resolve(null);
  const top = pointCluster(marker);
  if (!top) {
    return new Promise((resolve) => cluster.zoomToShowLayer(marker, () => resolve(marker)));
  }
  // Many events share a point (a country's centre): zooming in never splits
  // them, so zoom only until they form one cluster, then fan it out.
  return new Promise((resolve) => {
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      const parent = cluster.getVisibleParent(marker);
      if (!parent || parent === marker || marker.getElement()) {
        resolve(marker);
        return;
      }
      cluster.once('spiderfied', () => resolve(marker));
      parent.spiderfy();
    };
    const here = marker.getLatLng();
    const zooming = top._zoom > Math.round(map.getZoom());
    if (!zooming && map.getBounds().contains(here)) {
      done();
      return;
    }
    if (zooming) cluster.once('animationend', done);
    else map.once('moveend', done);
    // Should an event never come, go on anyway.
    window.setTimeout(done, 1500);
    map.setView(here, zooming ? top._zoom : map.getZoom());
  });
}

/** Opens the popup of an event, zooming into its cluster first. */
async function openEvent(id) {
  const marker = await showEvent(id);
  marker?.openPopup();
  return Boolean(marker);
}

async function main() {
  createMap();
  buildLegend();
  setupSearch();
  hideServerOnly(document);
  const eventToOpen = readHash();
  // Listen before loading, so no change between the two is missed.
  listenForUpdates();
  const [eventsResult, flowsResult, placesResult, claimsResult] = await Promise.allSettled([
    fetchAll('events'),
    fetchAll('flows'),
    fetchAll('places'),
    fetchAll('claims'),
  ]);
  const failed = [];
  if (eventsResult.status === 'fulfilled') addEvents(eventsResult.value);
  else failed.push('events');
  // A server with data of its own may have no claims layer: not an error.
  if (claimsResult.status === 'fulfilled') addEvents(claimsResult.value, true);
  if (flowsResult.status === 'fulfilled') addFlows(flowsResult.value);
  else failed.push('flows');
  if (placesResult.status === 'fulfilled') addPlaces(placesResult.value);
  else failed.push('places');
  if (failed.length) {
    notice(`Could not load ${failed.join(', ')} from this server; the map shows what did load.`, 'error');
  }
  setupTime();
  setupActors();
  refresh();
  if (!events.length && !failed.length) notice('This server has no events to show yet.', 'info');
  state.started = true;
  writeHash();
  window.addEventListener('hashchange', () => {
    if (location.hash.replace(/^#/, '') === state.lastHash) return;
    const id = readHash();
    if (state.years) {
      setupTimeValues();
    }
    refresh();
    if (id) openEvent(id);
  });
  if (eventToOpen) await openEvent(eventToOpen);
  live.ready = true;
  if (live.pending) runUpdates();
  resolveReady(true);
}

function setupTimeValues() {
  state.time = {
    from: clamp(state.time?.from ?? state.years.min, state.years.min, state.years.max),
    to: clamp(state.time?.to ?? state.years.max, state.years.min, state.years.max),
  };
  showTime();
}

// Tests and curious users can drive the page from the console.
window.mapwire = {
  ready,
  get map() {
    return map;
  },
  visibleEvents: () => visibleEvents().map(({ id, type, lat, lon }) => ({ id, type, lat, lon })),
  showEvent: async (id) => Boolean(await showEvent(id)),
  openEvent,
  state,
  /** Live updates: the last revision applied and how many were. */
  live,
};

main().catch((err) => {
  notice(`The map could not start: ${err.message}`, 'error');
  resolveReady(false);
});
