# tests/helpers/classes.bash — checks for the classes of bugs that a test
# run the easy way never sees. Sourced at the end of common.bash.
#
#   brun [-i FILE] [-o FILE] [-h HINT] PROG ARGS...
#       prun with stdout kept byte for byte in $WORK/stdout or FILE ($output and $lines
#       are set from it too, for messages). `$(...)` and $output drop trailing
#       newlines: compare the file with assert_stdout.
#   assert_stdout LINE...      stdout ($WORK/stdout, or $STDOUT_FILE) is exactly
#                              these lines, each ending in '\n' (none: empty)
#   assert_stdout_bytes TEXT   ... is exactly TEXT (no newline added)
#   assert_same_bytes EXPECTED ACTUAL [WHAT]   two files hold the same bytes
#   trun [-h HINT] [-o FILE] CHUNK PAUSE_MS INPUT PROG ARGS...
#       run PROG with INPUT arriving through a pipe CHUNK bytes at a time,
#       PAUSE_MS apart (short reads); $status is PROG's. stdout as with brun.
#   tree_cpu_ticks PID[,PID]   CPU time (clock ticks, user + system) of PID and
#                              all its descendants
#   assert_idle JOB[,JOB] MS WHAT   the programs started by start_bg JOB (and
#                              their children) use (almost) no CPU in MS ms
#   have_nobody [PROG...] / as_nobody CMD...   run CMD as user nobody (tests run as root,
#                              and root ignores permissions); after have_nobody,
#                              prun "${AS_NOBODY[@]}" PROG ... does the same
#   stat_mode PATH             the octal mode of PATH, e.g. 600

# ---- 1. stdout byte for byte ------------------------------------------------------

brun() {
    local args=()
    STDOUT_FILE="$WORK/stdout"
    while [ $# -gt 0 ]; do
        case $1 in
        -i | -h) args+=("$1" "$2"); shift 2 ;;
        -o) STDOUT_FILE=$2; shift 2 ;;
        *) break ;;
        esac
    done
    prun "${args[@]}" -o "$STDOUT_FILE" "$@"
    output="" lines=()
    # Only a regular file is read back (not /dev/full, a FIFO or a terminal).
    if [ -f "$STDOUT_FILE" ]; then
        output=$(<"$STDOUT_FILE")
        mapfile -t lines <"$STDOUT_FILE"
    fi
}

# assert_same_bytes EXPECTED ACTUAL [WHAT]
assert_same_bytes() {
    local exp=$1 act=$2 what=${3:-stdout} es as hint=""
    cmp -s "$exp" "$act" && return 0
    es=$(stat -c %s "$exp")
    as=$(stat -c %s "$act" 2>/dev/null || echo 0)
    if [ "$((es - 1))" -eq "$as" ] && [ "$(tail -c 1 "$exp" | od -An -c | tr -d ' ')" = '\n' ] &&
        cmp -s -n "$as" "$exp" "$act"; then
        hint="the last line has no newline: every line printed must end in '\\n' (a test that compares \$(...) would not see it)"
    elif [ "$((es + 1))" -eq "$as" ] && cmp -s -n "$es" "$exp" "$act"; then
        hint="one byte too many at the end ($(tail -c 1 "$act" | od -An -c | tr -s ' ')): an extra newline or a '\\0'?"
    elif [ "$as" -lt "$es" ] && cmp -s -n "$as" "$exp" "$act"; then
        hint="the output stops early ($as of $es bytes): a short read or write not looped, or the program ended before it printed everything"
    fi
    fail "$(printf '%s is not byte-exact: expected %s bytes, got %s%s\nexpected (start): %q\ngot      (start): %q%s' \
        "$what" "$es" "$as" "$(cmp "$exp" "$act" 2>&1 | sed -n 's/^.*differ: / (first difference: /p' | sed 's/$/)/')" \
        "$(head -c 160 "$exp" | tr '\0' '@')" "$(head -c 160 "$act" 2>/dev/null | tr '\0' '@')" \
        "${hint:+$'\n'hint: $hint}")"
}

assert_stdout() {
    if [ $# -gt 0 ]; then printf '%s\n' "$@" >"$WORK/expected.stdout"; else : >"$WORK/expected.stdout"; fi
    assert_same_bytes "$WORK/expected.stdout" "${STDOUT_FILE:-$WORK/stdout}"
}

assert_stdout_bytes() {
    printf '%s' "$1" >"$WORK/expected.stdout"
    assert_same_bytes "$WORK/expected.stdout" "${STDOUT_FILE:-$WORK/stdout}"
}

# ---- 3. input in pieces --------------------------------------------------------------

trun() {
    local hint=() out="$WORK/stdout"
    while [ $# -gt 0 ]; do
        case $1 in
        -h) hint=(-h "$2"); shift 2 ;;
        -o) out=$2; shift 2 ;;
        *) break ;;
        esac
    done
    local chunk=$1 pause=$2 input=$3
    shift 3
    STDOUT_FILE=$out
    echo "# input: $(_describe_file "$input"), through a pipe in pieces of $chunk bytes, ${pause} ms apart"
    prun "${hint[@]}" -o "$out" bash -c '"$0" "$1" "$2" <"$3" | "${@:4}"' \
        "$IPCLAB_BIN/trickle" "$chunk" "$pause" "$input" "$@"
    output=""
    [ ! -f "$out" ] || output=$(<"$out")
}

