#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Render a folder of recipes on a Slurm cluster as one chunked job array,
# every render through a shared cache, then say which songs failed and why
# (docs/catalogue.md).
#
# usage: sh scripts/catalogue-slurm.sh [options] RECIPES_DIR
#   --chunk N        songs per array task (default 10: Slurm's overhead is
#                    about a second a task, a song takes 0.1 to 5 s)
#   --cache WHERE    the shared cache: a folder every node mounts, or an
#                    http(s):// server (default: $STEMPRINT_CACHE; none: the
#                    renders are not cached)
#   --stemprint BIN  the stemprint every node runs (default: stemprint on PATH)
#   --work DIR       where the list, each task's statuses and logs go
#                    (default: RECIPES_DIR/.catalogue; on a shared file system)
#   --jobs N         threads per song (default: the CPUs Slurm gives a task)
#   --partition P, --time T, --account A   passed to sbatch
#
# Each array task renders its songs one after the other and writes a line a
# song to WORK/status/<task>: "<exit status> <recipe>", with the song's own
# messages in WORK/logs/<task>.txt. The script waits for the array (polling
# squeue), then reads every task's statuses and Slurm's record of the tasks
# (sacct when there is one, else the jobcomp file), and prints:
#   stemprint catalogue: 98 of 100 songs printed (61 from the cache), 2 failed:
#     songs/b.yaml: exit 2: b.yaml:7:12: tracks.vox.file: no file 'vox.wav' ...
# Exit status: 0 every song printed, 1 some song failed, 2 usage, 3 the
# array could not be submitted or a task died without a word.
set -eu

chunk=10 cache=${STEMPRINT_CACHE:-} stemprint=stemprint work="" jobs="" sbatch_opts=""
while [ $# -gt 0 ]; do
  case $1 in
  --chunk) chunk=$2; shift 2 ;;
  --cache) cache=$2; shift 2 ;;
  --stemprint) stemprint=$2; shift 2 ;;
  --work) work=$2; shift 2 ;;
  --jobs) jobs=$2; shift 2 ;;
  --partition|--time|--account) sbatch_opts="$sbatch_opts $1=$2"; shift 2 ;;
  -h|--help) sed -n '3,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  --) shift; break ;;
  -*) echo "catalogue-slurm: unknown option $1 (see --help)" >&2; exit 2 ;;
  *) break ;;
  esac
done
[ $# -eq 1 ] || { echo "usage: $0 [options] RECIPES_DIR (see --help)" >&2; exit 2; }
case $chunk in ''|*[!0-9]*|0) echo "catalogue-slurm: --chunk needs a whole number above 0" >&2; exit 2 ;; esac
recipes=$(cd "$1" && pwd) || { echo "catalogue-slurm: no folder $1" >&2; exit 2; }
work=${work:-$recipes/.catalogue}
mkdir -p "$work"
work=$(cd "$work" && pwd)
rm -rf "$work/status" "$work/logs"
mkdir -p "$work/status" "$work/logs"
find "$recipes" -maxdepth 1 -name '*.yaml' -type f | LC_ALL=C sort > "$work/list.txt"
n=$(wc -l < "$work/list.txt")
[ "$n" -gt 0 ] || { echo "catalogue-slurm: no recipes (*.yaml) in $recipes" >&2; exit 2; }
tasks=$(( (n + chunk - 1) / chunk ))
case $stemprint in /*) ;; */*) stemprint=$(cd "$(dirname "$stemprint")" && pwd)/$(basename "$stemprint") ;; esac

