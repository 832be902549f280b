# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for stemprint; installed by `cmake --install` into
# share/bash-completion/completions/stemprint.
_stemprint()
{
  local cur prev cmd
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  cmd=${COMP_WORDS[1]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "render check graph null loudness bleed init help --help --version" -- "$cur"))
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
  --format) COMPREPLY=($(compgen -W "text dot json" -- "$cur")); return ;;
  --progress) COMPREPLY=($(compgen -W "auto bar plain none" -- "$cur")); return ;;
  --only) COMPREPLY=($(compgen -W "mix stems" -- "$cur")); return ;;
  -o|--output-dir|--output)
    if [ "$cmd" = init ]; then
      COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur"))
    else
      COMPREPLY=($(compgen -d -- "$cur"))
    fi
    return ;;
  -j|--jobs|--block-frames|--max-residual|--max-lag|--target|--tolerance|--max-true-peak|--max-bleed)
    return ;;
  --report|--html|--depfile) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  local opts files="yaml"
  case $cmd in
  render) opts="-o --output-dir -j --jobs --only --report --html --depfile -n --dry-run --progress -q --quiet --block-frames -h --help" ;;
  check) opts="--no-levels -h --help" ;;
  graph) opts="-f --format -h --help" ;;
  null) opts="--max-residual --max-lag --json -h --help"; files="audio" ;;
  loudness) opts="--json --csv --series --album --html --target --tolerance --max-true-peak -h --help"; files="audio" ;;
  bleed) opts="--json --max-bleed -o --output-dir -h --help" ;;
  init) opts="-o --output -f --force -h --help"; files="dir" ;;
  help) COMPREPLY=($(compgen -W "render check graph null loudness bleed init inserts" -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [ "$files" = dir ]; then
    COMPREPLY=($(compgen -d -- "$cur"))
  elif [ "$files" = audio ]; then
    COMPREPLY=($(compgen -f -X '!*.@(wav|WAV|flac|FLAC|aif|aiff|AIFF|w64|W64)' -- "$cur") $(compgen -d -- "$cur"))
  else
    COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur"))
  fi
}
complete -o filenames -F _stemprint stemprint
