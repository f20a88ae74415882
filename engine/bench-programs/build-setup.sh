# Sourced by each bench program's build.sh (written here): checks its two arguments and sets
#   here (the program's folder in this repository), src (its sources, outside the tree) and out,
# all absolute, creating out. $1 names the sources' folder in the usage line.
set -euo pipefail
bench_build_setup() {
    local what=$1; shift
    [ $# -eq 2 ] || { echo "usage: $0 ${what}_DIR OUT_DIR" >&2; exit 2; }
    here="$(cd "$(dirname "$0")" && pwd)"
    src="$(cd "$1" && pwd)"
    mkdir -p "$2"
    out="$(cd "$2" && pwd)"
}
