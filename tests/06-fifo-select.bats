#!/usr/bin/env bats
# Lab 06 — one consumer, several FIFOs: fifo_select (select/poll) and fifo_producer.
# Points: 1 per test unless a "# points: N" line precedes it (see tools/grading/grade).
#
# FIFOs live in $WORK; teardown fails a test that leaves one behind.
# A FIFO reaches EOF when its LAST writer closes. When a test runs several
# producers on one FIFO, it first opens the FIFO for writing itself
# (hold_open) and closes it (release) only after every producer has finished:
# otherwise a fast producer could finish before a slow one even opens the
# FIFO, fifo_select would rightly report EOF in between, and the late producer
# would wait in open() for a reader forever.

load helpers/common

setup() {
    ipclab_setup 06-fifo-select
    SELECT=$(prog fifo_select)
    PRODUCER=$(prog fifo_producer)
}
teardown() {
    release_all
    ipclab_teardown
}

SELECT_HINT="fifo_select did not finish. Usual causes: the fd_set is not rebuilt (FD_ZERO, then FD_SET for every FIFO still open) before EVERY select() call: select() leaves only the ready fds in it; a FIFO that reached EOF (read() returned 0) is still watched or not counted as ended; with --poll, POLLHUP (the last writer left, often without POLLIN) is not handled like POLLIN; or a FIFO was opened without O_NONBLOCK, so open() waits for a writer."
PRODUCER_HINT="a fifo_producer did not finish. open(O_WRONLY) waits until the FIFO is open for reading, and write() waits while the pipe is full: fifo_select must open every FIFO (with O_NONBLOCK, so no open() waits) before it starts waiting, and keep reading all of them."
OPEN_HINT="fifo_producer must open the FIFO with open(path, O_WRONLY) (no O_NONBLOCK, no O_CREAT), write its lines and close it."

# Wait (up to 5 s) for fifo_select, started as "sel", to create FIFO...
await_fifos() {
    local f all i made=() missing=()
    for ((i = 0; i < 250; i++)); do
        all=1
        for f in "$@"; do [ -p "$f" ] || all=0; done
        [ "$all" = 1 ] && return 0
        if ! running sel; then
            wait_bg sel "$SELECT_HINT"
            fail "fifo_select ended (status $status) before creating $*: it must mkfifo() every FIFO that does not exist. stdout: $output stderr: $stderr"
        fi
        sleep 0.02
    done
    for f in "$@"; do if [ -p "$f" ]; then made+=("${f##*/}"); else missing+=("${f##*/}"); fi; done
    local why
    why=$(explain_bg sel)
    [ "${#made[@]}" -gt 0 ] && [[ "$why" == *"blocked in open"* ]] &&
        fail "fifo_select created ${made[*]} but not ${missing[*]} within 5 s: it is stuck in a blocking open(), waiting for a writer. Open each FIFO with O_RDONLY | O_NONBLOCK."$'\n'"$why"
    fail "fifo_select did not create ${missing[*]:-$*} within 5 s: it must mkfifo() every FIFO that does not exist"$'\n'"$why"
}

# Wait (up to 5 s) for fifo_select ("sel") to print LINE.
await_line() {
    local i
    for ((i = 0; i < 250; i++)); do
        grep -Fxq -- "$1" "$WORK/sel.out" && return 0
        running sel || break
        sleep 0.02
    done
    grep -Fxq -- "$1" "$WORK/sel.out" && return 0
    # The hint must match what happened: what fifo_select is blocked in now,
    # and whether the FIFO of LINE has printed anything at all.
    local why=${2:-$SELECT_HINT} report="" fifo=${1%%:*}
    report=$(explain_bg sel)
    if grep -q "^$fifo: " "$WORK/sel.out"; then
        [[ "$1" == *": EOF" ]] && why="fifo_select printed lines from $fifo but not '$1': when the last writer closes, read() returns 0 after the remaining data (with poll(), POLLHUP can come together with the last lines: keep reading until read() returns 0)" ||
            why=$SELECT_HINT
    elif [[ "$report" == *"blocked in open"* ]]; then
        why="fifo_select is stuck in a blocking open(), waiting for a writer: open every FIFO with O_RDONLY | O_NONBLOCK"
    elif [[ "$report" == *"select() does not look at it"* || "$report" == *"conclusion:"* ]]; then
        why="see the conclusion above"
    fi
    running sel && [ ! -s "$WORK/sel.out" ] && [ -z "$report" ] && why="nothing at all in fifo_select's output after 5 s: is stdout flushed (fflush) after each line? $why"
    fail "$(printf 'fifo_select never printed "%s"%s\nits output so far:\n%s\n%s%shint: %s' "$1" \
        "$(running sel || echo " (it has exited: $(cat "$WORK/sel.err"))")" "$(_clip "$(cat "$WORK/sel.out")")" \
        "$report" "${report:+$'\n'}" "$why")"
}

