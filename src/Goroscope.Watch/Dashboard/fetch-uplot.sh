#!/usr/bin/env bash
# Fetches the charting library the dashboard embeds — uPlot (MIT, github.com/leeoniya/uPlot), pinned — from npm
# into Assets/, where the build embeds it in Goroscope.Watch.dll, so the dashboard works with no internet.
# npm checks the tarball against the registry's integrity hash. Run again only to change the version.
set -euo pipefail
VERSION=1.6.32
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "uplot@$VERSION" >/dev/null && tar -xzf "uplot-$VERSION.tgz")
cp "$work/package/dist/uPlot.iife.min.js" Assets/uplot.min.js
cp "$work/package/dist/uPlot.min.css" Assets/uplot.min.css
cp "$work/package/LICENSE" Assets/uplot.LICENSE.txt
echo "uPlot $VERSION -> Assets/ ($(wc -c < Assets/uplot.min.js) bytes of JS)"
