# shellcheck shell=bash
# Shared by scripts/run, scripts/test and .ci/run: a project virtualenv with pinned requirements.
# Usage: source scripts/lib.sh; qf_venv requirements.txt [requirements-dev.txt]

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${QINGFENG_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

qf_say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }
qf_die() { printf '\033[1;31m!!\033[0m %s\n' "$*" >&2; exit 1; }

qf_find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# Create .venv if missing and install the given requirement files; a file is skipped
# when it has not changed since it was last installed into this virtualenv.
qf_venv() {
    if [ ! -x "$PY" ]; then
        local base
        base="$(qf_find_python)" || qf_die "需要 Python 3.11 或更高版本 / Python 3.11+ is required"
        qf_say "创建虚拟环境 / creating $VENV ($($base --version))"
        "$base" -m venv "$VENV"
    fi
    local file stamp todo=()
    for file in "$@"; do
        stamp="$VENV/.qingfeng-$(basename "$file").sha256"
        if ! (cd "$ROOT" && sha256sum --status -c "$stamp" 2>/dev/null); then
            todo+=("$file")
        fi
    done
    [ "${#todo[@]}" -eq 0 ] && return 0
    qf_say "安装依赖 / installing ${todo[*]}"
    # (pip's notes about local index locations that this machine lacks are noise.)
    local args=() file
    for file in "${todo[@]}"; do args+=(-r "$file"); done
    (cd "$ROOT" && "$PY" -m pip install --quiet --disable-pip-version-check "${args[@]}") \
        2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2)
    # requirements-dev.txt includes requirements.txt, so every stamp covers that file too.
    for file in "${todo[@]}"; do
        (cd "$ROOT" && sha256sum "$file" requirements.txt) >"$VENV/.qingfeng-$(basename "$file").sha256"
    done
}

# Compile the translations (the .mo files are also committed, so gettext is optional).
qf_compilemessages() {
    [ -d "$ROOT/locale" ] || return 0
    if command -v msgfmt >/dev/null 2>&1; then
        (cd "$ROOT" && "$PY" manage.py compilemessages --ignore=.venv --ignore='.venv/*' -v0)
    else
        qf_say "未找到 msgfmt，使用已提交的 .mo 文件 / msgfmt not found, using the committed .mo files"
    fi
}