# The array task: its slice of the list, a song at a time.
cat > "$work/task.sh" <<EOF
#!/bin/sh
task=\${SLURM_ARRAY_TASK_ID:?not in a Slurm array}
first=\$((task * $chunk + 1))
last=\$((first + $chunk - 1))
jobs=${jobs:-\${SLURM_CPUS_PER_TASK:-\${SLURM_CPUS_ON_NODE:-1}}}
cache='$cache'
sed -n "\${first},\${last}p" '$work/list.txt' | while IFS= read -r recipe; do
  if [ -n "\$cache" ]; then
    '$stemprint' render "\$recipe" --progress none -j "\$jobs" --cache "\$cache" >> '$work/logs/'\$task.txt 2>&1
  else
    '$stemprint' render "\$recipe" --progress none -j "\$jobs" >> '$work/logs/'\$task.txt 2>&1
  fi
  echo "\$? \$recipe" >> '$work/status/'\$task
done
EOF

# shellcheck disable=SC2086
job=$(sbatch --parsable --array=0-$((tasks - 1)) --job-name=stemprint-catalogue \
  --output="$work/logs/slurm-%a.out" $sbatch_opts "$work/task.sh") || {
  echo "catalogue-slurm: sbatch failed" >&2
  exit 3
}
job=${job%%;*}
echo "stemprint catalogue: $n songs in $tasks array tasks of $chunk, job $job${cache:+, cache $cache}" >&2

# Wait: squeue answers at once (sbatch --wait polls with a long back-off).
while [ -n "$(squeue -h -j "$job" -o %i 2>/dev/null)" ]; do
  sleep 0.2
done

# Each task's exit as Slurm saw it: a task that died (killed, out of time)
# before writing its statuses is named with it.
task_state() {
  if command -v sacct >/dev/null 2>&1 && sacct -n -X -j "$1_$2" -o State,ExitCode -P 2>/dev/null | grep -q .; then
    sacct -n -X -j "$1_$2" -o State,ExitCode -P | head -1
  else
    loc=$(scontrol show config 2>/dev/null | sed -n 's/^JobCompLoc *= *//p')
    [ -f "$loc" ] && grep " Name=stemprint-catalogue " "$loc" |
      awk -v id="$1" -v t="$2" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        if (v["JobId"] != "" && (v["ArrayJobId"] == id && v["ArrayTaskId"] == t)) print v["JobState"] "|" v["ExitCode"] }' | tail -1
  fi
}

ok=0 failed=0 lost=0
report=$work/failed.txt
: > "$report"
t=0
while [ $t -lt $tasks ]; do
  first=$((t * chunk + 1))
  last=$((first + chunk - 1))
  [ $last -gt $n ] && last=$n
  want=$((last - first + 1))
  got=0
  if [ -f "$work/status/$t" ]; then
    got=$(wc -l < "$work/status/$t")
    while read -r code recipe; do
      if [ "$code" = 0 ]; then
        ok=$((ok + 1))
      else
        failed=$((failed + 1))
        why=$(grep -F "$(basename "$recipe")" "$work/logs/$t.txt" | grep -E 'error|failed' | head -1)
        echo "  $recipe: exit $code: ${why:-see $work/logs/$t.txt}" >> "$report"
      fi
    done < "$work/status/$t"
  fi
  if [ "$got" -lt "$want" ]; then
    state=$(task_state "$job" "$t" | sed "s/|/ (exit /; s/$/)/")
    sed -n "$((first + got)),${last}p" "$work/list.txt" | while IFS= read -r recipe; do
      echo "  $recipe: not rendered: array task $t ended ${state:-unseen} (see $work/logs/slurm-$t.out)" >> "$report"
    done
    lost=$((lost + want - got))
  fi
  t=$((t + 1))
done
cached=$(cat "$work/logs/"*.txt 2>/dev/null | grep -c "served from the cache" || true)
if [ $((failed + lost)) -eq 0 ]; then
  echo "stemprint catalogue: all $n songs printed ($cached from the cache)"
  exit 0
fi
echo "stemprint catalogue: $ok of $n songs printed ($cached from the cache), $((failed + lost)) failed:"
cat "$report"
[ $lost -gt 0 ] && exit 3
exit 1
