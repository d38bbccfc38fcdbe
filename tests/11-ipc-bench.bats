#!/usr/bin/env bats
# Lab 11 — ipc-bench: every mechanism of the kit between two processes, and
# the two shared-memory transports students write (shm-sem, shm-ring).
# These tests check correctness only: every byte, every wait, every way out.
# How fast each mechanism is, is `make bench`'s business, not a test's.
# Points: 1 per test unless a "# points: N" line precedes it (see tools/grading/grade).

load helpers/common

setup() {
    ipclab_setup 11-ipc-bench
    BENCH=$(prog ipc_bench)
    # FIFOs are made (and removed at once) in TMPDIR: a private one shows leftovers.
    mkdir -p "$WORK/tmp"
    export TMPDIR="$WORK/tmp"
}

# System V queues have no names: teardown looks for a queue last used by an
# ipc_bench this test ran (lspid or lrpid in /proc/sysvipc/msg, columns 6-7),
# and for anything left in the private TMPDIR.
teardown() {
    local left="" status=0 pid id
    ipclab_teardown || status=$?
    if [ -s "$WORK/bench.pids" ]; then
        while read -r pid; do
            for id in $(awk -v p="$pid" 'NR > 1 && ($6 == p || $7 == p) { print $2 }' /proc/sysvipc/msg); do
                ipcrm -q "$id" 2>/dev/null
                left+="a System V queue (msqid $id) used by ipc_bench (pid $pid) is still there: the parent must remove it (msgctl IPC_RMID) when done, on an error and on SIGINT/SIGTERM. "
            done
        done <"$WORK/bench.pids"
    fi
    if [ -n "$(ls -A "$WORK/tmp" 2>/dev/null)" ]; then
        left+="left in TMPDIR: $(ls -A "$WORK/tmp" | head -5 | tr '\n' ' ')(the FIFOs and their directory are removed as soon as both ends are open). "
        rm -rf "${WORK:?}/tmp"
    fi
    [ -z "$left" ] || { fail "$left"; return 1; }
    return "$status"
}

RING_HINT="shm-ring: a side waits for the other's counter and nobody moves it. Check: send waits while head - tail == capacity (full) and receive while head == tail (empty); each publishes its counter after copying (head after writing, tail after reading) and then wakes the other side (futex_wake) when sleepers > 0; a piece never goes past the end of the ring (capacity - index)."
SEM_HINT="shm-sem: a side is blocked in sem_wait. Check: sem_init(&wsem, 1, 1) and sem_init(&rsem, 1, 0) — pshared must be 1, or a post in one process never wakes the other; send waits on wsem and posts rsem, receive waits on rsem and posts wsem."

# bench ARGS...: run ipc_bench (its pid is remembered for the System V check).
bench() {
    local hint=$IPCLAB_DEFAULT_HINT
    [ "$1" = -h ] && hint=$2 && shift 2
    prun -h "$hint" bash -c 'echo $$ >>"$1"; shift; exec "$@"' _ "$WORK/bench.pids" "$BENCH" "$@"
}

# bench_bg JOB ARGS...: ipc_bench in the background, for a test that stops or
# kills its partner on the way. Its setup (start, find the child, stop it,
# measure) can take more than the usual limit on a loaded machine; a hang is
# still ended as soon as it is proven.
bench_bg() {
    local job=$1
    shift
    with_limit $((IPCLAB_TIMEOUT * 3)) start_bg "$job" "$BENCH" "$@"
}

# sleeps_while_partner_stopped MECH: the child stops; the parent, waiting for
# its echo, must go to sleep rather than spin on a CPU.
sleeps_while_partner_stopped() {
    local mech=$1 pid child
    bench_bg bench -m "$mech" -s 64 -n 10000000
    pid=$(prog_pid bench) || fail "ipc_bench did not start: $(cat "$WORK/bench.err")"
    echo "$pid" >>"$WORK/bench.pids"
    wait_until "ipc_bench started no child" pgrep -P "$pid" -x ipc_bench_peer
    child=$(pgrep -P "$pid" -x ipc_bench_peer)
    kill -STOP "$child"
    sleep 0.2
    assert_idle bench 600 "ipc_bench waiting for a stopped partner ($mech)"
    kill -KILL "$child"
    wait_bg bench
}