# hold_open NAME FIFO: a writer (start_bg NAME) that keeps FIFO open until
# release NAME FIFO. It holds FIFO on fd 4 while cat waits for EOF on FIFO.ctl.
HOLDERS=()
hold_open() {
    local name=$1 fifo=$2 i
    mkfifo "$fifo.ctl"
    HOLDERS+=("$fifo")
    # the test's own writer lives until released, however long the test takes: three times the usual limit
    with_limit $((IPCLAB_TIMEOUT * 3)) start_bg "$name" bash -c 'exec 4>"$1" && : >"$1.held" && exec cat "$1.ctl"' hold "$fifo"
    for ((i = 0; i < 250; i++)); do
        [ -e "$fifo.held" ] && return 0
        sleep 0.02
    done
    fail "could not open $fifo for writing within 5 s: fifo_select must have opened every FIFO for reading (open with O_NONBLOCK) before it starts waiting"
}

# Opening FIFO.ctl for writing and closing it is cat's EOF: the holder exits.
release() {
    timeout 2 bash -c ': >"$1"' _ "$2.ctl" || true
    rm -f "$2.ctl"
    wait_bg "$1"
}

# Teardown: let go of what a failed test still holds (the holders are ours, not the program's).
release_all() {
    local fifo
    for fifo in "${HOLDERS[@]}"; do
        [ -p "$fifo.ctl" ] || continue
        timeout 1 bash -c ': >"$1"' _ "$fifo.ctl" || true
        rm -f "$fifo.ctl"
    done
    sleep 0.05
}

# Fail with MESSAGE if fifo_select ("sel") is no longer running.
assert_still_running() {
    running sel && return 0
    wait_bg sel
    local hint=""
    [[ "$stderr" == *"Bad file descriptor"* ]] &&
        hint=$'\n'"hint: a closed fd is still in the fd_set. select() rewrites the set: FD_ZERO it and FD_SET only the FIFOs still open before EVERY call."
    fail "$1 (it exited with status $status, stderr: ${stderr:-nothing}).$hint"$'\n'"Output so far:"$'\n'"$(cat "$WORK/sel.out")"
}

