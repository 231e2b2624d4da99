//! Offline gazetteer compiled into the binary (built by `scripts/build_gazetteer.py`).
