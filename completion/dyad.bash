# dyad.bash - bash completion for dyad(1).
# Installed by 'make install' as $(PREFIX)/share/bash-completion/completions/dyad.
# Everything is read from dyad itself, so the script follows the program:
# subcommands from 'dyad --help', options and their value lists from
# 'dyad COMMAND --help' (e.g. "[--adjust holm|bh|none]"), measure codes
# from 'dyad instruments -f csv'.  Anything else completes file names.

# _dyad_help PROG [CMD]: the usage text, on one line.
_dyad_help()
{
	local prog=$1 cmd=${2:-}
	if [[ -n $cmd ]]; then
		"$prog" "$cmd" --help 2>/dev/null | tr '\n' ' '
	else
		"$prog" --help 2>/dev/null
	fi
}

# _dyad_commands PROG: the subcommands 'dyad --help' lists.
_dyad_commands()
{
	_dyad_help "$1" | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# _dyad_options HELP: every --long and -x option word in a usage text.
_dyad_options()
{
	printf '%s\n' "$1" | tr ' []|.' '\n\n\n\n\n' |
	    sed -n 's/^\(--[A-Za-z][A-Za-z0-9-]*\).*/\1/p; s/^\(-[A-Za-z]\)$/\1/p' |
	    sort -u
}

# _dyad_argword HELP OPT: the word after OPT in the usage ("holm|bh|none",
# "FILE", "FORMAT"), or nothing when OPT takes no argument.
_dyad_argword()
{
	local help=$1 opt=$2 w prev= words
	read -ra words <<< "$help"      # no globbing: "[FILE...]" is a pattern
	for w in "${words[@]}"; do
		w=${w#[}
		w=${w%]}
		w=${w%...}
		if [[ $prev == "$opt" ]]; then
			case $w in
			-*) return ;;
			esac
			printf '%s\n' "$w"
			return
		fi
		prev=$w
	done
}

# _dyad_measures PROG: the catalog's measure codes.
_dyad_measures()
{
	"$1" instruments -f csv 2>/dev/null | sed -n '2,$s/^\([^,]*\),.*/\1/p'
}

_dyad_files()
{
	mapfile -t COMPREPLY < <(compgen -f -- "$1")
	compopt -o filenames 2>/dev/null
}

# _dyad_reply WORDS CUR [PREFIX]: the WORDS that start with CUR.
_dyad_reply()
{
	mapfile -t COMPREPLY < <(compgen -P "${3:-}" -W "$1" -- "$2")
}

_dyad()
{
	local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
	local cmd= i help prev word values kinds

	COMPREPLY=()
	# the subcommand: the first word after dyad that is not an option
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			_dyad_reply "--help --version" "$cur"
		else
			_dyad_reply "$(_dyad_commands "$prog") help" "$cur"
		fi
		return 0
	fi
	if [[ $cmd == help ]]; then
		_dyad_reply "$(_dyad_commands "$prog")" "$cur"
		return 0
	fi
	help=$(_dyad_help "$prog" "$cmd")

	# the value of an option: the word before, or --opt=value
	prev=
	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	elif ((COMP_CWORD > i + 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		# bash splits --opt=value at '=' (COMP_WORDBREAKS)
		if [[ $prev == "=" ]] && ((COMP_CWORD > i + 2)); then
			prev=${COMP_WORDS[COMP_CWORD - 2]}
		fi
	fi
	if [[ $prev == -* ]]; then
		word=$(_dyad_argword "$help" "$prev")
		# -f is written "-f FORMAT" in most commands: ask for --format too
		[[ -z $word && $prev == -f ]] && word=$(_dyad_argword "$help" --format)
		[[ -z $word && $prev == --format ]] && word=$(_dyad_argword "$help" -f)
		[[ -z $word && $prev == -o ]] && word=FILE
		[[ -z $word && ($prev == -d || $prev == --delimiter) ]] && word=DELIM
		[[ -z $word && $prev == --input-format ]] && word=FORMAT
		if [[ -n $word ]]; then
			case $prev in
			--measure|--jt)
				# a comma list: complete its last item
				local head=
				[[ $cur == *,* ]] && head=${cur%,*},
				_dyad_reply "$(_dyad_measures "$prog")" "${cur##*,}" "$head"
				return 0 ;;
			-f|--format)
				if [[ $word == *'|'* ]]; then
					values=${word//|/ }
				else
					values="table csv tsv json markdown"
				fi
				_dyad_reply "$values" "$cur"
				return 0 ;;
			--input-format)
				_dyad_reply "csv sav zsav por dta sas7bdat" "$cur"
				return 0 ;;
			-d|--delimiter)
				_dyad_reply ", ; tab" "$cur"
				return 0 ;;
			esac
			if [[ $word == *'|'* ]]; then
				# fixed values such as holm|bh|none; LABEL|first offers first
				local w vs
				values=
				IFS='|' read -ra vs <<< "$word"
				for w in "${vs[@]}"; do
					[[ $w == *[A-Z]* ]] || values="$values $w"
				done
				_dyad_reply "$values" "$cur"
				return 0
			fi
			case $word in
			FILE|*FILE*|DIR) _dyad_files "$cur" ;;
			esac
			return 0
		fi
	fi
	if [[ $cur == -* ]]; then
		values="$(_dyad_options "$help") --help"
		# a command that reads assessments (it has --col) takes all the
		# shared input options, even those its usage leaves out
		[[ $help == *--col* ]] &&
			values=$(printf '%s\n' $values --input-format --delimiter \
			    --quiet | sort -u)
		_dyad_reply "$values" "$cur"
		return 0
	fi
	# plot KIND: the first operand
	if [[ $cmd == plot ]]; then
		local operands=0 j
		for ((j = i + 1; j < COMP_CWORD; j++)); do
			word=${COMP_WORDS[j]}
			case $word in
			-*) ;;
			*)
				prev=${COMP_WORDS[j - 1]}
				if [[ $prev != -* || -z $(_dyad_argword "$help" "$prev") ]]; then
					operands=$((operands + 1))
				fi ;;
			esac
		done
		if ((operands == 0)); then
			kinds=$(printf '%s\n' "$help" |
			    sed -n 's/.*KIND is \([^.]*\)\..*/\1/p' | tr -d ',' |
			    sed 's/ or / /')
			[[ -n $kinds ]] || kinds="prepost forest jt change trajectory"
			_dyad_reply "$kinds" "$cur"
			return 0
		fi
	fi
	_dyad_files "$cur"
	return 0
}

complete -F _dyad dyad