# check_lines FILE NAME=COUNT[,COUNT]... — fifo_select's output when the
# producers of FIFO NAME wrote COUNT lines each. Every line must be
# "NAME: msg I from PID" or "NAME: EOF"; each producer's lines must be there
# exactly once and in order; each FIFO must have one EOF, after its lines.
check_lines() {
    local file=$1 spec name want got problems
    shift
    problems=$(awk '
        /^[^:]+: msg [0-9]+ from [0-9]+$/ {
            name = substr($0, 1, index($0, ":") - 1)
            split(substr($0, length(name) + 3), w, " ")
            key = name " " w[4]
            if (eof[name]) print "line " NR " comes after \"" name ": EOF\": " $0
            if (w[2] != seen[key] + 1) print "line " NR ": expected \"msg " seen[key] + 1 " from " w[4] "\" next, got: " $0 " (a line lost, repeated or out of order)"
            seen[key] = w[2]
            next
        }
        /^[^:]+: EOF$/ {
            name = substr($0, 1, index($0, ":") - 1)
            if (eof[name]++) print "line " NR ": a second \"" name ": EOF\""
            next
        }
        { print "line " NR " is neither \"NAME: msg I from PID\" nor \"NAME: EOF\": \"" $0 "\" (a line cut in two by a partial read, two lines printed as one, or a producer that writes a line with more than one write())" }
        END {
            for (key in seen) { split(key, k, " "); count[k[1]] = count[k[1]] " " seen[key] }
            for (name in count) print "count " name count[name]
            for (name in eof) print "eof " name
        }' "$file")
    local errors
    errors=$(grep -v -e '^count ' -e '^eof ' <<<"$problems" | head -n 10 || true)
    for spec in "$@"; do
        name=${spec%%=*}
        want=$(tr ',' '\n' <<<"${spec#*=}" | sort -n | paste -sd, -)
        got=$(grep "^count $name " <<<"$problems" | cut -d' ' -f3- | tr ' ' '\n' | sort -n | paste -sd, - || true)
        [ "$want" = "$got" ] || errors+=$'\n'"FIFO $name: expected producers with $want lines, got ${got:-none} (a line lost or repeated?)"
        grep -qx "eof $name" <<<"$problems" || errors+=$'\n'"no \"$name: EOF\" line"
    done
    while read -r _ name _; do
        [ -n "$name" ] || continue
        [[ " $* " == *" $name="* ]] || errors+=$'\n'"lines for an unknown FIFO name \"$name\" (NAME is the FIFO's file name, without its directory)"
    done < <(grep -e '^count ' -e '^eof ' <<<"$problems" || true)
    if [ -n "${errors//$'\n'/}" ]; then
        fail "$(printf 'fifo_select output is wrong:\n%s\n--- output (first 40 lines):\n%s' "$errors" "$(head -n 40 "$file")")"
    fi
}

# Three FIFOs, several producers each, different speeds; $@: fifo_select options.
three_fifos_many_producers() {
    local a=$WORK/alpha b=$WORK/beta c=$WORK/gamma p
    # it lives while ten other processes start: three times the usual limit
    with_limit $((IPCLAB_TIMEOUT * 3)) start_bg sel "$SELECT" "$@" "$a" "$b" "$c"
    await_fifos "$a" "$b" "$c"
    hold_open ha "$a"
    hold_open hb "$b"
    hold_open hc "$c"
    start_bg p1 "$PRODUCER" "$a" 20
    start_bg p2 "$PRODUCER" "$a" 8 9
    start_bg p3 "$PRODUCER" "$a" 5 17
    start_bg p4 "$PRODUCER" "$b" 12 4
    start_bg p5 "$PRODUCER" "$b" 12 6
    start_bg p6 "$PRODUCER" "$c" 6 13
    start_bg p7 "$PRODUCER" "$c" 30
    for p in p1 p2 p3 p4 p5 p6 p7; do
        wait_bg "$p" "$PRODUCER_HINT"
        [ "$status" -eq 0 ] || fail "fifo_producer $p failed (status $status): $stderr"
    done
    # The last writers close one FIFO at a time: EOF on one must not end the others.
    release ha "$a"
    await_line "alpha: EOF"
    because "EOF on one FIFO ends only that FIFO: fifo_select must keep waiting on the others"
    assert_still_running "fifo_select ended after alpha's EOF while beta and gamma were still open"
    release hb "$b"
    await_line "beta: EOF"
    assert_still_running "fifo_select ended after beta's EOF while gamma was still open"
    release hc "$c"
    wait_bg sel "$SELECT_HINT"
    because "every line of every producer exactly once, whole, in each producer's order, and one EOF per FIFO"
    assert_success
    check_lines "$WORK/sel.out" alpha=20,8,5 beta=12,12 gamma=6,30
}

# A FIFO nobody has written to yet is not at EOF; $@: fifo_select options.
no_writer_yet_is_not_ended() {
    local quiet=$WORK/quiet busy=$WORK/busy
    start_bg sel "$SELECT" "$@" "$quiet" "$busy"
    await_fifos "$quiet" "$busy"
    start_bg pb "$PRODUCER" "$busy" 3
    await_line "busy: EOF" "nothing from busy, although its producer has written and closed it"
    wait_bg pb "$PRODUCER_HINT"
    sleep 0.2
    because "a FIFO that has never had a writer has not ended: only read() == 0 AFTER select()/poll() reported it ready means EOF"
    grep -q '^quiet: EOF$' "$WORK/sel.out" &&
        fail "fifo_select printed 'quiet: EOF' although nobody ever opened quiet for writing. read() on a FIFO with no writer returns 0 at once: read only what select()/poll() reports ready."
    assert_still_running "fifo_select ended although quiet has not had a writer yet"
    start_bg pq "$PRODUCER" "$quiet" 2
    wait_bg pq "$PRODUCER_HINT"
    wait_bg sel "$SELECT_HINT"
    assert_success
    check_lines "$WORK/sel.out" quiet=2 busy=3
}

# ---- fifo_producer on its own ---------------------------------------------------

@test "fifo_producer: COUNT numbered lines 'msg I from PID' into the FIFO" {
    mkfifo "$WORK/p"
    fixture "$WORK/p"
    start_bg r cat "$WORK/p"
    prun -h "$OPEN_HINT" "$PRODUCER" "$WORK/p" 3
    producer_status=$status
    # A producer that never opened the FIFO leaves cat waiting in open(): end it.
    sleep 0.1
    if running r; then timeout 1 bash -c ': >"$1"' _ "$WORK/p" || true; fi
    wait_bg r
    rm -f "$WORK/p"
    [ "$producer_status" -eq 0 ] || fail "fifo_producer exited with $producer_status: $stderr"
    because "fifo_producer writes lines 'msg 1 from PID' to 'msg COUNT from PID', each ending in a newline, and prints nothing itself"
    pid=$(sed -n 's/^msg 1 from \([0-9]*\)$/\1/p' "$WORK/r.out")
    [ -n "$pid" ] || fail "the first line should be 'msg 1 from PID', got: $(head -n 1 "$WORK/r.out")"
    assert_equal "$(cat "$WORK/r.out")" "$(printf 'msg 1 from %s\nmsg 2 from %s\nmsg 3 from %s' "$pid" "$pid" "$pid")"
}

@test "fifo_producer: waits in open() until a reader comes" {
    mkfifo "$WORK/p"
    fixture "$WORK/p"
    start_bg w "$PRODUCER" "$WORK/p" 2
    sleep 0.3
    because "open(O_WRONLY) on a FIFO waits for a reader (O_NONBLOCK would fail with ENXIO instead): the producer must still be there"
    if ! running w; then
        wait_bg w
        rm -f "$WORK/p"
        fail "fifo_producer ended (status $status, stderr: $stderr) while nobody was reading: open the FIFO O_WRONLY without O_NONBLOCK, so it waits for the reader"
    fi
    prun cat "$WORK/p"
    wait_bg w "$OPEN_HINT"
    rm -f "$WORK/p"
    assert_success
    assert_equal "$(wc -l <"$WORK/w.out")" 0
}

@test "fifo_producer: a FIFO that does not exist is an error, and is not created" {
    prun "$PRODUCER" "$WORK/missing" 1
    assert_call_error fifo_producer "open: No such file or directory"
    [ -e "$WORK/missing" ] && { rm -f "$WORK/missing"; fail "fifo_producer created $WORK/missing: only fifo_select creates FIFOs"; }
    true
}

@test "fifo_producer: bad command lines are usage errors" {
    for args in "" "$WORK/p" "$WORK/p many" "$WORK/p -1" "$WORK/p 3x" "$WORK/p 3 slow" "$WORK/p 3 1 extra"; do
        # shellcheck disable=SC2086
        prun "$PRODUCER" $args
        assert_usage_error fifo_producer
    done
}

# ---- fifo_select ------------------------------------------------------------------------

@test "fifo_select: one FIFO, one producer: its lines, then EOF, then exit 0" {
    start_bg sel "$SELECT" "$WORK/solo"
    await_fifos "$WORK/solo"
    start_bg p "$PRODUCER" "$WORK/solo" 5
    wait_bg p "$PRODUCER_HINT"
    wait_bg sel "$SELECT_HINT"
    because "each line is printed as 'NAME: LINE' with NAME the FIFO's file name, then 'NAME: EOF' when the writer closes; then fifo_select exits 0 and removes the FIFO it made"
    assert_success
    check_lines "$WORK/sel.out" solo=5
    assert_equal "$(tail -n 1 "$WORK/sel.out")" "solo: EOF"
}

# points: 3
@test "fifo_select: three FIFOs, several producers each, different speeds (select)" {
    three_fifos_many_producers
}

# points: 3
@test "fifo_select --poll: three FIFOs, several producers each, different speeds" {
    three_fifos_many_producers --poll
}

# points: 2
@test "fifo_select: a FIFO with no writer yet has not ended (select)" {
    no_writer_yet_is_not_ended
}

# points: 2
@test "fifo_select --poll: a FIFO with no writer yet has not ended" {
    no_writer_yet_is_not_ended --poll
}

# points: 2
@test "fifo_select: a line that arrives in two pieces is printed once, whole" {
    start_bg sel "$SELECT" "$WORK/a"
    await_fifos "$WORK/a"
    # One writer sends half a line, pauses (fifo_select reads the half), then the rest.
    start_bg w bash -c 'exec 4>"$1"; printf "first half, " >&4; sleep 0.3; printf "second half\nnext line\n" >&4' w "$WORK/a"
    wait_bg w
    wait_bg sel "$SELECT_HINT"
    because "read() returns what is in the pipe, which may end in the middle of a line: keep the unfinished part per FIFO (line_buffer) and print only complete lines"
    assert_success
    STDOUT_FILE=$WORK/sel.out assert_stdout "a: first half, second half" "a: next line" "a: EOF"
}

@test "fifo_select --poll: a last line without a newline is printed before EOF" {
    start_bg sel "$SELECT" --poll "$WORK/a"
    await_fifos "$WORK/a"
    start_bg w bash -c 'exec 4>"$1"; printf "line one\nno newline at the end" >&4' w "$WORK/a"
    wait_bg w
    wait_bg sel "$SELECT_HINT"
    because "at EOF the bytes after the last newline are still a line: print them, then 'NAME: EOF'"
    assert_success
    STDOUT_FILE=$WORK/sel.out assert_stdout "a: line one" "a: no newline at the end" "a: EOF"
}

@test "fifo_select --poll: lines that arrive together with the hang-up are read before EOF" {
    start_bg sel "$SELECT" --poll "$WORK/a"
    await_fifos "$WORK/a"
    # The writer's open() returns once fifo_select has the FIFO open; then it
    # waits for "go". fifo_select is stopped (SIGSTOP) while the writer writes
    # and closes, so when it runs again poll() reports data AND hang-up at once.
    start_bg w bash -c 'exec 4>"$1"; : >"$2"; until [ -e "$3" ]; do sleep 0.01; done
        printf "one\ntwo\nlast" >&4' w "$WORK/a" "$WORK/opened" "$WORK/go"
    local i pid
    for ((i = 0; i < 250; i++)); do [ -e "$WORK/opened" ] && break; sleep 0.02; done
    [ -e "$WORK/opened" ] || fail "a writer could not open the FIFO within 5 s: fifo_select must open it for reading"
    pid=$(prog_pid sel) || fail "fifo_select ended early: $(cat "$WORK/sel.err")"
    kill -STOP "$pid"
    : >"$WORK/go"
    wait_bg w
    kill -CONT "$pid"
    wait_bg sel "$SELECT_HINT"
    because "poll() can report POLLIN and POLLHUP together: the last writer wrote and left. POLLHUP means 'no writer any more', not 'nothing left': keep reading until read() returns 0, then print EOF"
    assert_success
    STDOUT_FILE=$WORK/sel.out assert_stdout "a: one" "a: two" "a: last" "a: EOF"
}

@test "fifo_select: the same FIFO named twice: 'ready' but already drained is not an error" {
    start_bg sel "$SELECT" "$WORK/twice" "$WORK/twice"
    await_fifos "$WORK/twice"
    hold_open h "$WORK/twice"
    local pid i
    pid=$(prog_pid sel) || fail "fifo_select ended early: $(cat "$WORK/sel.err")"
    # Both of its fds must be open before it is stopped.
    for ((i = 0; i < 250; i++)); do
        [ "$(find "/proc/$pid/fd" -lname "$WORK/twice" 2>/dev/null | wc -l)" -ge 2 ] && break
        sleep 0.02
    done
    # Stopped, fifo_select cannot read: the lines wait in the pipe, so when it
    # runs again both of its fds are ready, and the first read() takes it all.
    kill -STOP "$pid"
    printf 'one\ntwo\n' >"$WORK/twice"
    kill -CONT "$pid"
    await_line "twice: two"
    release h "$WORK/twice"
    wait_bg sel "$SELECT_HINT"
    because "select()/poll() say a FIFO was ready when they returned; another read() may have emptied it since. With O_NONBLOCK that read() fails with EAGAIN: wait again instead of giving up"
    assert_success
    STDOUT_FILE=$WORK/sel.out assert_stdout "twice: one" "twice: two" "twice: EOF" "twice: EOF"
}

@test "fifo_select: output that cannot be written is an error, and its FIFO is still removed" {
    start_bg sel bash -c 'exec "$1" "$2" >/dev/full' sel "$SELECT" "$WORK/a"
    await_fifos "$WORK/a"
    start_bg p "$PRODUCER" "$WORK/a" 3
    wait_bg sel "$SELECT_HINT"
    because "when stdout fails (here: a full disk) fifo_select must say so and exit 1, not go on as if the lines had been shown; the FIFO it created is removed on that way out too"
    assert_failure 1
    [[ "$stderr" == *"No space left on device"* ]] || fail "expected an error about the failed write on stderr, got: '$stderr'"
    [ -e "$WORK/a" ] && fail "the FIFO $WORK/a is still there after fifo_select ended with an error"
    wait_bg p  # it may have died of SIGPIPE: its reader is gone
}

# points: 2
@test "fifo_select: thousands of lines from fast producers, none cut or merged" {
    start_bg sel "$SELECT" "$WORK/big" "$WORK/bulk"
    await_fifos "$WORK/big" "$WORK/bulk"
    # Fast writers fill the pipe, so reads come back full and end mid-line.
    start_bg p1 "$PRODUCER" "$WORK/big" 4000
    start_bg p2 "$PRODUCER" "$WORK/bulk" 3000
    wait_bg p1 "$PRODUCER_HINT"
    wait_bg p2 "$PRODUCER_HINT"
    wait_bg sel "$SELECT_HINT"
    because "a read() of a busy FIFO returns many lines and usually half of one at the end: each must be printed once and whole"
    assert_success
    check_lines "$WORK/sel.out" big=4000 bulk=3000
}

# points: 2
@test "fifo_select: four producers on one FIFO at full speed, no line torn" {
    start_bg sel "$SELECT" "$WORK/shared"
    await_fifos "$WORK/shared"
    hold_open h "$WORK/shared"
    for p in p1 p2 p3 p4; do start_bg "$p" "$PRODUCER" "$WORK/shared" 1500; done
    for p in p1 p2 p3 p4; do wait_bg "$p" "$PRODUCER_HINT"; done
    release h "$WORK/shared"
    wait_bg sel "$SELECT_HINT"
    because "a write() of at most PIPE_BUF bytes to a FIFO is atomic: if each producer writes a line with ONE write(), lines of concurrent producers never mix"
    assert_success
    check_lines "$WORK/sel.out" shared=1500,1500,1500,1500
}

@test "fifo_producer: each line is a single write() of the whole line" {
    # Whether two producers' lines tear depends on timing; how a producer
    # writes does not: one write() per line, each a whole line.
    have_strace || skip "strace cannot run here"
    start_bg sel "$SELECT" "$WORK/one"
    await_fifos "$WORK/one"
    prun -h "$PRODUCER_HINT" strace -qq -e trace=write -o "$WORK/trace" "$PRODUCER" "$WORK/one" 5
    assert_success
    wait_bg sel "$SELECT_HINT"
    because "a line written with more than one write() can be cut in two by another producer's line; one write() of at most PIPE_BUF bytes is atomic"
    writes=$(grep -c '^write(' "$WORK/trace" || true)
    whole=$(grep -cE '^write\([0-9]+, "msg [0-9]+ from [0-9]+\\n", [0-9]+\) += [0-9]+$' "$WORK/trace" || true)
    [ "$writes" -eq 5 ] && [ "$whole" -eq 5 ] ||
        fail "expected 5 write() calls, each one whole line; got $writes write() calls, $whole of them whole lines: $(head -n 8 "$WORK/trace")"
}

@test "fifo_select --poll: a producer with COUNT 0 gives just EOF" {
    start_bg sel "$SELECT" --poll "$WORK/empty"
    await_fifos "$WORK/empty"
    prun -h "$PRODUCER_HINT" "$PRODUCER" "$WORK/empty" 0
    assert_success
    wait_bg sel "$SELECT_HINT"
    because "a writer that opens and closes without writing still ends the FIFO"
    assert_success
    STDOUT_FILE=$WORK/sel.out assert_stdout "empty: EOF"
}

@test "fifo_select: removes the FIFOs it created (mode 0600), and only those" {
    mkfifo "$WORK/theirs"
    fixture "$WORK/theirs"
    start_bg sel "$SELECT" "$WORK/theirs" "$WORK/ours"
    await_fifos "$WORK/ours"
    because "a creator makes its FIFO with mode 0600 and removes it when done; a FIFO it found is someone else's"
    assert_equal "$(stat -c %a "$WORK/ours")" 600
    start_bg p1 "$PRODUCER" "$WORK/theirs" 1
    start_bg p2 "$PRODUCER" "$WORK/ours" 1
    wait_bg p1 "$PRODUCER_HINT"
    wait_bg p2 "$PRODUCER_HINT"
    wait_bg sel "$SELECT_HINT"
    assert_success
    [ -p "$WORK/theirs" ] || fail "fifo_select removed $WORK/theirs, which existed before it started: remove only the FIFOs you created"
    rm -f "$WORK/theirs"
    [ -e "$WORK/ours" ] && fail "fifo_select left $WORK/ours behind: unlink() every FIFO you created before exiting"
    check_lines "$WORK/sel.out" theirs=1 ours=1
}

# points: 2
# idle_after_one_eof OPTIONS...: one FIFO ends, the other stays open and quiet.
idle_after_one_eof() {
    # It lives through two rounds of CPU sampling and a writer: twice the time limit.
    with_limit $((IPCLAB_TIMEOUT * 2)) start_bg sel "$SELECT" "$@" "$WORK/done" "$WORK/quiet"
    await_fifos "$WORK/done" "$WORK/quiet"
    sleep 0.05
    assert_idle sel 300 "fifo_select waiting on two FIFOs nobody has opened yet"
    hold_open h "$WORK/quiet"
    start_bg w bash -c 'printf "one\ntwo\n" >"$1"' w "$WORK/done"
    wait_bg w
    await_line "done: EOF"
    sleep 0.05
    assert_idle sel 400 "fifo_select waiting on 'quiet' after 'done' reached EOF"
    release h "$WORK/quiet"
    wait_bg sel "$SELECT_HINT"
    because "after EOF the FIFO is closed and no longer watched (select: not in the set; poll: fd -1), and the wait has no timeout: otherwise select/poll return at once, again and again"
    assert_success
    STDOUT_FILE=$WORK/sel.out assert_stdout "done: one" "done: two" "done: EOF" "quiet: EOF"
}

@test "fifo_select: waiting burns no CPU, also after one FIFO has ended (select)" {
    idle_after_one_eof
}

@test "fifo_select --poll: waiting burns no CPU, also after one FIFO has ended" {
    idle_after_one_eof --poll
}

@test "fifo_select: lines longer than one read (4096, 4097 and 10000 bytes) come out whole" {
    local n
    for n in 4095 4096 4097 10000; do head -c "$n" /dev/zero | tr '\0' 'L'; echo; done >"$WORK/long"
    start_bg sel "$SELECT" "$WORK/a"
    await_fifos "$WORK/a"
    start_bg w bash -c 'cat "$2" >"$1"' w "$WORK/a" "$WORK/long"
    wait_bg w
    wait_bg sel "$SELECT_HINT"
    because "a line may be longer than what one read() returns: keep the unfinished part (line_buffer) until its newline comes, whatever its length"
    assert_success
    sed 's/^/a: /' "$WORK/long" >"$WORK/expected.long"
    echo "a: EOF" >>"$WORK/expected.long"
    assert_same_bytes "$WORK/expected.long" "$WORK/sel.out" "fifo_select's output"
}

@test "fifo_select: a FIFO it created and then cannot open is removed" {
    have_strace || skip "strace cannot run here"
    # mkfifo succeeds; open() of that one path fails.
    prun strace -f -qq -o /dev/null -P "$WORK/b" -e inject=openat:error=EACCES "$SELECT" "$WORK/a" "$WORK/b"
    because "a FIFO is fifo_select's to remove from the moment mkfifo() made it: arm the removal right after mkfifo, before open() can fail"
    assert_call_error fifo_select "open: Permission denied"
    for f in "$WORK/a" "$WORK/b"; do
        [ -e "$f" ] && fail "fifo_select failed to open $WORK/b and left $f behind"
    done
    true
}

@test "fifo_select: SIGTERM and SIGINT remove the FIFOs it created" {
    for sig in TERM INT; do
        start_bg sel "$SELECT" "$WORK/s1" "$WORK/s2"
        await_fifos "$WORK/s1" "$WORK/s2"
        pid=$(prog_pid sel) || fail "could not find the running fifo_select"
        kill -"$sig" "$pid"
        for ((i = 0; i < 100; i++)); do running sel || break; sleep 0.02; done
        if running sel; then
            kill -KILL "$pid"
            wait_bg sel
            fail "fifo_select was still running 2 s after SIG$sig"
        fi
        wait_bg sel
        because "names must be removed on every exit path: a SIG$sig handler (ipclab::on_exit_remove_names + unlink_guard) unlinks the FIFOs"
        [ "$status" -ne 0 ] || fail "fifo_select should die of SIG$sig, but exited with 0"
        for f in "$WORK/s1" "$WORK/s2"; do
            [ -e "$f" ] && fail "fifo_select was killed by SIG$sig and left $f behind"
        done
    done
    true
}

@test "fifo_select: mkfifo failing is an error, and the FIFO made before is removed" {
    prun "$SELECT" "$WORK/first" "$WORK/no-such-dir/second"
    because "a failed mkfifo() is 'fifo_select: mkfifo: reason', exit 1, and FIFOs already created are removed on that way out too"
    assert_call_error fifo_select "mkfifo: No such file or directory"
    [ -e "$WORK/first" ] && fail "fifo_select exited with an error and left $WORK/first behind"
    true
}

@test "fifo_select: bad command lines are usage errors" {
    for args in "" "--poll" "-x $WORK/a" "--select $WORK/a"; do
        # shellcheck disable=SC2086
        prun "$SELECT" $args
        assert_usage_error fifo_select
    done
}

# ---- bad input and failures ----------------------------------------------------------------

@test "failures: fifo_select and fifo_producer answer -h and --help" {
    cd "$WORK"
    assert_help "$SELECT"
    assert_help "$PRODUCER"
    [ ! -e "$WORK/-h" ] && [ ! -e "$WORK/--help" ] || fail "a FIFO named -h or --help was created"
}

@test "failures: fifo_producer refuses a regular file instead of writing into it" {
    printf 'my notes\n' >"$WORK/notes.txt"
    prun "$PRODUCER" "$WORK/notes.txt" 2
    because "a regular file opens at once and would take the lines: only a FIFO will do"
    assert_equal "$status" 1
    assert_equal "$stderr" "fifo_producer: $WORK/notes.txt: not a FIFO"
    assert_equal "$(cat "$WORK/notes.txt")" "my notes"
}

@test "failures: fifo_select refuses a path that exists but is not a FIFO, and removes the FIFOs it made" {
    printf 'data\n' >"$WORK/file"
    prun "$SELECT" "$WORK/new" "$WORK/file"
    assert_equal "$status" 1
    assert_equal "$stderr" "fifo_select: $WORK/file: not a FIFO"
    [ ! -e "$WORK/new" ] || fail "the FIFO fifo_select created ($WORK/new) is still there after the error"
}

# high_fds CMD...: run CMD with fds 3 to 1030 taken, so the next open() gets an fd >= FD_SETSIZE.
high_fds='ulimit -n 2048 && for i in $(seq 3 1030); do eval "exec $i</dev/null"; done && exec "$@"'

@test "failures: a FIFO on an fd >= FD_SETSIZE is refused by select (no overflow); poll takes it" {
    [ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -ge 2048 ] || skip "cannot open 2048 files here"
    prun bash -c "$high_fds" _ "$SELECT" "$WORK/f"
    because "FD_SET on an fd of FD_SETSIZE (1024) or more writes past the end of the fd_set: refuse it, say why"
    assert_equal "$status" 1
    assert_equal "$stderr" "fifo_select: select: fd 1031 is not below FD_SETSIZE (1024): use --poll"
    start_bg sel bash -c "$high_fds" _ "$SELECT" --poll "$WORK/f"
    await_fifos "$WORK/f"
    prun "$PRODUCER" "$WORK/f" 1
    wait_bg sel "$SELECT_HINT"
    assert_success
    mapfile -t lines <<<"$output"
    assert_equal "${lines[1]:-}" "f: EOF"
}

@test "failures: a FIFO with a 255-character file name is created, read and removed" {
    long=$(printf '%255s' | tr ' ' f)
    start_bg sel "$SELECT" "$WORK/$long"
    await_fifos "$WORK/$long"
    prun "$PRODUCER" "$WORK/$long" 1
    wait_bg sel "$SELECT_HINT"
    because "the cleanup guard holds any path mkfifo accepts"
    assert_success
    mapfile -t lines <<<"$output"
    assert_equal "${lines[1]:-}" "$long: EOF"
    [ ! -e "$WORK/$long" ] || fail "the long FIFO is still there"
}

# select_signal SIG: SIG while fifo_select waits; the FIFOs it made must go.
select_signal() {
    local sig=$1
    start_bg sel "$SELECT" "$WORK/a" "$WORK/b"
    await_fifos "$WORK/a" "$WORK/b"
    kill "-$sig" "$(prog_pid sel)"
    wait_bg sel
    because "fifo_select removes the FIFOs it created on every way out, SIG$sig included (Ctrl-\\ is SIGQUIT; a closed terminal, SIGHUP)"
    assert_equal "$status" "$((128 + $(kill -l "$sig")))"
    [ ! -e "$WORK/a" ] && [ ! -e "$WORK/b" ] || fail "SIG$sig left a FIFO behind"
}

@test "failures: SIGHUP to a waiting fifo_select removes its FIFOs" { select_signal HUP; }
@test "failures: SIGQUIT to a waiting fifo_select removes its FIFOs" { select_signal QUIT; }

@test "failures: fifo_select's output failing (/dev/full) is reported, exit 1, FIFOs removed" {
    start_bg sel bash -c 'exec "$@" >/dev/full' _ "$SELECT" "$WORK/a"
    await_fifos "$WORK/a"
    prun "$PRODUCER" "$WORK/a" 1
    wait_bg sel "$SELECT_HINT"
    assert_call_error fifo_select "write: No space left on device"
    [ ! -e "$WORK/a" ] || fail "the FIFO is still there after the error"
}
