"""Reads a PMTiles archive with the PyPI `pmtiles` reader (Protomaps' own
Python implementation) and prints what it finds as JSON.

Usage: python3 read_pmtiles.py ARCHIVE.pmtiles [Z/X/Y ...]

Prints {"header": {...}, "metadata": {...}, "tiles": {"z/x/y": hex sha256
of the tile's decompressed bytes}, "lookups": {"z/x/y": sha256 or null}}:
`tiles` from walking every directory entry (all_tiles), `lookups` from
Reader.get for each Z/X/Y given, so both the walk and the point lookup of
the reader are exercised.
"""

import gzip
import hashlib
import json
import sys

from pmtiles.reader import MmapSource, Reader, all_tiles
from pmtiles.tile import Compression


def digest(data, compression):
    if compression == Compression.GZIP:
        data = gzip.decompress(data)
    return hashlib.sha256(data).hexdigest()


def main():
    path, wanted = sys.argv[1], sys.argv[2:]
    with open(path, "rb") as f:
        source = MmapSource(f)
        reader = Reader(source)
        header = reader.header()
        compression = header["tile_compression"]
        tiles = {
            "%d/%d/%d" % zxy: digest(data, compression) for zxy, data in all_tiles(source)
        }
        lookups = {}
        for key in wanted:
            z, x, y = (int(v) for v in key.split("/"))
            data = reader.get(z, x, y)
            lookups[key] = digest(data, compression) if data else None
        out = {
            "header": {
                k: (v.name if hasattr(v, "name") else v)
                for k, v in header.items()
            },
            "metadata": reader.metadata(),
            "tiles": tiles,
            "lookups": lookups,
        }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
