// Where the page's data comes from. Served by mapwire: its API. As a static
// site written by `mapwire export --site DIR`: files beside the page — the
// layers as GeoJSON, the basemap as one PMTiles archive per style, read
// with HTTP range requests by pmtiles.js. Search and the document pages
// need the server, so a static site goes without them.

const marker = document.querySelector('meta[name="mapwire-site"]');

/** Whether this is a static site. */
export const STATIC = marker?.getAttribute('content') === 'static';

/** Deepest zoom of the static basemap archives; Leaflet magnifies beyond it. */
const BASEMAP_MAXZOOM = Number(marker?.dataset.basemapMaxzoom ?? 14);

/** The basemap in `style` as a Leaflet layer. */
export function basemapLayer(L, style, options) {
  if (!STATIC) {
    // {r} is "@2x" on high-density screens: the server renders 512 px tiles.
    return L.tileLayer(`/tiles/basemap/{z}/{x}/{y}{r}.png?style=${style}`, options);
  }
  const archive = new window.pmtiles.PMTiles(`basemap-${style}.pmtiles`);
  return window.pmtiles.leafletRasterLayer(archive, { ...options, maxNativeZoom: BASEMAP_MAXZOOM });
}

/** The first URL of a collection's features (a static site has one file). */
export function collectionUrl(id) {
  return STATIC ? `data/${encodeURIComponent(id)}.geojson` : `/collections/${id}/items?limit=10000&f=json`;
}

/** A document's page, or null where there are none (a static site). */
export function documentUrl(id, anchor = '') {
  return STATIC ? null : `/documents/${encodeURIComponent(id)}${anchor}`;
}

/** Hides what only the server can do (search, documents, the API). */
export function hideServerOnly(doc) {
  if (!STATIC) return;
  for (const el of doc.querySelectorAll('#search, header.bar nav')) {
    el.hidden = true;
    // The page's styles give these a display of their own, over [hidden].
    el.style.display = 'none';
  }
}
