# tests/helpers/common.bash — what every lab's .bats file loads first.
#
#   load helpers/common
#   setup()    { ipclab_setup 01-pipe-fork; }
#   teardown() { ipclab_teardown; }
#
# Gives a test:
#   prun [-i FILE] [-o FILE] [-h HINT] PROG ARGS...
#       run a program of the lab under test (or any command) under a timeout,
#       with stdout in $output (or FILE), stderr in $stderr, status in $status.
#       A timeout, or a child the program left behind, fails the test at once
#       with a hint. The command and its input are printed, so a failing test
#       shows what was run.
#   start_bg NAME [-i FILE] [-o FILE] PROG ARGS...
#       the same in the background; wait_bg NAME then sets $status for it.
#   running NAME / prog_pid NAME
#       is that background program still running / its pid (for kill -TERM)
#   proc_state PID / proc_call PID
#       its state letter in $state / the system call it is in, in $call (from /proc)
#   have_strace
#       can system calls be watched here? (tests that need strace skip otherwise)
#   because TEXT
#       the reason the next assertions matter; printed if the test fails.
#   ipc_name SUFFIX      a unique POSIX IPC name ("/ipclab-UID-PID-T-SUFFIX"),
#                        checked for leftovers at teardown
#   $WORK                a fresh directory for this test's files and FIFOs
#   $LAB_DIR             the lab under test: $IPCLAB_ROOT/${IMPL:-solutions}/NN-name
#
# Teardown fails the test (and cleans up) when anything the test started is
# still running, or an IPC name, /dev/shm entry, FIFO or socket file of this
# test is left. With IPCLAB_PROFILE=FILE, it also appends the test's CPU times
# (bash's `times`: the test's shell, then everything it waited for) and its
# name to FILE. With IPCLAB_TIMES=FILE, it appends the test's time from setup
# to teardown, in ms (tools/run-tests plans the next run with them).

bats_require_minimum_version 1.5.0

