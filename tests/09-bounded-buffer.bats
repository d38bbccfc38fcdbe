#!/usr/bin/env bats
# Lab 09 — bounded-buffer: the lecture's producer-consumer ring in POSIX shared
# memory, with named semaphores (bb_run) and with busy waiting (bb_naive).
# Points: 1 per test unless a "# points: N" line precedes it (see tools/grading/grade).

load helpers/common

setup() {
    ipclab_setup 09-bounded-buffer
    RUN=$(prog bb_run)
    NAIVE=$(prog bb_naive)
    NAME=$(ipc_name bb)
}
teardown() { ipclab_teardown; }

SEM_HINT="a process is blocked in sem_wait(). Check: empty starts at SLOTS and full at 0 (not the other way round), mutex at 1; a producer waits for empty BEFORE it takes the mutex, a consumer for full before the mutex (holding the mutex while waiting for a slot or an item blocks everybody); every sem_wait has its sem_post (the mutex after each turn, full after a put, empty after a take); the last producer puts one 'no more items' per consumer."
NAIVE_HINT="bb_naive waits by testing the indexes again and again: the producer while ((in + 1) % BUFFER_SIZE) == out, the consumer while in == out (and it stops once every producer is done and the buffer is empty)."

# check_items FILE PRODUCERS ITEMS [ordered]: FILE has exactly the lines "P I"
# for P in 1..PRODUCERS and I in 1..ITEMS, each once; with "ordered", each
# producer's items also come in the order 1, 2, 3... (one consumer).
check_items() {
    local file=$1 producers=$2 items=$3 ordered=${4:-} problem
    problem=$(awk -v P="$producers" -v N="$items" -v ordered="$ordered" '
        !/^[0-9]+ [0-9]+$/ { printf "line %d is not \"P I\": %s\n", NR, $0; exit }
        $1 < 1 || $1 > P || $2 < 1 || $2 > N { printf "line %d, \"%s\", is an item nobody produced (producers 1..%d, items 1..%d): a slot read before it was filled, or twice\n", NR, $0, P, N; exit }
        seen[$0]++ { printf "item \"%s\" came out twice (lines %d and %d): two consumers took the same slot, or out/in moved wrongly\n", $0, first[$0], NR; exit }
        { first[$0] = NR }
        ordered && $2 != last[$1] + 1 { printf "producer %d item %d came after item %d (line %d): with one consumer each producer'"'"'s items come in order; items were lost or overwritten\n", $1, $2, last[$1] + 0, NR; exit }
        { last[$1] = $2 }
        END {
            if (NR != P * N) {
                missing = ""
                for (p = 1; p <= P && missing == ""; p++) for (i = 1; i <= N; i++) if (!((p " " i) in seen)) { missing = p " " i; break }
                printf "%d items came out, %d went in (%d producers x %d items)%s\n", NR, P * N, P, N, missing == "" ? "" : "; the first missing one is \"" missing "\": an item was overwritten before a consumer took it (a slot reused too early: empty starts too high, or in/out wrap wrongly)"
            }
        }' "$file")
    [ -z "$problem" ] || fail "$problem"
}

# no_names_left: neither NAME nor its three semaphores remain in /dev/shm.
no_names_left() {
    local f left=()
    for f in "/dev/shm/${NAME#/}" "/dev/shm/sem.${NAME#/}-empty" "/dev/shm/sem.${NAME#/}-full" "/dev/shm/sem.${NAME#/}-mutex"; do
        [ -e "$f" ] && left+=("$f")
    done
    [ ${#left[@]} -eq 0 ] ||
        fail "still there after bb_run ended: ${left[*]} (shm_unlink(NAME) and sem_unlink of each semaphore, once every process is done, also on an error and on SIGINT/SIGTERM)"
}

# run_shape SLOTS PRODUCERS CONSUMERS ITEMS: run bb_run and check every item.
run_shape() {
    local s=$1 p=$2 c=$3 n=$4
    brun -h "$SEM_HINT" "$RUN" -s "$s" -p "$p" -c "$c" -n "$n" "$NAME"
    because "bb_run -s $s -p $p -c $c -n $n must end with status 0 once every item went through"
    assert_success
    check_items "$WORK/stdout" "$p" "$n" "$([ "$c" = 1 ] && echo ordered)"
    no_names_left
}

# A semaphore's value, read from its file in /dev/shm (glibc keeps the value
# in the low 32 bits of the first word).
sem_value() { od -An -t u4 -N 4 "/dev/shm/sem.${NAME#/}-$1" | tr -d ' '; }

# start_stuck JOB PROG ARGS...: run it with stdout into a pipe the test holds
# open but never reads: once the pipe is full, consumers block in write() and
# the ring fills up. It lives through the test's own waiting and measuring,
# so it gets twice the time limit; a hang is still ended once proven.
start_stuck() {
    local job=$1
    shift
    mkfifo "$WORK/pipe"
    fixture "$WORK/pipe"
    exec 5<>"$WORK/pipe"
    with_limit $((IPCLAB_TIMEOUT * 2)) start_bg "$job" -o "$WORK/pipe" "$@"
}

# children_named PID COMM: the children of PID whose name is COMM.
children_named() { pgrep -P "$1" -x "$2" 2>/dev/null || true; }

# ring_stuck SLOTS: the ring of start_stuck's bb is full and its consumer
# sleeps in write() (system call 1): the pipe is full too. A full ring alone
# can be a moment while the consumer still writes (the pipe fills only
# later), and a consumer that sleeps can be waiting a moment for the mutex.
ring_stuck() {
    local c state call
    [ "$(sem_value full 2>/dev/null)" = "$1" ] || return 1
    c=$(children_named "$(prog_pid bb)" bb_consumer)
    [ -n "$c" ] && proc_state "$c" && [ "$state" = S ] || return 1
    # (where /proc/PID/syscall cannot be read, sleeping has to do)
    ! proc_call "$c" || [ "$call" = 1 ]
}

# ---- the bounded buffer: every item exactly once ----------------------------------

@test "bb_run: one producer, one consumer: items 1..N exactly once and in order, names removed" {
    run_shape 16 1 1 500
    because "bb_run reports what went through on stderr"
    assert_equal "$stderr" "bb_run: 500 items through 16 slots (1 producers, 1 consumers)"
}

@test "bb_run -s 1: one slot, taken in turns, 20000 items in order" {
    run_shape 1 1 1 20000
}

# points: 2
@test "bb_run -s 1 -p 8 -c 1: eight producers through one slot, each producer's items in order" {
    run_shape 1 8 1 500
}

# points: 2
@test "bb_run -s 16 -p 8 -c 4: many producers and consumers, every item exactly once" {
    # 10000 items each: long enough (about half a second) that the producers
    # run at the same time even on a busy machine, so two of them reach 'in'
    # together when nothing keeps them apart. With 2000 each, a loaded machine
    # could run the producers one after another and hide a missing mutex.
    run_shape 16 8 4 10000
}

# points: 2
@test "bb_run -s 1 -p 4 -c 4: one slot shared by eight processes" {
    run_shape 1 4 4 1000
}

@test "bb_run -n 0: no items at all, every producer and consumer still ends" {
    run_shape 4 3 2 0
}

@test "bb_run -s 3 -p 1 -c 3: more consumers than slots" {
    run_shape 3 1 3 3000
}

# points: 2
@test "bb_run: three shapes chosen at random (the seed is printed)" {
    local seed=${IPCLAB_SEED:-$RANDOM} k s p c n
    echo "seed $seed (IPCLAB_SEED=$seed repeats these shapes)"
    RANDOM=$seed
    for k in 1 2 3; do
        s=$((RANDOM % 20 + 1)) p=$((RANDOM % 8 + 1)) c=$((RANDOM % 4 + 1)) n=$((RANDOM % 3000))
        echo "shape $k: -s $s -p $p -c $c -n $n"
        run_shape "$s" "$p" "$c" "$n"
    done
}

# ---- the ring while it runs ---------------------------------------------------------

@test "bb_run: NAME and NAME-empty, -full, -mutex exist while it runs, only for their owner (mode 600)" {
    start_stuck bb "$RUN" -s 4 -n 100000 "$NAME"
    wait_until "bb_run never created NAME and its semaphores: $(cat "$WORK/bb.err")" \
        test -e "/dev/shm/sem.${NAME#/}-mutex"
    local f
    for f in "${NAME#/}" "sem.${NAME#/}-empty" "sem.${NAME#/}-full" "sem.${NAME#/}-mutex"; do
        [ -e "/dev/shm/$f" ] || fail "/dev/shm/$f is missing while bb_run runs: the shm object is NAME, the semaphores NAME-empty, NAME-full and NAME-mutex (sem_open)"
        because "the ring and its semaphores are created with mode 0600: nobody else may read or post them"
        assert_equal "$(stat_mode "/dev/shm/$f")" 600
    done
    kill -TERM "$(prog_pid bb)"
    wait_bg bb
    no_names_left
}

# points: 2
@test "bb_run -s 5: when nobody takes items, the ring holds exactly 5 (full = 5, empty = 0)" {
    start_stuck bb "$RUN" -s 5 -n 100000 "$NAME"
    wait_until "bb_run never created its semaphores: $(cat "$WORK/bb.err")" test -e "/dev/shm/sem.${NAME#/}-full"
    # The consumer blocks in write() once the pipe is full; the producer then fills the ring.
    local i full="" empty=""
    for i in $(seq 100); do
        full=$(sem_value full) empty=$(sem_value empty)
        [ "$full" = 5 ] && [ "$empty" = 0 ] && break
        sleep 0.03
    done
    because "SLOTS slots: empty starts at SLOTS (each sem_wait(empty) takes a free slot), full at 0; a stuck consumer leaves full = SLOTS, empty = 0 (full = $full, empty = $empty here)"
    assert_equal "$full" 5
    assert_equal "$empty" 0
    kill -TERM "$(prog_pid bb)"
    wait_bg bb
    no_names_left
}

# points: 2
@test "bb_run: a producer and a consumer that wait use no CPU (sem_wait blocks)" {
    start_stuck bb "$RUN" -s 2 -p 2 -n 100000 "$NAME"
    wait_until "bb_run never created its semaphores: $(cat "$WORK/bb.err")" test -e "/dev/shm/sem.${NAME#/}-full"
    wait_until "the ring never filled up with its consumer waiting (full = $(sem_value full 2>/dev/null)): $(cat "$WORK/bb.err")" \
        ring_stuck 2
    assert_idle bb 400 "bb_run with a full ring"
    kill -TERM "$(prog_pid bb)"
    wait_bg bb
    no_names_left
}

# points: 2
@test "bb_run: every process closes the three semaphores (sem_close) before it ends" {
    have_strace || skip "strace cannot trace here"
    prun -h "$SEM_HINT" strace -f -qq -e trace=munmap,exit_group -o "$WORK/trace" "$RUN" -p 2 -c 2 -n 20 "$NAME"
    assert_success
    # Every process ends with exit_group; sem_close unmaps the semaphore:
    # munmap(ADDR, 32), 32 = sizeof(sem_t).
    local pid closes processes
    processes=$(grep -E '^[0-9]+ +exit_group' "$WORK/trace" | awk '{ print $1 }' | sort -u)
    [ "$(wc -w <<<"$processes")" -eq 5 ] || fail "expected 5 processes to end (bb_run, 2 producers, 2 consumers), strace saw: $processes"
    for pid in $processes; do
        closes=$(grep -cE "^$pid +munmap\(0x[0-9a-f]+, 32( <unfinished|\))" "$WORK/trace" || true)
        [ "$closes" -ge 3 ] ||
            fail "process $pid closed $closes of its 3 semaphores (sem_close unmaps each: munmap(..., 32)). Each process has them open, the forked children too: every one calls sem_close for empty, full and mutex before it ends. (5 processes: bb_run, 2 producers, 2 consumers; their munmap calls: $(grep -c munmap "$WORK/trace"))"
    done
    no_names_left
}

# ---- stopping: signals and dying children -----------------------------------------

# points: 2
@test "bb_run: SIGINT or SIGTERM at any moment: it ends by the signal, every name is removed, no process is left" {
    local round sig delay
    for round in 1 2 3 4 5 6; do
        sig=$([ $((round % 2)) = 0 ] && echo INT || echo TERM)
        delay=$(((round - 1) * 40))
        NAME=$(ipc_name "sig$round")
        start_bg "bb$round" -o /dev/null "$RUN" -s 3 -p 3 -c 2 -n 10000000 "$NAME"
        sleep "0.$(printf '%03d' "$delay")"
        local pid
        pid=$(prog_pid "bb$round") || fail "bb_run ended before SIG$sig: $(cat "$WORK/bb$round.err")"
        echo "round $round: SIG$sig after ${delay} ms"
        kill "-$sig" "$pid"
        wait_bg "bb$round" "$SEM_HINT"
        because "SIG$sig must end bb_run (with its children), not be ignored or leave it waiting"
        [ "$status" -ne 0 ] || fail "bb_run exited 0 after SIG$sig: it did not finish its work"
        [ -z "$(pgrep -P "$pid" 2>/dev/null)" ] || fail "bb_run's children are still running after SIG$sig"
        no_names_left
    done
}

# kill_child ROLE: kill one of bb_run's children mid-run; the run must end with
# status 1, say which child ended how, and remove everything.
kill_child() {
    local role=$1 pid kids victim
    start_bg bb -o /dev/null "$RUN" -s 4 -p 2 -c 2 -n 10000000 "$NAME"
    pid=$(prog_pid bb) || fail "bb_run ended at once: $(cat "$WORK/bb.err")"
    wait_until "bb_run has no child named bb_$role (its children name themselves bb_producer and bb_consumer)" \
        eval '[ -n "$(children_named "$pid" "bb_$role")" ]'
    victim=$(children_named "$pid" "bb_$role" | head -n 1)
    sleep 0.1
    kill -KILL "$victim"
    wait_bg bb "a $role was killed: bb_run must notice (waitpid), stop the others and end. $SEM_HINT"
    because "a $role that dies leaves the others waiting in sem_wait for ever: bb_run must see it, stop them, and exit 1 saying so"
    assert_equal "$status" 1
    [[ "$stderr" == *"$role"*"(pid $victim)"*"killed by signal 9"* ]] ||
        fail "bb_run should say which $role (pid $victim) ended and how, got: $stderr"
    kids=$(pgrep -P "$pid" 2>/dev/null || true)
    [ -z "$kids" ] || fail "processes of bb_run still running: $kids"
    no_names_left
}

# points: 2
@test "bb_run: a producer killed mid-run ends the run with an error, nothing left" { kill_child producer; }

# points: 2
@test "bb_run: a consumer killed mid-run ends the run with an error, nothing left" { kill_child consumer; }

@test "bb_run: stdout that fails (a full disk) ends the run with an error, every name removed" {
    prun -h "$SEM_HINT" bash -c 'exec "$@" >/dev/full' _ "$RUN" -n 100 "$NAME"
    because "a consumer whose write() fails must say so and fail; bb_run then ends with status 1"
    assert_equal "$status" 1
    [[ "$stderr" == *"write: No space left on device"* ]] || fail "the consumer should report 'bb_run: write: No space left on device', got: $stderr"
    no_names_left
}

# ---- bad input ----------------------------------------------------------------------

@test "bb_run and bb_naive: -h and --help" {
    assert_help "$RUN"
    assert_help "$NAIVE"
}

@test "bb_run: bad command lines are usage errors (exit 2), nothing created" {
    local args
    for args in "" "-s 0 $NAME" "-s x $NAME" "-p 0 $NAME" "-p 65 $NAME" "-c 0 $NAME" "-n -1 $NAME" \
        "-n 12k $NAME" "-q 1 $NAME" "-s $NAME" "$NAME extra" "-w 1 $NAME"; do
        # shellcheck disable=SC2086
        prun "$RUN" $args
        assert_usage_error bb_run
    done
    no_names_left
}

@test "bb_run: a NAME that is not '/name' is a usage error" {
    local bad
    for bad in bb "/" "/a/b" "//bb"; do
        prun "$RUN" "$bad"
        assert_usage_error bb_run
    done
}

# points: 2
@test "bb_run: a NAME already in use is refused and left as it was" {
    printf 'somebody else' >"/dev/shm/${NAME#/}"
    fixture "/dev/shm/${NAME#/}"
    prun "$RUN" -n 10 "$NAME"
    because "shm_open with O_CREAT | O_EXCL: another program's object is never taken over (nor removed)"
    assert_call_error bb_run "shm_open: File exists"
    assert_equal "$(cat "/dev/shm/${NAME#/}")" "somebody else"
    [ ! -e "/dev/shm/sem.${NAME#/}-empty" ] || fail "bb_run left NAME-empty behind after refusing NAME"
}

# points: 2
@test "bb_run: a semaphore name already in use is refused; what bb_run made is removed, the other's is kept" {
    printf 'x' >"/dev/shm/sem.${NAME#/}-full"
    fixture "/dev/shm/sem.${NAME#/}-full"
    prun "$RUN" -n 10 "$NAME"
    because "sem_open with O_CREAT | O_EXCL must refuse a semaphore that exists: bb_run then removes what it created (NAME, NAME-empty) and nothing else"
    assert_call_error bb_run "sem_open: File exists"
    [ -e "/dev/shm/sem.${NAME#/}-full" ] || fail "bb_run removed NAME-full, which it had not created"
    [ ! -e "/dev/shm/${NAME#/}" ] || fail "bb_run left NAME behind after failing (shm_unlink on every way out)"
    [ ! -e "/dev/shm/sem.${NAME#/}-empty" ] || fail "bb_run left NAME-empty behind after failing (sem_unlink on every way out)"
}

@test "bb_naive: bad command lines are usage errors (exit 2)" {
    local args
    for args in "" "-s 1 $NAME" "-s 0 $NAME" "-p 0 $NAME" "-w x $NAME" "-c 2 $NAME" "$NAME extra" "bb"; do
        # shellcheck disable=SC2086
        prun "$NAIVE" $args
        assert_usage_error bb_naive
    done
}

# ---- bb_naive: the lecture's busy-waiting buffer ---------------------------------

# points: 2
@test "bb_naive: one producer, one consumer: every item exactly once and in order" {
    brun -h "$NAIVE_HINT" "$NAIVE" -s 2 -n 3000 "$NAME"
    assert_success
    check_items "$WORK/stdout" 1 3000 ordered
    assert_equal "$stderr" "bb_naive: 3000 items, each exactly once and in order"
    no_names_left
}

@test "bb_naive: a pause inside the window (-w) changes nothing with one producer" {
    brun -h "$NAIVE_HINT" "$NAIVE" -s 3 -n 200 -w 300 "$NAME"
    assert_success
    check_items "$WORK/stdout" 1 200 ordered
}

# points: 2
@test "bb_naive -s 6: one slot always stays free: a stuck consumer leaves 5 items in the buffer" {
    start_stuck naive "$NAIVE" -s 6 -n 100000 "$NAME"
    wait_until "bb_naive never created NAME: $(cat "$WORK/naive.err")" test -e "/dev/shm/${NAME#/}"
    # The header: slots, in, out (three 32-bit numbers).
    local i in out hdr
    for i in $(seq 60); do
        read -r _ in out < <(od -An -t u4 -N 12 "/dev/shm/${NAME#/}")
        [ $(((in - out + 6) % 6)) = 5 ] && break
        sleep 0.03
    done
    because "with in == out meaning 'empty', a full buffer must stop at BUFFER_SIZE - 1 items: ((in + 1) % BUFFER_SIZE) == out (here in = $in, out = $out)"
    assert_equal "$(((in - out + 6) % 6))" 5
    kill -TERM "$(prog_pid naive)"
    wait_bg naive
    no_names_left
}

# points: 2
@test "bb_naive -p 2: two producers race on 'in' and items are lost or duplicated, every time" {
    local round
    for round in 1 2 3; do
        NAME=$(ipc_name "race$round")
        brun -h "$NAIVE_HINT" "$NAIVE" -p 2 -n 100 -w 2000 "$NAME"
        because "two producers that both read 'in' before either stores it fill the same slot: the lecture's buffer is only correct for one producer (round $round)"
        assert_equal "$status" 1
        [[ "$stderr" == "bb_naive: 200 items sent, "*" lost, "*": the producers race on 'in'" ]] ||
            fail "bb_naive should report what was lost, got: $stderr"
        # And the test sees it in the output too, not only in the program's word.
        [ "$(sort -u "$WORK/stdout" | wc -l)" -ne 200 ] || [ "$(wc -l <"$WORK/stdout")" -ne 200 ] ||
            fail "bb_naive printed each of the 200 items exactly once, yet reported a race"
        no_names_left
    done
}
