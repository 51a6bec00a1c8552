#!/bin/sh
# Rebuild dist/bvr-sealed-core.js from src/core.js and the locked npm packages.
# Reproducible: exact versions in package.json, package-lock.json, `npm ci`, fixed esbuild
# options; run it twice and the bundle's sha256 is the same.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --ignore-scripts
./node_modules/.bin/esbuild src/core.js --bundle --format=iife --target=es2020 \
  --minify --legal-comments=eof --outfile=dist/bvr-sealed-core.js
sha256sum dist/bvr-sealed-core.js
