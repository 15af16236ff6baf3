# Sourced by .ci/run (and usable by hand: `source .ci/node24.sh`): puts Node 24 first on PATH.
# When the machine's node is not 24, installs the npm registry's `node@24` package (it carries
# the binary, and the C headers under node_modules/node/node_modules/node-linux-<arch>) into a
# cache folder outside the clone, and points npm_config_nodedir at those headers so that native
# modules build for Node 24, not for the machine's Node.
if ! node --version 2>/dev/null | grep -q '^v24\.'; then
  SIRB_NODE_HOME="${SIRB_NODE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/sirb/node24}"
  case "$(uname -m)" in aarch64|arm64) node_arch=arm64 ;; *) node_arch=x64 ;; esac
  if [ ! -x "$SIRB_NODE_HOME/node_modules/node/bin/node" ]; then
    mkdir -p "$SIRB_NODE_HOME"
    # The package's preinstall script is what fetches the platform binary package: allow it.
    printf '{"private":true,"allowScripts":{"node":true}}\n' > "$SIRB_NODE_HOME/package.json"
    npm install --prefix "$SIRB_NODE_HOME" --no-save --no-audit --no-fund node@24
  fi
  export PATH="$SIRB_NODE_HOME/node_modules/node/bin:$PATH"
  export npm_config_nodedir="$SIRB_NODE_HOME/node_modules/node/node_modules/node-linux-$node_arch"
  hash -r
fi
