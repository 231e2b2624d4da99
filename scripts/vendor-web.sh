#!/usr/bin/env bash
# Vendors the map page's JavaScript libraries into web/vendor/ from the npm
# registry at pinned versions: `npm pack` fetches each package's tarball
# (checked against the registry's integrity hash), and only the files the
# page loads are kept, with the package's licence. The files are committed
# and compiled into the binary, so a build never touches the network and
# rerunning this script reproduces them byte for byte.
#
#     bash scripts/vendor-web.sh
set -euo pipefail
cd "$(dirname "$0")/.."

LEAFLET=1.9.4
MARKERCLUSTER=1.5.3
# Reads the basemap archives of a static site (`mapwire export --site`).
PMTILES=4.5.0

out=web/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# unpack NAME VERSION: the package's files in $work/NAME/package/
unpack() {
  mkdir -p "$work/$1"
  (cd "$work/$1" && npm pack --silent "$1@$2" >/dev/null && tar -xzf ./*.tgz)
}

unpack leaflet "$LEAFLET"
unpack leaflet.markercluster "$MARKERCLUSTER"
unpack pmtiles "$PMTILES"

rm -rf "$out"
mkdir -p "$out/leaflet/images" "$out/markercluster" "$out/pmtiles"
l="$work/leaflet/package"
cp "$l/dist/leaflet.js" "$l/dist/leaflet.css" "$out/leaflet/"
cp "$l/dist/images/"*.png "$out/leaflet/images/"
cp "$l/LICENSE" "$out/leaflet/LICENSE"
m="$work/leaflet.markercluster/package"
cp "$m/dist/leaflet.markercluster.js" "$m/dist/MarkerCluster.css" \
   "$m/dist/MarkerCluster.Default.css" "$out/markercluster/"
cp "$m/MIT-LICENCE.txt" "$out/markercluster/LICENSE"
p="$work/pmtiles/package"
cp "$p/dist/pmtiles.js" "$out/pmtiles/"
# The npm package names its licence (BSD-3-Clause) in package.json but ships
# no LICENSE file; this is the LICENSE of its repository, protomaps/PMTiles.
cat > "$out/pmtiles/LICENSE" <<'LICENSE'
Copyright 2021 Protomaps LLC

Redistribution and use in source and binary forms, with or without modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice, this list of conditions and the following disclaimer in the documentation and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its contributors may be used to endorse or promote products derived from this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
LICENSE
cat > "$out/VERSIONS" <<VERSIONS
leaflet $LEAFLET
leaflet.markercluster $MARKERCLUSTER
pmtiles $PMTILES
VERSIONS
echo "vendored into $out:"
(cd "$out" && find . -type f | sort)
