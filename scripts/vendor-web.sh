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

rm -rf "$out"
mkdir -p "$out/leaflet/images" "$out/markercluster"
l="$work/leaflet/package"
cp "$l/dist/leaflet.js" "$l/dist/leaflet.css" "$out/leaflet/"
cp "$l/dist/images/"*.png "$out/leaflet/images/"
cp "$l/LICENSE" "$out/leaflet/LICENSE"
m="$work/leaflet.markercluster/package"
cp "$m/dist/leaflet.markercluster.js" "$m/dist/MarkerCluster.css" \
   "$m/dist/MarkerCluster.Default.css" "$out/markercluster/"
cp "$m/MIT-LICENCE.txt" "$out/markercluster/LICENSE"
cat > "$out/VERSIONS" <<VERSIONS
leaflet $LEAFLET
leaflet.markercluster $MARKERCLUSTER
VERSIONS
echo "vendored into $out:"
(cd "$out" && find . -type f | sort)
