#!/usr/bin/env bash
# Replays the Dockerfile's build without Docker: each stage gets its own folder, COPY and WORKDIR are mapped
# onto it and every RUN line runs as written, on a fresh copy of the build context in a temp dir.
#
#   .ci/dockerfile-steps.sh [--from-head] [--work DIR] [--dockerfile FILE]
#
# The context is the working tree as `docker build .` sees it: files git tracks or would track (nothing it
# ignores: no node_modules, no dist), minus .dockerignore. --from-head uses a `git clone` of HEAD instead.
# --work DIR keeps the stage folders there (DIR/stages/<stage>/...) instead of deleting a temp dir.
# Finally the last stage's ENTRYPOINT runs with --help and must not write into the image (read-only in a Pod).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOCKERFILE=$ROOT/Dockerfile
FROM_HEAD=0
WORK=
while [ $# -gt 0 ]; do
  case $1 in
    --from-head) FROM_HEAD=1 ;;
    --work) WORK=$2; shift ;;
    --dockerfile) DOCKERFILE=$2; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "dockerfile-steps: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "$WORK" ]; then
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/verdict-dockerfile-steps.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
CONTEXT=$WORK/context
rm -rf "$CONTEXT" "$WORK/stages"
mkdir -p "$CONTEXT" "$WORK/stages"

say() { printf '==> %s\n' "$*"; }
die() { printf 'dockerfile-steps: %s\n' "$*" >&2; exit 1; }

# --- the build context --------------------------------------------------------------------------------------
if [ "$FROM_HEAD" = 1 ]; then
  say "context: git clone of HEAD"
  git clone --quiet "$ROOT" "$CONTEXT"
  rm -rf "$CONTEXT/.git"
else
  say "context: working tree (tracked and untracked files, nothing git ignores)"
  (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard) |
    (cd "$ROOT" && while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done) |
    tar -C "$ROOT" --null -T - -cf - | tar -C "$CONTEXT" -xf -
fi
# .dockerignore, with Docker's rules: patterns are relative to the context root, ** spans folders, a pattern
# that matches a folder drops all of it, a later !pattern brings matches back, the last match wins.
node --input-type=module - "$CONTEXT" <<'NODE'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
const root = process.argv[2];
const file = join(root, '.dockerignore');
const rules = existsSync(file)
  ? readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => {
      const negate = l.startsWith('!');
      const pattern = posix.normalize((negate ? l.slice(1) : l).trim()).replace(/^\/+|\/+$/g, '');
      let re = '';
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '*' && pattern[i + 1] === '*') {
          re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
          i += pattern[i + 2] === '/' ? 2 : 1;
        } else if (c === '*') re += '[^/]*';
        else if (c === '?') re += '[^/]';
        else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      return { negate, re: new RegExp(`^${re}(?:/.*)?$`) };
    })
  : [];
const excluded = (rel) => rules.reduce((out, r) => (r.re.test(rel) ? !r.negate : out), false);
const walk = (rel) => {
  for (const name of readdirSync(join(root, rel))) {
    const child = rel ? `${rel}/${name}` : name;
    const path = join(root, child);
    if (statSync(path).isDirectory()) {
      walk(child);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    } else if (excluded(child)) rmSync(path);
  }
};
walk('');
NODE

