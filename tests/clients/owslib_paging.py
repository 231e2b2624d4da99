"""Pages through a collection with OWSLib, following the server's `next` links.

Usage: owslib_paging.py BASE_URL COLLECTION EXPECTED_COUNT PAGE_SIZE
Exits non-zero (with the reason) unless every feature arrives exactly once.
"""
import sys
from urllib.parse import parse_qsl, urlparse

from owslib.ogcapi.features import Features


def main() -> None:
    base, collection, expected, page_size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    api = Features(base)
    listed = [c["id"] for c in api.collections()["collections"]]
    assert collection in listed, f"{collection} not in {listed}"
    page = api.collection_items(collection, limit=page_size)
    ids, pages = [], 0
    while True:
        pages += 1
        ids += [f["id"] for f in page["features"]]
        nexts = [link for link in page.get("links", []) if link["rel"] == "next"]
        if not nexts:
            break
        # Follow the link as given: its query carries limit and offset.
        params = dict(parse_qsl(urlparse(nexts[0]["href"]).query))
        page = api.collection_items(collection, **params)
        assert pages < 1000, "paging does not end"
    assert page.get("numberMatched") == expected, page.get("numberMatched")
    assert len(ids) == expected, f"got {len(ids)} features, expected {expected}"
    assert len(set(map(str, ids))) == len(ids), "a feature arrived twice"
    print(f"owslib: {collection}: {len(ids)} features in {pages} pages, each once")


if __name__ == "__main__":
    main()