IPCLAB_HELPERS=${BASH_SOURCE[0]%/*}
# (without a subshell when the path says it already: this runs before every test)
if [[ $IPCLAB_HELPERS == /*/tests/helpers && $IPCLAB_HELPERS != */../* && $IPCLAB_HELPERS != */./* ]]; then
    IPCLAB_ROOT=${IPCLAB_HELPERS%/tests/helpers}
else
    IPCLAB_ROOT="$(cd "$IPCLAB_HELPERS/../.." && pwd)"
fi
# bats-support, bats-assert and bats-file, sourced file by file: their load.bash
# runs dirname(1) once a file, and this runs before every test.
IPCLAB_BATS_LIBS=${BATS_LIB_PATH_IPCLAB:-/usr/lib/bats}
for _lib in bats-support bats-assert bats-file; do
    for _f in "$IPCLAB_BATS_LIBS/$_lib"/src/*.bash; do
        # shellcheck disable=SC1090
        source "$_f" || { echo "cannot load $_f (is $_lib installed?)" >&2; exit 1; }
    done
done
unset _lib _f

IPCLAB_BIN="$IPCLAB_ROOT/build/bin"
# The one time limit of a program under test, in seconds (the sanitizer run
# raises it: its builds are slower). ipclab-run keeps it, and ends a run early
# when every process of the test is provably stuck; timeout(1) is the backstop.
: "${IPCLAB_TIMEOUT:=5}"
export IPCLAB_TIMEOUT
IPCLAB_BACKSTOP=$((IPCLAB_TIMEOUT + 5))
# And a whole test (its own commands included) never runs longer than this.
# bats keeps this watchdog as a background job of the test: a test waits for
# its own background jobs by pid (`wait $pid`), never with a bare `wait`.
: "${BATS_TEST_TIMEOUT:=$((IPCLAB_TIMEOUT * 8 + 20))}"
export BATS_TEST_TIMEOUT
# What ipclab-run asks to explain a hang before it stops anything.
export IPCLAB_WHY="$IPCLAB_ROOT/tools/why"

# The default hint when a program runs out of time (after the explanation).
IPCLAB_DEFAULT_HINT="a process is blocked forever. Usual causes: a pipe or FIFO write end still open somewhere (so read() never sees EOF), a semaphore that is never posted, a FIFO opened with nobody on the other side, or a parent waiting for a child that waits for the parent."

# bats runs a DEBUG trap before every command of a test, so that a failure
# is reported at its line. It costs about 0.3 ms a command, and the helpers'
# loops run thousands: a third of the suite's CPU time. The trap skips the
# commands of the helper libraries (these files, bats-assert and the others);
# a failure inside one is still reported at the test's line that called it.
_skip_trace_in_helpers() {
    local cmd
    cmd=$(trap -p DEBUG)
    [ -n "$cmd" ] || return 0
    eval "set -- $cmd"  # trap -- 'HANDLER' DEBUG
    # shellcheck disable=SC2016
    trap '[[ $BASH_SOURCE == "$IPCLAB_HELPERS"/* || $BASH_SOURCE == "$IPCLAB_BATS_LIBS"/* ]] || { '"$3"'; }' DEBUG
}

ipclab_setup() {
    _skip_trace_in_helpers
    # sleep, mkdir, rm, mkfifo and seq as bash builtins (Debian's bash-builtins)
    # where they are installed: the waiting loops sleep every 20 ms, and each
    # external command costs a fork and an exec (about 1.5 ms of CPU). Only
    # from here on: bats' watchdog for the whole test, a subshell started
    # before setup, keeps the sleep(1) that tools/why recognises it by.
    local b
    for b in sleep mkdir rm mkfifo seq; do enable -f "/usr/lib/bash/$b" "$b" 2>/dev/null || true; done
    [ -z "${IPCLAB_TIMES:-}" ] || { IPCLAB_T0=$EPOCHREALTIME; times >"$BATS_TEST_TMPDIR/times0"; }
    local lab=$1
    LAB_DIR="$IPCLAB_ROOT/${IMPL:-solutions}/$lab"
    [[ "${IMPL:-solutions}" = /* ]] && LAB_DIR="$IMPL/$lab"
    WORK="$BATS_TEST_TMPDIR/work"
    mkdir -p "$WORK"
    # Every process started from here on carries this tag in its environment:
    # teardown finds the ones still alive by it, grandchildren included.
    IPCLAB_TAG="ipclab-$EUID-${IPCLAB_RUN_ID:-$BATS_ROOT_PID}-${lab%%-*}-$BATS_TEST_NUMBER"
    export IPCLAB_TAG
    export IPCLAB_REPORT="$BATS_TEST_TMPDIR/leftover-children"
    : >"$IPCLAB_REPORT"
    # A hang's explanation, and the programs that already ended (ipclab-run).
    export IPCLAB_WHY_FILE="$BATS_TEST_TMPDIR/why" IPCLAB_ENDED="$BATS_TEST_TMPDIR/ended"
    : >"$IPCLAB_ENDED"
    IPCLAB_KILLED=""
    # The test's own shell: a hang is proven only while it, too, just waits.
    export IPCLAB_DRIVER=$$
    : >"$BATS_TEST_TMPDIR/names"
    IPCLAB_BECAUSE=""
    [ -x "$IPCLAB_BIN/ipclab-run" ] || fail "$IPCLAB_BIN/ipclab-run is missing: run 'make test' (it builds the test helpers)"
}

because() { IPCLAB_BECAUSE=$*; }

# A unique IPC name for this test, remembered for the leftover check.
ipc_name() {
    local name="/$IPCLAB_TAG-$1"
    echo "$name" >>"$BATS_TEST_TMPDIR/names"
    echo "$name"
}

# fixture PATH: a file, FIFO or /dev/shm entry the TEST made (not the program):
# teardown removes it quietly instead of reporting it as a leftover.
fixture() { echo "$1" >>"$BATS_TEST_TMPDIR/fixtures"; }

# Path of a program in the lab under test, failing clearly if it did not build.
prog() {
    local p="$LAB_DIR/$1"
    [ -x "$p" ] || fail "$1 was not built in $LAB_DIR (does 'make' succeed there?)"
    echo "$p"
}

# _describe_cmd INPUT OUT PROG ARGS...: the command line as it would be typed,
# in $IPCLAB_LAST_CMD. Built in this shell (printf -v, no $(...)): every
# fork costs milliseconds, and this runs for every program a test starts.
_describe_cmd() {
    local input=$1 out=$2 arg quoted
    shift 2
    IPCLAB_LAST_CMD="\$"
    for arg in "$@"; do
        # Long arguments are shown by their size, not their content.
        if [ ${#arg} -gt 200 ]; then
            IPCLAB_LAST_CMD+=" \"\$(${#arg}-byte argument)\""
        else
            printf -v quoted '%q' "$arg"
            IPCLAB_LAST_CMD+=" $quoted"
        fi
    done
    [ -n "$input" ] && IPCLAB_LAST_CMD+=" < $(_describe_file "$input")"
    [ -n "$out" ] && IPCLAB_LAST_CMD+=" > $out"
    return 0
}

_describe_file() {
    local size
    if [ ! -f "$1" ]; then
        printf '%s (%s)' "$1" "$(stat -c %F "$1" 2>/dev/null || echo missing)"
        return
    fi
    size=$(stat -c %s "$1" 2>/dev/null || echo '?')
    if [ "$size" != '?' ] && [ "$size" -le 120 ] && LC_ALL=C grep -qv '[^[:print:][:space:]]' "$1" 2>/dev/null; then
        local content
        content=$(cat "$1"; echo .)  # the dot keeps trailing newlines
        printf '%s (%s bytes: %q)' "$1" "$size" "${content%.}"
    else
        printf '%s (%s bytes)' "$1" "$size"
    fi
}

# prun [-i FILE] [-o FILE] [-h HINT] PROG ARGS...
prun() {
    local input="" out="" hint="$IPCLAB_DEFAULT_HINT"
    while [ $# -gt 0 ]; do
        case $1 in
        -i) input=$2; shift 2 ;;
        -o) out=$2; shift 2 ;;
        -h) hint=$2; shift 2 ;;
        *) break ;;
        esac
    done
    _describe_cmd "$input" "$out" "$@"
    echo "$IPCLAB_LAST_CMD"
    # Not bats' `run`: we need stdout in a file (binary data) and no warning
    # when a program legitimately exits 127.
    local so="$BATS_TEST_TMPDIR/prun.stdout" se="$BATS_TEST_TMPDIR/prun.stderr"
    status=0
    timeout -k 2 "$IPCLAB_BACKSTOP" "$IPCLAB_BIN/ipclab-run" "$@" \
        <"${input:-/dev/null}" >"${out:-$so}" 2>"$se" 3>&- || status=$?
    output="" stderr=$(<"$se")
    [ -n "$out" ] || output=$(<"$so")
    mapfile -t lines <<<"$output"
    [ -n "$output" ] || lines=()
    _after_run "$hint"
}

# TEXT cut to its first 10 lines and 300 characters, saying how much more there was.
_clip() {
    local text=$1 n
    n=$(wc -l <<<"$text")
    if [ "$n" -gt 10 ]; then
        text="$(head -n 10 <<<"$text")"$'\n'"... ($((n - 10)) more lines)"
    fi
    if [ ${#text} -gt 300 ]; then printf '%s... (%d more characters)' "${text:0:300}" "$((${#text} - 300))"; else printf '%s' "$text"; fi
}

_after_run() {
    local hint=$1
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
        IPCLAB_KILLED=1
        local why="" head="timed out after ${IPCLAB_TIMEOUT}s"
        if [ -s "$IPCLAB_WHY_FILE" ]; then
            why=$(<"$IPCLAB_WHY_FILE")
            # "stuck after 1.5s: ..." when the hang was proven before the limit
            [[ "$why" == stuck* ]] && head=${why%%:*} && why=${why#*$'\n'}
        fi
        fail "$(printf '%s: %s\n%s%shint: %s\nstdout so far: %s\nstderr so far: %s' \
            "$head" "$IPCLAB_LAST_CMD" "$why" "${why:+$'\n'}" "$hint" "$(_clip "$output")" "$(_clip "$stderr")")"
    fi
    if [ -s "$IPCLAB_REPORT" ]; then
        fail "$(printf '%s\n%s' "$IPCLAB_LAST_CMD" "$(cat "$IPCLAB_REPORT")")"
    fi
    return 0
}

# start_bg NAME [-i FILE] [-o FILE] PROG ARGS...: stdout goes to FILE (default
# $WORK/NAME.out), stderr to $WORK/NAME.err. fd 3 is closed, or bats would wait.
start_bg() {
    local name=$1 input="" out=""
    shift
    while [ $# -gt 0 ]; do
        case $1 in
        -i) input=$2; shift 2 ;;
        -o) out=$2; shift 2 ;;
        *) break ;;
        esac
    done
    out=${out:-$WORK/$name.out}
    _describe_cmd "$input" "$out" "$@"
    echo "$IPCLAB_LAST_CMD &"
    IPCLAB_REPORT="$BATS_TEST_TMPDIR/leftover-$name" IPCLAB_ROLE=$name \
        timeout -k 2 "$IPCLAB_BACKSTOP" "$IPCLAB_BIN/ipclab-run" "$@" \
        <"${input:-/dev/null}" >"$out" 2>"$WORK/$name.err" 3>&- &
    eval "IPCLAB_BG_$name=$!"
    eval "IPCLAB_BG_OUT_$name=\$out"
    echo "$!" >>"$BATS_TEST_TMPDIR/bg-pids"
}

# with_limit SECONDS prun|start_bg ...: a longer time limit for one program,
# one that lives while the test sets up many others (a server, a consumer): on a
# loaded machine the setup alone can take the usual limit. A hang is still
# ended as soon as it is proven, so only a busy loop runs to the longer limit.
with_limit() {
    local limit=$1
    shift
    IPCLAB_TIMEOUT=$limit IPCLAB_BACKSTOP=$((limit + 5)) "$@"
}

# wait_bg NAME [HINT]: wait for it; $status, $output (its stdout file) and $stderr are set.
wait_bg() {
    local name=$1 hint=${2:-$IPCLAB_DEFAULT_HINT}
    local var="IPCLAB_BG_$name"
    status=0
    wait "${!var}" || status=$?
    local out_var="IPCLAB_BG_OUT_$name"
    # Only a regular file is read back (never /dev/full, a FIFO or a terminal).
    local outf=${!out_var:-$WORK/$name.out}
    output=""
    # ($(<FILE) reads it in this shell: no cat to start)
    [ -f "$outf" ] && output=$(<"$outf")
    stderr=""
    [ -f "$WORK/$name.err" ] && stderr=$(<"$WORK/$name.err")
    IPCLAB_LAST_CMD="background process '$name'"
    if [ -s "$BATS_TEST_TMPDIR/leftover-$name" ]; then
        cat "$BATS_TEST_TMPDIR/leftover-$name" >>"$IPCLAB_REPORT"
        : >"$BATS_TEST_TMPDIR/leftover-$name"
    fi
    _after_run "$hint"
}

# explain_bg NAME: tools/why's report on the background program NAME and
# everything it started (what each process is blocked in, on what), or nothing
# when it has ended. For a test that waits for a program itself.
explain_bg() {
    local pid
    pid=$(prog_pid "$1") || return 0
    "$IPCLAB_WHY" "$pid" 2>/dev/null || true
}

# Is the program started by start_bg NAME still running?
running() {
    local var="IPCLAB_BG_$1"
    kill -0 "${!var}" 2>/dev/null
}

# _children PID: PID's children in $kids, oldest first, from /proc/PID/task/*/children
# (each thread lists what it forked): a read instead of a pgrep that would scan
# every process. Kernels without those files get pgrep.
if [ -r "/proc/$$/task/$$/children" ]; then
    _children() {
        local f k
        kids=()
        for f in /proc/"$1"/task/*/children; do
            k=()
            read -r -a k 2>/dev/null <"$f"
            kids+=("${k[@]}")
        done
    }
else
    _children() {
        local oldest p
        kids=()
        oldest=$(pgrep -o -P "$1" 2>/dev/null) || return 0
        kids=("$oldest")
        for p in $(pgrep -P "$1" 2>/dev/null); do [ "$p" = "$oldest" ] || kids+=("$p"); done
    }
fi

# proc_state PID: PID's state letter (R running, S sleeping, T stopped, Z a
# zombie...) in $state: field 3 of /proc/PID/stat, after the ")" that ends the
# name. Fails when PID is gone. Read in this shell: sampling loops call it.
proc_state() {
    read -r state 2>/dev/null <"/proc/$1/stat" || return 1
    state=${state##*) }
    state=${state%% *}
}

# proc_call PID: the system call PID is in (its number, or "running") in
# $call, from /proc/PID/syscall. Fails where that file cannot be read.
proc_call() { read -r call _ 2>/dev/null <"/proc/$1/syscall"; }

# The pid of the program itself under start_bg NAME (timeout -> ipclab-run -> PROG).
# Waits up to 2 s for it to appear; fails (status 1, no output) if the job has
# already ended or never started the program. The oldest child at each step:
# ipclab-run also runs tools/why --check now and then, and once pids wrap
# around that checker can have the lower pid.
prog_pid() {
    local var="IPCLAB_BG_$1" pid i n next kids
    pid=${!var}
    for i in 1 2; do
        next=""
        for ((n = 0; n < 100; n++)); do
            # the oldest child: the checker of a hang may be younger, with a lower pid after pids wrap
            _children "$pid"
            next=${kids[0]:-}
            [ -n "$next" ] && break
            kill -0 "$pid" 2>/dev/null || return 1
            sleep 0.02
        done
        pid=$next
        [ -n "$pid" ] || return 1
    done
    echo "$pid"
}

# have_strace: can we watch system calls here? (tests that need it are skipped otherwise)
have_strace() {
    command -v strace >/dev/null && strace -qq -o /dev/null true 2>/dev/null || return 1
    # LeakSanitizer cannot work under ptrace: a sanitizer build traced by
    # strace keeps its address checks and skips only the leak check.
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
}

# Error contract: no stdout, "usage: PROG ..." on stderr, exit 2.
assert_usage_error() {
    local progname=$1
    because "a usage error must print 'usage: $progname ...' on stderr and exit with 2 (not run anyway, not crash)"
    assert_equal "$status" 2
    [[ "$stderr" == "usage: $progname "* ]] || fail "stderr should start with 'usage: $progname ', got: $stderr"
    assert_equal "$output" ""
}

# Error contract: "PROG: CALL: strerror" on stderr, exit 1.
assert_call_error() {
    local progname=$1 pattern=$2
    because "a failed system call must print '$progname: CALL: reason' on stderr and exit with 1"
    [ "$status" -eq 1 ] || fail "exit status $status, expected 1 for a failed call (stderr: '$stderr')"
    [[ "$stderr" =~ ^$progname:\ $pattern ]] || fail "stderr should match '^$progname: $pattern', got: $stderr"
}

# Processes still alive that carry this test's tag (never our own shell), as
# $pids. Zombies have an empty environ, so every pid found is a live process.
# grep runs with the tag blanked in its own environment, or it would find
# itself; our shell exported the tag after it started, and /proc shows the
# environment a process was started with, so the shell is never found either.
_tagged_pids() {
    local f
    pids=""
    for f in $(IPCLAB_TAG="" grep -lsxzF "IPCLAB_TAG=$IPCLAB_TAG" /proc/[0-9]*/environ 2>/dev/null); do
        f=${f#/proc/}
        pids+="${pids:+ }${f%/environ}"
    done
}

# The FIFOs and socket files under the directories given, in $fifos and
# $sockets: globbed here, with no find(1) to start for every test.
_special_files() {
    local dir f
    fifos=() sockets=()
    shopt -s globstar dotglob nullglob
    for dir in "$@"; do
        for f in "$dir"/**; do
            if [ -p "$f" ]; then fifos+=("$f"); elif [ -S "$f" ]; then sockets+=("$f"); fi
        done
    done
    shopt -u globstar dotglob nullglob
}

# The CPU time in ms that `times` wrote to FILE (this shell's, then its
# children's), in $cpu_ms.
_cpu_ms() {
    local t total=0 m sec
    for t in $(<"$1"); do
        m=${t%%m*} sec=${t#*m} sec=${sec%s}
        total=$((total + m * 60000 + 10#${sec/./}))
    done
    cpu_ms=$total
}

# For IPCLAB_TIMES: how long this test waited (its time from setup to
# teardown less the CPU time it and its programs used), in ms. tools/run-tests
# gives a file whose tests wait long more shards.
_record_time() {
    local cpu_ms before
    times >"$BATS_TEST_TMPDIR/times1"
    _cpu_ms "$BATS_TEST_TMPDIR/times0"
    before=$cpu_ms
    _cpu_ms "$BATS_TEST_TMPDIR/times1"
    echo "$(((${EPOCHREALTIME/./} - ${IPCLAB_T0/./}) / 1000 - (cpu_ms - before))) $((cpu_ms - before))" >>"$IPCLAB_TIMES"
}

ipclab_teardown() {
    [ -n "${IPCLAB_PROFILE:-}" ] && { times; echo ":: $BATS_TEST_DESCRIPTION"; } >>"$IPCLAB_PROFILE"
    [ -n "${IPCLAB_TIMES:-}" ] && _record_time
    local problems=() notes=() pid name kind f
    # 1. processes this test started that are still running
    local pids fifos sockets shell comm n
    # A background job forked but not yet started as timeout(1) is still a
    # copy of this shell, without the tag: give it a moment, so the scan sees it.
    if [ -s "$BATS_TEST_TMPDIR/bg-pids" ]; then
        read -r shell <"/proc/$$/comm"
        while read -r pid; do
            for ((n = 0; n < 50; n++)); do
                read -r comm 2>/dev/null <"/proc/$pid/comm" && [ "$comm" = "$shell" ] || break
                sleep 0.02
            done
        done <"$BATS_TEST_TMPDIR/bg-pids"
    fi
    _tagged_pids
    if [ -n "$pids" ]; then
        for pid in $pids; do
            read -r name 2>/dev/null <"/proc/$pid/comm" || continue  # gone meanwhile
            # The harness around a program (timeout, ipclab-run, and the hang
            # checker ipclab-run starts, tools/why) is not the program's
            # doing: it is stopped, and the program is reported.
            case $name in timeout | ipclab-run | why) continue ;; esac
            problems+=("process $pid ($name) is still running after the test")
        done
        # Our own background jobs are reaped inside the braces, so the shell's
        # notice of a killed job ("Killed  timeout ...") goes nowhere.
        {
            # shellcheck disable=SC2086
            kill -KILL $pids || true
            if [ -s "$BATS_TEST_TMPDIR/bg-pids" ]; then
                while read -r pid; do wait "$pid" || true; done <"$BATS_TEST_TMPDIR/bg-pids"
            fi
        } 2>/dev/null
        IPCLAB_KILLED=${IPCLAB_KILLED:-teardown}
    fi
    # A program that was stopped (at the time limit, or just now) never got to
    # remove its names: those are removed and mentioned, not blamed on it.
    _leftover() {
        if [ -n "$IPCLAB_KILLED" ]; then
            notes+=("removed $1 (its creator was stopped $([ "$IPCLAB_KILLED" = teardown ] && echo 'after the test' || echo 'at the time limit') before it could clean up)")
        else
            problems+=("$2")
        fi
    }
    # reap our own background jobs
    if [ -s "$BATS_TEST_TMPDIR/bg-pids" ]; then
        while read -r pid; do wait "$pid" 2>/dev/null || true; done <"$BATS_TEST_TMPDIR/bg-pids"
        : >"$BATS_TEST_TMPDIR/bg-pids"
    fi
    # the test's own objects are not leftovers
    if [ -s "$BATS_TEST_TMPDIR/fixtures" ]; then
        while IFS= read -r f; do rm -f "$f"; done <"$BATS_TEST_TMPDIR/fixtures"
    fi
    # 2. IPC names this test handed out. glibc keeps shm objects as /dev/shm/NAME
    #    and named semaphores as /dev/shm/sem.NAME; queues are files in
    #    /dev/mqueue where it is mounted (ipcname asks mq_open otherwise).
    local mqfs=""
    [ -s "$BATS_TEST_TMPDIR/names" ] && [ -d /dev/mqueue ] && [[ $(</proc/self/mounts) == *" /dev/mqueue mqueue "* ]] && mqfs=1
    while read -r name; do
        [ -n "$name" ] || continue
        for kind in shm sem mq; do
            case $kind in
            shm) f=/dev/shm/${name#/} ;;
            sem) f=/dev/shm/sem.${name#/} ;;
            mq) f=${mqfs:+/dev/mqueue/${name#/}} ;;
            esac
            if [ -n "$f" ]; then [ -e "$f" ] || continue
            else "$IPCLAB_BIN/ipcname" exists "$kind" "$name" || continue
            fi
            _leftover "the $kind name $name" "the $kind name $name is still there: the program that created it must ${kind}_unlink it"
            "$IPCLAB_BIN/ipcname" remove "$kind" "$name" || true
        done
    done <"$BATS_TEST_TMPDIR/names"
    # 3. anything else in /dev/shm (or /dev/mqueue) with this test's tag
    for f in /dev/shm/*"$IPCLAB_TAG"* /dev/mqueue/*"$IPCLAB_TAG"*; do
        [ -e "$f" ] || continue
        _leftover "$f" "$f is left behind"
        rm -f "$f"
    done
    # 4. FIFOs and socket files in the test's directory and in $SOCKET_DIR (a
    # short directory a test may use: a socket path has at most 107 bytes)
    _special_files "$BATS_TEST_TMPDIR" ${SOCKET_DIR:+"$SOCKET_DIR"}
    for f in "${fifos[@]}"; do
        _leftover "the FIFO $f" "the FIFO $f is left behind: whoever created it must unlink it"
        rm -f "$f"
    done
    # 5. socket files
    for f in "${sockets[@]}"; do
        _leftover "the socket file $f" "the socket file $f is left behind: the server that bound it must unlink it"
        rm -f "$f"
    done

    # A failed test: the stderr of the last command it ran (an assertion
    # shows only its status and stdout), also when the test left things behind.
    if [ -z "${BATS_TEST_COMPLETED:-}" ] && [ -n "${stderr:-}" ]; then
        printf 'its stderr:\n%s\n' "$(head -c 600 <<<"$stderr" | sed 's/^/    /')" >&2
    fi
    [ "${#notes[@]}" -gt 0 ] && printf 'cleanup: %s\n' "${notes[@]}" >&2
    if [ "${#problems[@]}" -gt 0 ]; then
        printf 'leftover: %s\n' "${problems[@]}" >&2
        [ -n "$IPCLAB_BECAUSE" ] && printf 'why it matters: %s\n' "$IPCLAB_BECAUSE" >&2
        return 1
    fi
    [ -z "${BATS_TEST_COMPLETED:-}" ] && [ -n "$IPCLAB_BECAUSE" ] && printf 'why it matters: %s\n' "$IPCLAB_BECAUSE" >&2
    return 0
}

# Helpers for particular kinds of checks live in files of their own next to
# this one; each is sourced here by name.
source "$IPCLAB_HELPERS/classes.bash"
source "$IPCLAB_HELPERS/failures.bash"
