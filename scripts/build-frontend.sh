#!/usr/bin/env bash
# Installs the front-end packages from the npm registry (package-lock.json) and copies the
# files the pages use into the app's static folder. Nothing is loaded from a CDN at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
dest=src/wijkteam/ui/static/vendor
rm -rf "$dest"
mkdir -p "$dest/htmx" "$dest/utrecht" "$dest/voorbeeld-design-tokens"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp node_modules/@utrecht/component-library-css/dist/index.css "$dest/utrecht/"
cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css "$dest/voorbeeld-design-tokens/"
# The theme's fonts (voorbeeld tokens: Noto Sans for text, Noto Serif for headings), Latin
# subsets only; ui/static/ui/fonts.css declares them for the pages, ui/pdf.py for the PDFs.
mkdir -p "$dest/fonts"
for family in noto-sans noto-serif; do
  for subset in latin latin-ext; do
    for variant in 400-normal 400-italic 700-normal 700-italic; do
      cp node_modules/@fontsource/$family/files/$family-$subset-$variant.woff2 \
         node_modules/@fontsource/$family/files/$family-$subset-$variant.woff "$dest/fonts/"
    done
  done
done
echo "front-end files copied to $dest"
