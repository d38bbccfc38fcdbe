# tests/helpers/failures.bash — helpers for the "bad input and failures" tests
# at the end of each lab's .bats file (sourced by common.bash).
#
#   assert_help PROG                 -h and --help print "usage: PROG ..." on stdout, exit 0
#   prun_closed_stdout PROG ARGS...  prun with stdout closed (PROG >&-)
#   prun_closed_stdin PROG ARGS...   prun with stdin closed (PROG <&-)
#   prun_full_stdout PROG ARGS...    prun with stdout on /dev/full (every write fails: ENOSPC)
#   long_ipc_name SUFFIX             the longest legal IPC name: "/" and 255 characters
#   wait_until TEXT COMMAND...       retry COMMAND for up to 3 s; fail with TEXT if it never succeeds
#   children_of PID                  the pids of PID's children, one a line
#   fifo_bytes PATH                  make the FIFO PATH, a program's input the test feeds

# -h and --help: the usage line on stdout, nothing on stderr, exit 0, and
# nothing done (no file created, no message sent).
assert_help() {
    local path=$1 name flag
    name=$(basename "$path")
    for flag in -h --help; do
        prun "$path" "$flag"
        because "every program answers $flag alike: 'usage: $name ...' on stdout and exit 0 (not a usage error, not a run with '$flag' as an argument)"
        [ "$status" -eq 0 ] || fail "$name $flag exited with $status (stderr: $stderr)"
        [[ "$output" == "usage: $name "* ]] || fail "$name $flag should print 'usage: $name ...' on stdout, got: '$output'"
        assert_equal "$stderr" ""
    done
}

prun_closed_stdout() { prun bash -c 'exec "$@" >&-' _ "$@"; }
prun_closed_stdin() { prun bash -c 'exec "$@" <&-' _ "$@"; }
prun_full_stdout() { prun bash -c 'exec "$@" >/dev/full' _ "$@"; }

# "/" and 255 characters: the test's unique tag, padded. Registered for the
# leftover check like ipc_name's.
long_ipc_name() {
    local base="/$IPCLAB_TAG-$1-" pad
    pad=$(printf '%*s' $((256 - ${#base})) '' | tr ' ' x)
    echo "$base$pad" >>"$BATS_TEST_TMPDIR/names"
    echo "$base$pad"
}

wait_until() {
    local text=$1 i
    shift
    for i in $(seq 150); do
        "$@" && return 0
        sleep 0.02
    done
    fail "$text"
}

children_of() {
    local kids
    _children "$1"
    [ ${#kids[@]} -eq 0 ] || printf '%s\n' "${kids[@]}"
}

# A FIFO for a program's stdin that the test feeds: start the program with
# -i PATH in the background (its shell waits in open), then `exec 4>PATH`;
# the test decides when bytes come (>&4) and when EOF does (exec 4>&-).
# Background programs started after the exec inherit fd 4 and delay EOF.
fifo_bytes() {
    mkfifo "$1"
    fixture "$1"
}

# wait_bg_awake NAME [HINT]: wait_bg, with the test itself visibly awake
# meanwhile (it looks every 50 ms). The harness stops a test early once every
# process is blocked and none can wake another; a program whose partner has
# died waits in sem_wait until its own watch (a second thread the check does
# not see) ends it, and a FIFO the test holds open is the test's to feed.
wait_bg_awake() {
    local name=$1
    shift
    while running "$name"; do sleep 0.05; done
    wait_bg "$name" "$@"
}

# prun_awake PROG ARGS...: prun's result ($status, $output, $stderr) through
# start_bg and wait_bg_awake (stdout in $WORK/awake.out).
prun_awake() {
    start_bg awake "$@"
    wait_bg_awake awake
}
