# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for stemprint; installed by `cmake --install` and by the
# Debian package (scripts/deb.sh) into
# share/bash-completion/completions/stemprint.
#
# It needs neither bash-completion nor any shell option (extglob stays as the
# user set it), and file names may hold spaces: candidates reach COMPREPLY
# one a line, never through word splitting or globbing, and the word typed so
# far is unquoted first, so my\ so, "my so and 'my so all complete to
# "my song.yaml" (`complete -o filenames` quotes what is inserted).

# COMPREPLY: the lines a command prints.
_stemprint_lines()
{
  local line
  COMPREPLY=()
  while IFS= read -r line; do
    COMPREPLY+=("$line")
  done < <("$@")
}

# The word typed so far as the name it spells, backslashes and quotes
# removed, into the caller's _stemprint_word.
_stemprint_unquote()
{
  local in=$1 out= q= c i
  for ((i = 0; i < ${#in}; i = i + 1)); do
    c=${in:i:1}
    if [[ $q == "'" ]]; then
      if [[ $c == "'" ]]; then q=; else out+=$c; fi
    elif [[ $c == '\' ]]; then
      i=$((i + 1))
      out+=${in:i:1}
    elif [[ $c == "'" || $c == '"' ]]; then
      if [[ $q == "$c" ]]; then q=; elif [[ -z $q ]]; then q=$c; else out+=$c; fi
    else
      out+=$c
    fi
  done
  _stemprint_word=$out
}

# COMPREPLY: the folders, and the files whose names end in .EXT for one of
# the extensions given (in any case; none given: every file), that start
# with the word $1.
_stemprint_files()
{
  local _stemprint_word f path ext
  _stemprint_unquote "$1"
  shift
  COMPREPLY=()
  while IFS= read -r f; do
    path=$f
    [[ $f == '~/'* ]] && path=$HOME/${f#'~/'} # compgen keeps the tilde
    if [[ -d $path || $# -eq 0 ]]; then
      COMPREPLY+=("$f")
      continue
    fi
    for ext; do
      if [[ ${f,,} == *."$ext" ]]; then
        COMPREPLY+=("$f")
        break
      fi
    done
  done < <(compgen -f -- "$_stemprint_word")
}

# COMPREPLY: the folders that start with the word $1.
_stemprint_dirs()
{
  local _stemprint_word
  _stemprint_unquote "$1"
  _stemprint_lines compgen -d -- "$_stemprint_word"
}

_stemprint()
{
  local cur prev cmd
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  cmd=${COMP_WORDS[1]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    _stemprint_lines compgen -W "render check graph plan null latency ping diff loudness bleed init import export state schema help --help --version" -- "$cur"
    return
  fi
  # --opt=VALUE: bash splits the word at '=', so the option is the word
  # before the '=' (and right after it, the '=' is the current word).
  local opt=$prev
  if [ "$cur" = "=" ]; then
    cur=
  elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
    opt=${COMP_WORDS[COMP_CWORD-2]}
  fi
  # graph's -f is --format (init's is --force, a flag)
  [ "$cmd" = graph ] && [ "$opt" = -f ] && opt=--format
  case $opt in
  --format) _stemprint_lines compgen -W "text dot json" -- "$cur"; return ;;
  --progress) _stemprint_lines compgen -W "auto bar plain none" -- "$cur"; return ;;
  --diagnostics) _stemprint_lines compgen -W "text github gitlab" -- "$cur"; return ;;
  --only) _stemprint_lines compgen -W "mix stems" -- "$cur"; return ;;
  -o|--output-dir|--output)
    if [ "$cmd" = init ] || [ "$cmd" = import ]; then
      _stemprint_files "$cur" yaml yml
    elif [ "$cmd" = export ]; then
      _stemprint_files "$cur" dawproject
    else
      _stemprint_dirs "$cur"
    fi
    return ;;
  --confine-to|--cache) _stemprint_dirs "$cur"; return ;;
  --stems) _stemprint_lines compgen -W "groups tracks none" -- "$cur"; return ;;
  --set) # KEY=VALUE: the keys most often set from the command line (stemprint help keys: all)
    _stemprint_lines compgen -W "output.depth= output.format= output.dir= sample_rate= checks.null.max_residual=" -- "$cur"
    compopt -o nospace 2>/dev/null
    return ;;
  -j|--jobs|--block-frames|--max-residual|--max-lag|--rate|--target|--tolerance|--max-true-peak|--max-bleed)
    COMPREPLY=()
    return ;;
  --report|--html|--junit|--depfile|--profile|--diagnostics-file) _stemprint_files "$cur"; return ;;
  esac
  local opts files="yaml"
  case $cmd in
  render) opts="-o --output-dir -j --jobs --only --report --html --junit --depfile --profile -n --dry-run --force --progress -q --quiet --block-frames --cache --no-cache --confine --confine-to --stems --strict --set --diagnostics --diagnostics-file -h --help" ;;
  check) opts="--no-levels --json --junit --confine --confine-to --stems --strict --set --diagnostics --diagnostics-file -h --help" ;;
  graph) opts="-f --format --confine --confine-to --stems --strict -h --help" ;;
  plan) opts="--json -o --output-dir --block-frames --confine --confine-to --stems --strict --set -h --help" ;;
  null) opts="--max-residual --max-lag -j --jobs --json --junit -h --help"; files="audio" ;;
  latency) opts="--max-lag --mark --json -h --help"; files="audio" ;;
  ping) opts="-o --output --rate -h --help" ;;
  diff) opts="--expect-changed --strict --max-residual --max-loudness-delta --threshold --max-lag --third-octave --rev --cache --keep -j --jobs --confine --confine-to --json --junit --markdown --html -h --help"; files="any" ;;
  loudness) opts="--json --csv --series --album --html --junit --target --tolerance --max-true-peak -h --help"; files="audio" ;;
  bleed) opts="--json --max-bleed -o --output-dir --confine --confine-to --stems --strict -h --help" ;;
  init) opts="-o --output -f --force -h --help"; files="dir" ;;
  import) opts="-o --output --stems --strict -f --force -h --help"; files="session" ;;
  export) opts="-o --output -f --force -h --help" ;;
  state) opts="-o --output --confine --confine-to -h --help" ;;
  schema) opts="-o --output -h --help" ;;
  help) _stemprint_lines compgen -W "render check graph plan null latency ping diff loudness bleed init import export state schema inserts layouts lv2 ladspa" -- "$cur"; return ;;
  esac
  if [[ $cur == -* ]]; then
    _stemprint_lines compgen -W "$opts" -- "$cur"
  elif [ "$files" = dir ]; then
    _stemprint_dirs "$cur"
  elif [ "$files" = audio ]; then
    _stemprint_files "$cur" wav flac aif aiff aifc w64 rf64 ogg oga caf
  elif [ "$files" = session ]; then
    _stemprint_files "$cur" dawproject ardour
  else
    _stemprint_files "$cur" yaml yml dawproject ardour
  fi
}
complete -o filenames -F _stemprint stemprint
