#!/usr/bin/env bash
# Re-vendor the browser libraries the pages use (no CDN: intranets have no internet).
#
# Fetches the pinned npm packages, keeps only the minified bundle and the licence files,
# and rewrites src/luoshi/static/vendor/VERSIONS.md. For maintainers only: the result is
# committed, so installing and testing never need npm.
#
#   scripts/vendor-js.sh                                  # re-fetch the pinned versions
#   HTMX_VERSION=2.0.12 ECHARTS_VERSION=6.1.1 scripts/vendor-js.sh   # move a pin
#
# After moving a pin, also change the defaults below so the next run reproduces it.
set -euo pipefail

HTMX_VERSION="${HTMX_VERSION:-2.0.11}"
ECHARTS_VERSION="${ECHARTS_VERSION:-6.1.0}"

cd "$(dirname "$0")/.."
vendor_dir=src/luoshi/static/vendor

command -v npm >/dev/null || { echo "vendor-js: npm is needed (apt-get install -y npm)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# vendor_package NPM_NAME VERSION TARGET_DIR BUNDLE_PATH_IN_PACKAGE LICENCE_FILES...
vendor_package() {
    local name="$1" version="$2" target="$3" bundle="$4"
    shift 4
    # npm pack checks the tarball against the registry's integrity hash.
    (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
    local tarball="$work/${name}-${version}.tgz"
    local members=("package/$bundle")
    local licence
    for licence in "$@"; do members+=("package/$licence"); done
    rm -rf "$work/package"
    tar -xzf "$tarball" -C "$work" "${members[@]}"
    rm -rf "$vendor_dir/$target"
    mkdir -p "$vendor_dir/$target"
    cp "$work/package/$bundle" "$vendor_dir/$target/"
    for licence in "$@"; do cp "$work/package/$licence" "$vendor_dir/$target/"; done
}

vendor_package htmx.org "$HTMX_VERSION" htmx dist/htmx.min.js LICENSE
vendor_package echarts "$ECHARTS_VERSION" echarts dist/echarts.min.js LICENSE NOTICE

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

cat > "$vendor_dir/VERSIONS.md" <<MD
# Vendored browser libraries

Served from our own static files: the intranets luoshi runs on have no internet, so no CDN.
Only the minified bundle and the licence files of each package are kept.

| package (npm) | version | licence | file | sha256 |
|---|---|---|---|---|
| htmx.org | $HTMX_VERSION | 0BSD (htmx/LICENSE) | htmx/htmx.min.js | \`$(sha256_of "$vendor_dir/htmx/htmx.min.js")\` |
| echarts | $ECHARTS_VERSION | Apache-2.0 (echarts/LICENSE, echarts/NOTICE) | echarts/echarts.min.js | \`$(sha256_of "$vendor_dir/echarts/echarts.min.js")\` |

## Refresh

\`\`\`sh
scripts/vendor-js.sh                      # re-fetch exactly the versions above
npm view htmx.org versions --json         # newest 2.0.x: htmx 4 is a different API
npm view echarts dist-tags                # newest stable
HTMX_VERSION=<new> ECHARTS_VERSION=<new> scripts/vendor-js.sh
\`\`\`

The script runs \`npm pack htmx.org@$HTMX_VERSION\` and \`npm pack echarts@$ECHARTS_VERSION\`
(npm checks each tarball against the registry's integrity hash), extracts only
\`dist/htmx.min.js\`, \`dist/echarts.min.js\` and the licence files, and rewrites this file.
When moving a pin, change the defaults at the top of \`scripts/vendor-js.sh\` too.
MD

echo "vendored htmx.org $HTMX_VERSION and echarts $ECHARTS_VERSION into $vendor_dir"