# ---- 6. waiting without burning a CPU ---------------------------------------------------

_descendants() {
    local p kids
    _children "$1"
    for p in "${kids[@]}"; do
        echo "$p"
        _descendants "$p"
    done
}

# utime + stime (fields 14 and 15 of /proc/PID/stat) of PID and its descendants.
tree_cpu_ticks() {
    local total=0 p root stat fields
    for root in ${1//,/ }; do
    for p in "$root" $(_descendants "$root"); do
        read -r stat 2>/dev/null <"/proc/$p/stat" || continue
        read -r -a fields <<<"${stat##*) }"  # from field 3 on: utime is field 14
        total=$((total + ${fields[11]:-0} + ${fields[12]:-0}))
    done
    done
    echo "$total"
}

# The voluntary context switches of PID (it blocked, or slept, that often).
_voluntary_switches() {
    local key value
    while read -r key value; do
        [ "$key" = voluntary_ctxt_switches: ] && { echo "$value"; return; }
    done <"/proc/$1/status" 2>/dev/null
    echo 0
}

# assert_idle JOB[,JOB] MS WHAT: while they wait for MS milliseconds, the
# programs and their children may use at most 5% of one CPU (a blocking wait
# uses none; a loop that polls, or spins on a flag, uses all it can get), and
# none of them may be runnable (state R) in most of the samples taken every
# 20 ms without ever blocking: a busy loop is always runnable, on a loaded
# machine too, when the CPU it gets, and so its CPU time, is small. (A
# program that sleeps between two tries is runnable often on a loaded
# machine, waiting for a CPU after each sleep, but each sleep is a
# voluntary context switch; a busy loop makes none.)
assert_idle() {
    local jobs=$1 ms=$2 what=$3 before after used limit hz job p pid="" pids=() state
    local -A runnable=() switches=()
    # The programs themselves (not the harness around them, which may be
    # busy explaining why everything is blocked).
    for job in ${jobs//,/ }; do
        p=$(prog_pid "$job") || fail "$what: '$job' is no longer running (it should be waiting): $(cat "$WORK/$job.err" 2>/dev/null)"
        pid+=${pid:+,}$p
        pids+=("$p" $(_descendants "$p"))
    done
    hz=$(getconf CLK_TCK)
    for p in "${pids[@]}"; do switches[$p]=$(_voluntary_switches "$p"); done
    before=$(tree_cpu_ticks "$pid")
    local samples=0 start=${EPOCHREALTIME/./} now
    while :; do
        sleep 0.02
        now=${EPOCHREALTIME/./}
        [ $(((now - start) / 1000)) -lt "$ms" ] || break
        samples=$((samples + 1))
        for p in "${pids[@]}"; do
            proc_state "$p" || continue
            [ "$state" = R ] && runnable[$p]=$((${runnable[$p]:-0} + 1))
        done
    done
    for p in ${pid//,/ }; do
        kill -0 "$p" 2>/dev/null ||
            fail "$what: the program (pid $p) ended during the ${ms} ms it should have spent waiting, so its CPU time could not be measured"
    done
    after=$(tree_cpu_ticks "$pid")
    used=$((after - before))
    limit=$((hz * ms / 1000 / 20 + 2))
    local busy=""
    for p in "${!runnable[@]}"; do
        [ $((runnable[$p] * 2)) -gt "$samples" ] &&
            [ $(($(_voluntary_switches "$p") - ${switches[$p]:-0})) -lt 4 ] && busy+="${busy:+, }pid $p ($(cat "/proc/$p/comm" 2>/dev/null)) runnable in ${runnable[$p]} of $samples samples"
    done
    [ "$used" -le "$limit" ] && [ -z "$busy" ] ||
        fail "$(printf '%s used %s ms of CPU time in %s ms of waiting (at most %s ms allowed)%s: it is busy-waiting. A wait must block in the kernel (read, select/poll with no timeout or a long one, sem_wait, mq_receive), not loop around a call that returns at once (O_NONBLOCK, timeout 0, an fd at EOF still watched, a flag checked in a loop).' \
            "$what" "$((used * 1000 / hz))" "$ms" "$((limit * 1000 / hz))" "${busy:+; $busy}")"
}

# ---- 4. permissions as somebody else -------------------------------------------------

# have_nobody [PROG...]: root, setpriv and a user nobody, who can run each PROG
# (a submission in a private directory cannot be run by another user: skip).
have_nobody() {
    [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1 || return 1
    # For prun and start_bg, which run a command, not a shell function.
    AS_NOBODY=(setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups --)
    local prog
    for prog in "$@"; do "${AS_NOBODY[@]}" test -x "$prog" || return 1; done
}

as_nobody() {
    setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups -- "$@"
}

stat_mode() { stat -c %a "$1"; }
