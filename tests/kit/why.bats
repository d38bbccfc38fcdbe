#!/usr/bin/env bats
# tools/why on the classic hangs of the labs (tests/kit/hangs/hangs.cpp): the
# report must name the right process, the call it is blocked in and the object,
# and conclude why nobody can wake it. Then the harness: a stuck program is
# ended early, with the explanation written before anything is killed.

bats_require_minimum_version 1.5.0

setup_file() {
    ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    export HANGS="$BATS_FILE_TMPDIR/hangs"
    g++ -std=c++20 -O0 -w -o "$HANGS" "$ROOT/tests/kit/hangs/hangs.cpp" -lrt -pthread
    make -s -C "$ROOT" helpers >/dev/null
}

setup() {
    load kit
    NAME="/ipclab-why-$$-$BATS_TEST_NUMBER"
    FIFO="$BATS_TEST_TMPDIR/fifo"
}

teardown() {
    [ -n "${PID:-}" ] && pkill -KILL -s "$PID" 2>/dev/null
    wait 2>/dev/null || true
    rm -f "/dev/shm${NAME}" "$FIFO" "$FIFO.quiet"
    "$ROOT/build/bin/ipcname" remove mq "$NAME" 2>/dev/null || true
}

# hang MODE [ARG]: start the fixture in a session of its own, let it block,
# then explain it; $output is the report, $PID the fixture's pid.
hang() {
    setsid "$HANGS" "$@" 3>&- &
    PID=$!
    for _ in $(seq 50); do
        "$ROOT/tools/why" --check "$PID" && break
        sleep 0.1
    done
    run "$ROOT/tools/why" "$PID"
    assert_success
}

# The conclusion line, and the pid of the fixture's child.
conclusion() { grep '^conclusion: ' <<<"$output" || fail "no conclusion in: $output"; }
child() { pgrep -P "$PID" | head -n 1; }

@test "why: the child keeps the write end — it holds the end it waits on itself" {
    hang child-keeps-write-end
    run -0 conclusion
    assert_output --regexp "pid $(child) \(hangs, child\) waits for EOF on pipe:\[[0-9]+\] but holds its write end itself, fd [0-9]+: close it"
}

@test "why: the parent keeps the write end — the waiting parent holds it" {
    hang parent-keeps-write-end
    assert_output --partial "pid $(child) (hangs, child): blocked in read() on fd 3, pipe:["
    run -0 conclusion
    assert_output --regexp "write end of pipe:\[[0-9]+\] is still open in pid $PID \(hangs\), itself blocked in wait4\(\) for child $(child)"
}

@test "why: the parent waits before it writes — the same cycle, named" {
    hang wait-before-write
    run -0 conclusion
    assert_output --partial "pid $(child) (hangs, child) is blocked in read()"
    assert_output --partial "still open in pid $PID (hangs), itself blocked in wait4()"
}

@test "why: a semaphore nobody posts — both sides wait, each on its own semaphore" {
    hang never-posted "$NAME"
    assert_output --partial "semaphore at offset 0 of /dev/shm$NAME, value 0"
    assert_output --partial "semaphore at offset 32 of /dev/shm$NAME, value 0"
    run -0 conclusion
    assert_output --partial "nobody can move"
}

@test "why: the final post is missing — the partner is gone, nobody can post" {
    hang no-final-post "$NAME"
    run -0 conclusion
    assert_output --partial "pid $PID (hangs) waits on semaphore at offset 0 of /dev/shm$NAME (value 0), and no other process has it mapped"
}

@test "why: sem_init with pshared 0 — the post happened, the waiter cannot see it" {
    hang pshared-zero "$NAME"
    assert_output --partial "value 1"
    run -0 conclusion
    assert_output --partial "pid $PID (hangs) waits on semaphore at offset 0 of /dev/shm$NAME, which was made with pshared = 0"
}

@test "why: a FIFO opened with nobody on the other side" {
    hang fifo-no-writer "$FIFO"
    assert_output --partial "blocked in openat() of '$FIFO' for reading"
    assert_output --partial "nobody has it open for writing"
}

@test "why: a receive on an empty queue that nobody else has open" {
    hang empty-queue "$NAME"
    run -0 conclusion
    assert_output --partial "pid $PID (hangs) waits to receive from message queue $NAME (empty), and no other process has it open"
}

@test "why: select with nfds one too small — the fd with data is not watched" {
    hang select-nfds "$FIFO"
    assert_output --regexp "not watched: fd ([0-9]+), FIFO $FIFO, 6 bytes waiting \(nfds = \1 covers fds 0..[0-9]+ only\)"
    run -0 conclusion
    assert_output --regexp "has data on fd [0-9]+ but select\(\) does not look at it: nfds = [0-9]+ must be the highest fd \+ 1"
}

@test "why: sigsuspend with SIGCHLD still blocked after the child has ended" {
    setsid "$HANGS" sigchld-blocked 3>&- &
    PID=$!
    sleep 0.5
    run "$ROOT/tools/why" "$PID"
    assert_success
    assert_output --partial "pid $PID (hangs): blocked in rt_sigsuspend(): waits for a signal"
    assert_output --partial "SIGCHLD pending but blocked in the mask it waits with"
    run -0 conclusion
    assert_output --regexp "pid $PID \(hangs\) waits in rt_sigsuspend\(\) with SIGCHLD blocked, and its child pid [0-9]+ has ended"
}

@test "why: a program that is only slow is not called stuck" {
    sleep 3 3>&- &
    PID=$!
    run "$ROOT/tools/why" --check "$PID"
    assert_failure
    setsid bash -c 'while :; do :; done' 3>&- &
    PID=$!
    run "$ROOT/tools/why" --check "$PID"
    assert_failure
}

@test "why: a test that is still starting a program is not called stuck" {
    # The harness (timeout, ipclab-run) is not explained, but one that has not
    # started its program yet (making its cgroup, on a loaded machine) is about
    # to start a program that may wake the one that waits: no verdict yet.
    cp "$(command -v sleep)" "$BATS_TEST_TMPDIR/ipclab-run"
    setsid bash -c '"$1" empty-queue "$2" & "$3" 5; wait' _ "$HANGS" "$NAME" "$BATS_TEST_TMPDIR/ipclab-run" 3>&- &
    PID=$!
    sleep 0.5
    run "$ROOT/tools/why" --check "$PID"
    assert_failure
}

@test "harness: a stuck program ends early, explained before it was stopped" {
    export IPCLAB_WHY="$ROOT/tools/why" IPCLAB_WHY_FILE="$BATS_TEST_TMPDIR/why" IPCLAB_TIMEOUT=20
    SECONDS=0
    run -124 "$ROOT/build/bin/ipclab-run" "$HANGS" child-keeps-write-end
    [ "$SECONDS" -lt 10 ] || fail "a provably stuck program ran until its time limit (${SECONDS}s)"
    run cat "$IPCLAB_WHY_FILE"
    assert_line --index 0 --regexp "^stuck after [0-9.]+s"
    assert_output --regexp "holds its write end itself, fd [0-9]+"
    [ -z "$(pgrep -f "$HANGS")" ] || fail "the stuck program is still running"
}
