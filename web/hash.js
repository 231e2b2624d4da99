// The URL hash that makes a view shareable:
//
//   #map=Z/LAT/LON&layers=deployment,port_call&time=2008-2019&undated=1&actor=RU&claims=1&base=light&mark=Caracas&event=ID
//
// Every part is optional. parseHash never throws: a hash it cannot read
// comes back as { ok: false, error } so the page can fall back to its
// default view and say why. Kept free of Leaflet and the DOM so node's test
// runner can check it directly.

export const EVENT_TYPES = [
  'deployment',
  'port_call_agreement',
  'port_call',
  'arms_transfer',
  'agreement',
  'exercise',
  'visit',
];
export const FLOW_TYPES = ['deployment', 'port_call', 'arms_transfer'];
export const LAYER_KEYS = [
  ...EVENT_TYPES,
  'places',
  ...FLOW_TYPES.map((t) => `flows_${t}`),
];
export const BASES = ['light', 'dark'];

const NUMBER = '-?\\d+(?:\\.\\d+)?';
const MAP_RE = new RegExp(`^(${NUMBER})/(${NUMBER})/(${NUMBER})$`);

function fail(error) {
  return { ok: false, error };
}

/** Reads a location.hash (with or without the leading '#'). */
export function parseHash(hash) {
  const text = (hash || '').replace(/^#/, '');
  const state = {};
  if (text === '') return { ok: true, state };
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 1) return fail(`“${part}” is not a name=value pair`);
    const name = part.slice(0, eq);
    let value;
    try {
      value = decodeURIComponent(part.slice(eq + 1));
    } catch {
      return fail(`the value of “${name}” is not valid percent-encoding`);
    }
    if (name in state) return fail(`“${name}” is given twice`);
    const error = readPart(state, name, value);
    if (error) return fail(error);
  }
  return { ok: true, state };
}

function readPart(state, name, value) {
  switch (name) {
    case 'map': {
      const m = MAP_RE.exec(value);
      if (!m) return `map must be ZOOM/LAT/LON, not “${value}”`;
      const [z, lat, lon] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (z < 0 || z > 18) return `zoom ${z} is outside 0–18`;
      if (Math.abs(lat) > 85.06) return `latitude ${lat} is outside ±85`;
      if (Math.abs(lon) > 180) return `longitude ${lon} is outside ±180`;
      state.map = { zoom: z, lat, lon };
      return null;
    }
    case 'layers': {
      const keys = value === '' ? [] : value.split(',');
      const unknown = keys.filter((k) => !LAYER_KEYS.includes(k));
      if (unknown.length) return `unknown layer “${unknown[0]}”`;
      state.layers = new Set(keys);
      return null;
    }
    case 'time': {
      const m = /^(\d{4})-(\d{4})$/.exec(value);
      if (!m) return `time must be FROM-TO years, not “${value}”`;
      const [from, to] = [Number(m[1]), Number(m[2])];
      if (from > to) return `time starts (${from}) after it ends (${to})`;
      state.time = { from, to };
      return null;
    }
    case 'undated':
      if (value !== '0' && value !== '1') return `undated must be 0 or 1, not “${value}”`;
      state.undated = value === '1';
      return null;
    case 'actor':
      // An ISO 3166-1 alpha-2 code or an organisation's short name.
      if (!/^[A-Za-z0-9-]{2,16}$/.test(value)) return `“${value}” is not an actor code`;
      state.actor = value;
      return null;
    case 'claims':
      if (value !== '0' && value !== '1') return `claims must be 0 or 1, not “${value}”`;
      state.claims = value === '1';
      return null;
    case 'base':
      if (!BASES.includes(value)) return `unknown basemap style “${value}”`;
      state.base = value;
      return null;
    case 'mark':
      if (value === '' || value.length > 200) return 'mark must be a short place name';
      state.mark = value;
      return null;
    case 'event':
      if (!/^[\w-]{1,64}$/.test(value)) return `“${value}” is not an event id`;
      state.event = value;
      return null;
    default:
      return `unknown part “${name}”`;
  }
}

/** The hash (without '#') for a view; parts that are undefined are left out. */
export function formatHash(state) {
  const parts = [];
  if (state.map) {
    const { zoom, lat, lon } = state.map;
    parts.push(`map=${round(zoom, 2)}/${round(lat, 4)}/${round(lon, 4)}`);
  }
  if (state.layers) {
    parts.push(`layers=${LAYER_KEYS.filter((k) => state.layers.has(k)).join(',')}`);
  }
  if (state.time) parts.push(`time=${state.time.from}-${state.time.to}`);
  if (state.undated !== undefined) parts.push(`undated=${state.undated ? 1 : 0}`);
  if (state.actor) parts.push(`actor=${encodeURIComponent(state.actor)}`);
  if (state.claims) parts.push('claims=1');
  if (state.base) parts.push(`base=${state.base}`);
  if (state.mark) parts.push(`mark=${encodeURIComponent(state.mark)}`);
  if (state.event) parts.push(`event=${encodeURIComponent(state.event)}`);
  return parts.join('&');
}

function round(x, digits) {
  // Number() drops trailing zeros: 4.50 → 4.5; -0 prints as 0.
  return Number(x.toFixed(digits)) + 0;
}