# --- the Dockerfile ---------------------------------------------------------------------------------------
# One instruction per element: comments dropped, continuation lines joined.
mapfile -t INSTRUCTIONS < <(sed -e '/^[[:space:]]*#/d' "$DOCKERFILE" | awk '
  { line = $0 }
  /\\[[:space:]]*$/ { sub(/\\[[:space:]]*$/, "", line); buf = buf line " "; next }
  { buf = buf line; if (buf ~ /[^[:space:]]/) print buf; buf = "" }')

STAGE= STAGE_ROOT= WORKDIR=/ STAGE_SKIPPED=0 ENTRYPOINT= CMD=
declare -a STAGE_ENV=()
declare -A STAGES=()
declare -a STAGE_NAMES=()

in_stage() { [ -n "$STAGE" ] || die "$1 before the first FROM"; }
resolve() { case $1 in /*) printf '%s' "$1" ;; *) printf '%s' "${WORKDIR%/}/$1" ;; esac; }

copy() {
  local from= args=() a src dest base
  for a in $1; do
    case $a in
      --from=*) from=${a#--from=} ;;
      --chown=*|--chmod=*|--link) ;; # ownership is the runtime user's business; see the Dockerfile's USER
      --*) die "COPY flag $a is not supported here" ;;
      *) args+=("$a") ;;
    esac
  done
  [ ${#args[@]} -ge 2 ] || die "COPY needs a source and a destination: COPY $1"
  dest=$STAGE_ROOT$(resolve "${args[-1]}")
  if [ -n "$from" ]; then
    [ -n "${STAGES[$from]:-}" ] || die "COPY --from=$from: no earlier stage of that name (images are not supported)"
    base=${STAGES[$from]}
  else
    base=$CONTEXT
  fi
  local multiple=$(( ${#args[@]} > 2 ))
  for src in "${args[@]:0:${#args[@]}-1}"; do
    local path
    if [ -n "$from" ]; then path=$base$(resolve_abs "$src"); else path=$base/$src; fi
    if [ ! -e "$path" ]; then
      if [ -n "$from" ] && [ -e "$base/.skipped" ]; then
        say "NOTE: $src is missing in stage $from, which skipped a step; not copied"
        continue
      fi
      die "COPY: $src does not exist${from:+ in stage $from}"
    fi
    if [ -d "$path" ]; then
      mkdir -p "$dest"; cp -a "$path/." "$dest/"
    elif [ "$multiple" = 1 ] || [[ $dest == */ ]] || [ -d "$dest" ]; then
      mkdir -p "$dest"; cp -a "$path" "$dest/"
    else
      mkdir -p "$(dirname "$dest")"; cp -a "$path" "$dest"
    fi
  done
}
resolve_abs() { case $1 in /*) printf '%s' "$1" ;; *) die "COPY --from needs an absolute source path, not $1" ;; esac; }

run() {
  local cmd=$1 cwd=$STAGE_ROOT$WORKDIR
  # The policy bundle step needs `verdict build` and the policy sources, which may not exist yet in this tree.
  if [[ $cmd == *"bin/verdict.js build "* ]]; then
    local why= input
    if (cd "$cwd" && node bin/verdict.js build --help 2>&1 || true) | grep -q 'not available in this build'; then
      why='`verdict build` is not available in this build yet'
    else
      for input in ${cmd#*bin/verdict.js build }; do
        [[ $input == -* ]] && break
        [ -e "$cwd/$input" ] || why="${why:-its input $input is not in the tree yet}"
      done
    fi
    if [ -n "$why" ]; then
      say "NOTE: skipped, $why: $cmd"
      touch "$STAGE_ROOT/.skipped"
      return
    fi
  fi
  say "[$STAGE] RUN $cmd"
  (cd "$cwd" && env ${STAGE_ENV[@]+"${STAGE_ENV[@]}"} sh -c "$cmd") || die "[$STAGE] RUN failed: $cmd"
}

INDEX=0
for instruction in "${INSTRUCTIONS[@]}"; do
  read -r keyword rest <<<"$instruction"
  case ${keyword^^} in
    ARG) ;; # only used in FROM lines, which name base images this script does not need
    FROM)
      read -r -a words <<<"$rest"
      STAGE=$INDEX
      for ((i = 0; i < ${#words[@]}; i++)); do [ "${words[i]^^}" = AS ] && STAGE=${words[i+1]}; done
      STAGE_ROOT=$WORK/stages/$STAGE
      mkdir -p "$STAGE_ROOT"
      STAGES[$STAGE]=$STAGE_ROOT
      STAGES[$INDEX]=$STAGE_ROOT
      STAGE_NAMES+=("$STAGE")
      WORKDIR=/ STAGE_ENV=() ENTRYPOINT= CMD=
      INDEX=$((INDEX + 1))
      say "stage $STAGE"
      ;;
    WORKDIR) in_stage WORKDIR; WORKDIR=$(resolve "$rest"); mkdir -p "$STAGE_ROOT$WORKDIR" ;;
    ENV) in_stage ENV; for kv in $rest; do [[ $kv == *=* ]] || die "ENV needs KEY=VALUE: $rest"; STAGE_ENV+=("$kv"); done ;;
    COPY) in_stage COPY; say "[$STAGE] COPY $rest"; copy "$rest" ;;
    RUN) in_stage RUN; [[ $rest != \[* ]] || die "RUN in exec form is not supported: $rest"; run "$rest" ;;
    ENTRYPOINT) ENTRYPOINT=$rest ;;
    CMD) CMD=$rest ;;
    USER|EXPOSE|LABEL|STOPSIGNAL) ;;
    *) die "instruction $keyword is not supported by this script (and maybe not wanted in the image)" ;;
  esac
done

# --- the final stage, as the container would see it -----------------------------------------------------------
[ -n "$ENTRYPOINT" ] || die "the last stage has no ENTRYPOINT"
[[ $ENTRYPOINT == \[* ]] || die "ENTRYPOINT must be in exec form: $ENTRYPOINT"
# Absolute paths in the ENTRYPOINT are container paths: map those that exist in the stage folder onto it.
mapfile -t ENTRY < <(node -e '
  const [root, json] = process.argv.slice(1);
  for (const a of JSON.parse(json)) {
    const mapped = a.startsWith("/") && require("node:fs").existsSync(root + a) ? root + a : a;
    console.log(mapped);
  }' "$STAGE_ROOT" "$ENTRYPOINT")
# The container's root filesystem is read-only: the entrypoint must start without writing into the image.
# (Checked by timestamps rather than permissions, because this script may run as root.)
MARKER=$WORK/smoke-start
touch "$MARKER"
sleep 1
say "[$STAGE] smoke test: ${ENTRY[*]} --help"
(cd "$STAGE_ROOT$WORKDIR" && env ${STAGE_ENV[@]+"${STAGE_ENV[@]}"} "${ENTRY[@]}" --help >/dev/null) ||
  die "the image's ENTRYPOINT does not start: ${ENTRY[*]} --help"
WRITTEN=$(find "$STAGE_ROOT" -newer "$MARKER" | head -5)
[ -z "$WRITTEN" ] || die "the entrypoint wrote into the image, which is read-only in the cluster: $WRITTEN"
say "done: stages ${STAGE_NAMES[*]} in $WORK/stages"
