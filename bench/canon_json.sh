#!/bin/sh
# The canonical recipe (the cache key's JSON, core/job/job.c) of every
# recipe tests/test_walk.c walks (recipes/, tests/, fixtures/) and of every
# recipe tests/test_job.c builds (each key of each table set to another
# value), and of each recipe under the folders of EXTRA (colon-separated,
# as $SP_WALK_EXTRA), one a line, into OUT, and the recipe text
# (sp_recipe_yaml) test_walk writes of each into OUT.yaml: run it on two
# builds and diff the files to show a change to the walk, its forms or the
# job's writer kept every byte.
#   bench/canon_json.sh BUILD OUT [EXTRA]
set -eu
build=$1 out=$2
: >"$out"
: >"$out.yaml"
for t in test_walk test_job; do
  SP_WALK_EXTRA=${3:-} SP_CANON_LOG=$(realpath "$out") \
    SP_YAML_LOG=$(realpath "$out.yaml") "$build/tests/$t" -j1 >/dev/null 2>&1 || {
    echo "$t failed (run it alone to see why): compare the logs with care" >&2
  }
done
sort "$out" -o "$out"
echo "$(wc -l <"$out") canonical recipes in $out"