# check_rows MECHS SIZES COUNT: stdout is the header, then one row per size
# (outer) and mechanism (inner), in the order asked, each with COUNT and
# positive numbers.
check_rows() {
    local mechs=$1 sizes=$2 count=$3 want=() m s
    for s in ${sizes//,/ }; do
        for m in ${mechs//,/ }; do want+=("$m $s $count"); done
    done
    [ "${lines[0]}" = "$(printf '%-9s %9s %8s %14s %11s %16s %12s' mechanism bytes count rtt_median_us rtt_p99_us throughput_MBps rtt_mean_us)" ] ||
        fail "the first line is not the table's header: '${lines[0]}'"
    [ "$((${#lines[@]} - 1))" -eq "${#want[@]}" ] ||
        fail "expected ${#want[@]} rows (one per size and mechanism), got $((${#lines[@]} - 1)): $output"
    local i row fields
    for i in "${!want[@]}"; do
        row=${lines[i + 1]}
        read -ra fields <<<"$row"
        [ "${fields[0]} ${fields[1]} ${fields[2]}" = "${want[i]}" ] ||
            fail "row $((i + 1)) should be for '${want[i]}' (mechanism bytes count), got: $row"
        [[ ${#fields[@]} -eq 7 && "${fields[3]}" =~ ^[0-9]+\.[0-9]{2}$ && "${fields[4]}" =~ ^[0-9]+\.[0-9]{2}$ &&
            "${fields[5]}" =~ ^[0-9]+\.[0-9]$ && "${fields[6]}" =~ ^[0-9]+\.[0-9]{2}$ ]] ||
            fail "row $((i + 1)) should end in four numbers (median and p99 in us with 2 decimals, MB/s with 1, mean in us with 2): $row"
        # (a few tiny messages may round to 0.0 MB/s)
        awk -v r="$row" 'BEGIN { split(r, f, " "); exit !(f[4] > 0 && f[5] >= f[4] && (f[6] > 0 || f[2] * f[3] < 1e5) && f[7] > 0) }' ||
            fail "row $((i + 1)): the median must be > 0, the 99th percentile at least the median, the throughput and the mean > 0: $row"
    done
}

# ---- shm-ring: the student's ring ---------------------------------------------------

# points: 3
@test "shm-ring: odd sizes from 1 byte to 1 MiB arrive exactly, through a ring larger than the message" {
    bench -h "$RING_HINT" -m shm-ring -s 1,7,64,1000,4097,65536,1M -n 40
    because "every message must come back byte for byte (ipc_bench compares each one with what was sent)"
    assert_success
    check_rows shm-ring 1,7,64,1000,4097,65536,1048576 40
}

# points: 3
@test "shm-ring: messages larger than the ring go through in pieces, wrapping around it" {
    # (A few thousand hand-offs in all: each may wait for a CPU on a busy machine.)
    bench -h "$RING_HINT" -m shm-ring -s 1000,4097,20001 -b 64 -n 5
    because "a 64-byte ring carries a 20001-byte message 64 bytes at a time: each piece stops at the end of the ring and the next starts at index 0"
    assert_success
    check_rows shm-ring 1000,4097,20001 5
}

@test "shm-ring: a ring that wraps at an odd offset (4 KiB ring, 1000-byte messages)" {
    bench -h "$RING_HINT" -m shm-ring -s 1000,3000 -b 4K -n 200
    assert_success
    check_rows shm-ring 1000,3000 200
}

# points: 3
@test "shm-ring: every wait sleeps in the kernel, and no wake-up is lost" {
    # No spinning: each time the other side is not there yet, the waiter
    # sleeps in futex_wait; a publish without a wake-up leaves it asleep, and
    # after 300 ms ipc_bench calls that a lost wake-up. Many rounds, to give a
    # wake-up sent too early many chances to be lost: a longer time limit.
    IPCLAB_SPIN_US=0 IPCLAB_RING_SLEEP_MS=300 with_limit $((IPCLAB_TIMEOUT * 3)) bench -h "$RING_HINT" -m shm-ring -s 64,5000 -b 4K -n 3000
    because "after publishing head (or tail), wake the other side if it may be asleep (sleepers > 0): futex_wake"
    assert_success
    check_rows shm-ring 64,5000 3000
}

# points: 3
@test "shm-ring: ThreadSanitizer finds no byte read before it was published (release/acquire)" {
    command -v g++ >/dev/null || skip "no g++ here"
    # The ring between two threads, where the sanitizer sees every access.
    g++ -std=c++20 -O1 -g -fsanitize=thread -Wno-tsan -I"$IPCLAB_ROOT/include" -I"$LAB_DIR" \
        "$IPCLAB_ROOT/tests/helpers/ring_race.cpp" -o "$WORK/ring_race" -pthread 2>"$WORK/build.err" ||
        fail "shm_ring.hpp does not build with the test's ring harness: $(head -c 600 "$WORK/build.err")"
    # (ThreadSanitizer makes every access many times slower: a longer limit.)
    TSAN_OPTIONS="halt_on_error=1 exitcode=66" with_limit $((IPCLAB_TIMEOUT * 3)) prun "$WORK/ring_race" 64 20000
    because "the sender copies the bytes, then stores head with release; the receiver loads head with acquire, then reads the bytes (and the same for tail the other way): otherwise a CPU or the compiler may show the new head before the bytes"
    [[ "$stderr" != *"ThreadSanitizer"* ]] ||
        fail "$(printf 'ThreadSanitizer found a data race in the ring (a byte read and written with no release/acquire ordering between):\n%s' "$(grep -E '^(WARNING|  (Read|Write|Previous)|    #[0-2] )' <<<"$stderr" | head -12)")"
    assert_success
    assert_output "ring_race: 20000 messages, every byte right"
}

@test "shm-ring: a waiting side sleeps (futex), it does not spin for ever" {
    sleeps_while_partner_stopped shm-ring
}

# ---- shm-sem: the student's hand-off ------------------------------------------------

# points: 3
@test "shm-sem: odd sizes arrive exactly, with a buffer larger and smaller than the message" {
    bench -h "$SEM_HINT" -m shm-sem -s 1,7,1000,65537 -n 40
    assert_success
    check_rows shm-sem 1,7,1000,65537 40
    bench -h "$SEM_HINT" -m shm-sem -s 1000,20001 -b 64 -n 5
    because "a message larger than the buffer goes through one buffer-full at a time"
    assert_success
    check_rows shm-sem 1000,20001 5
}

# points: 2
@test "shm-sem: every wait sleeps in sem_wait, and a post in one process wakes the other (pshared)" {
    # No spinning: each wait is a real sem_wait, which only a process-shared
    # semaphore can end from the other process.
    IPCLAB_SPIN_US=0 with_limit $((IPCLAB_TIMEOUT * 3)) bench -h "$SEM_HINT" -m shm-sem -s 64,5000 -b 4K -n 2000
    assert_success
    check_rows shm-sem 64,5000 2000
}

@test "shm-sem: a waiting side sleeps (sem_wait), it does not spin for ever" {
    sleeps_while_partner_stopped shm-sem
}

# ---- every mechanism -----------------------------------------------------------------

# points: 2
@test "every mechanism moves every byte: 1 byte, 8193 bytes (more than a queue message) and 100001 bytes" {
    local all=pipe,fifo,unix,tcp,posix-mq,sysv-mq,shm-sem,shm-ring,memcpy
    bench -m "$all" -s 1,8193,100001 -n 20
    assert_success
    check_rows "$all" 1,8193,100001 20
}

@test "the table: one row per size and mechanism in the order asked, the default count per size" {
    bench -m memcpy,pipe -s 1M,64
    assert_success
    # sizes outer, mechanisms inner; 64 MiB worth of messages, at least 200 and at most 10000
    local got
    got=$(awk 'NR > 1 { printf "%s %s %s; ", $1, $2, $3 }' <<<"$output")
    [ "$got" = "memcpy 1048576 200; pipe 1048576 200; memcpy 64 10000; pipe 64 10000; " ] ||
        fail "expected the rows 'memcpy 1048576 200; pipe 1048576 200; memcpy 64 10000; pipe 64 10000; ' (mechanism bytes count), got: $got"
}

@test "--csv FILE: the header, then the table's rows, value for value" {
    bench -m pipe,shm-ring -s 64,4K -n 50 --csv "$WORK/out.csv"
    assert_success
    assert_file_exists "$WORK/out.csv"
    [ "$(head -n 1 "$WORK/out.csv")" = "mechanism,bytes,count,rtt_median_us,rtt_p99_us,throughput_MBps,rtt_mean_us" ] ||
        fail "the CSV header is wrong: $(head -n 1 "$WORK/out.csv")"
    [ "$(wc -l <"$WORK/out.csv")" -eq 5 ] || fail "expected the header and 4 rows: $(cat "$WORK/out.csv")"
    # The same rows as the table (the table rounds to fewer decimals).
    local diff
    diff=$(paste -d' ' <(tail -n +2 <<<"$output") <(tail -n +2 "$WORK/out.csv" | tr ',' ' ') | awk '
        { for (i = 1; i <= 3; i++) if ($i != $(i + 7)) { print "row " NR ": " $0; next }
          for (i = 4; i <= 7; i++) if ($i - $(i + 7) > 0.06 || $(i + 7) - $i > 0.06) { print "row " NR ": " $0; next } }')
    [ -z "$diff" ] || fail "the CSV rows differ from the table's: $diff"
}

# ---- a partner that dies, a signal, nothing left -------------------------------------

# points: 2
@test "a child killed in the middle: ipc_bench says so and ends with 1, whatever the mechanism" {
    local m job pid child
    for m in pipe sysv-mq shm-sem shm-ring; do
        job=bench_${m//-/_}
        bench_bg "$job" -m "$m" -s 64 -n 10000000
        pid=$(prog_pid "$job") || fail "ipc_bench -m $m did not start: $(cat "$WORK/$job.err")"
        echo "$pid" >>"$WORK/bench.pids"
        wait_until "ipc_bench -m $m started no child" pgrep -P "$pid" -x ipc_bench_peer
        child=$(pgrep -P "$pid" -x ipc_bench_peer)
        sleep 0.2
        kill -KILL "$child"
        wait_bg "$job"
        because "with -m $m, a partner that is gone ends the run with an error, not a wait for ever"
        [ "$status" -eq 1 ] || fail "-m $m: exit status $status after its child was killed, expected 1 (stderr: $stderr)"
        [[ "$stderr" == *"ipc_bench: "* ]] || fail "-m $m: nothing on stderr says what went wrong"
    done
}

@test "SIGINT or SIGTERM in the middle: the child and the System V queue are gone, it ends by the signal" {
    local sig pid child
    for sig in INT TERM; do
        bench_bg "bench_$sig" -m sysv-mq -s 64 -n 10000000
        pid=$(prog_pid "bench_$sig") || fail "ipc_bench did not start: $(cat "$WORK/bench_$sig.err")"
        echo "$pid" >>"$WORK/bench.pids"
        wait_until "ipc_bench started no child" pgrep -P "$pid" -x ipc_bench_peer
        child=$(pgrep -P "$pid" -x ipc_bench_peer)
        sleep 0.2
        kill "-$sig" "$pid"
        wait_bg "bench_$sig"
        because "SIG$sig ends ipc_bench as that signal does (the handler removes the queue, kills the child, and raises it again)"
        [ "$status" -eq $((128 + $(kill -l "$sig"))) ] || fail "exit status $status after SIG$sig, expected $((128 + $(kill -l "$sig")))"
        ! kill -0 "$child" 2>/dev/null || fail "the child (pid $child) is still running after SIG$sig reached its parent"
    done
}

@test "nothing is left: no POSIX queue, no FIFO, no System V queue, after every mechanism" {
    bench -m pipe,fifo,unix,tcp,posix-mq,sysv-mq,shm-sem,shm-ring -s 64 -n 10
    assert_success
    local pid
    pid=$(tail -n 1 "$WORK/bench.pids")
    [ ! -d /dev/mqueue ] || [ -z "$(ls /dev/mqueue | grep "^ipc_bench\.$pid\." || true)" ] ||
        fail "POSIX queues left in /dev/mqueue: $(ls /dev/mqueue | grep "^ipc_bench\.$pid\.")"
    # the System V queue and TMPDIR: teardown
}

# ---- bad input -------------------------------------------------------------------------

# points: 2
@test "bad command lines are usage errors that name what is wrong" {
    local bad
    for bad in "-m foo" "-m pipe,,tcp" "-s 0" "-s 65M" "-s 12x" "-s ''" "-n 0" "-n -5" "-n 1e3" "-b 100" "-b 32" "-b 128M" "extra" "-q"; do
        eval "bench $bad"
        assert_usage_error ipc_bench
    done
    bench -m foo
    [[ "$stderr" == *"unknown mechanism 'foo'"* ]] || fail "the message should name the unknown mechanism: $stderr"
    bench -s 0
    [[ "$stderr" == *"bad size '0'"* ]] || fail "the message should name the bad size: $stderr"
}

@test "--help prints the usage line; a CSV file that cannot be written fails before any measurement" {
    bench --help
    assert_success
    assert_output "usage: ipc_bench [-m MECH,...] [-s BYTES,...] [-n COUNT] [-b BYTES] [--csv FILE]"
    bench -m pipe -s 64 -n 10 --csv "$WORK/no/such/dir/out.csv"
    assert_call_error ipc_bench 'fopen: No such file or directory'
    assert_output ""
}
