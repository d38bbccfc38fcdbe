#!/usr/bin/env bats
# Lab 10 — sysv-signals: System V shared memory and message queues, and signals
# as IPC (sigsuspend without lost wake-ups; standard signals coalesce, real-time
# ones queue).
# Points: 1 per test unless a "# points: N" line precedes it (see tools/grading/grade).

load helpers/common

setup() {
    ipclab_setup 10-sysv-signals
    SHM=$(prog svshm_demo)
    SERVER=$(prog svmsg_server)
    CLIENT=$(prog svmsg_client)
    PINGPONG=$(prog sig_pingpong)
    COUNT=$(prog sig_count)
    new_keyfile
    # Recorded now: a run cut short before teardown still has it removed (tools/ipc-cleanup).
    echo "msg $KEY" >>"$BATS_TEST_TMPDIR/sysv"
}

# ftok_key FILE: ftok(FILE, 'L') = 'L' << 24 | the device's low byte << 16 | the inode's low 16 bits
ftok_key() {
    local dev ino
    read -r dev ino < <(stat -c '%d %i' "$1")
    echo $(((0x4c << 24) | ((dev & 0xff) << 16) | (ino & 0xffff)))
}

# new_keyfile: KEYFILE and its KEY, a key no other test running now has.
# ftok keeps only 16 bits of the inode, so two files can share a key (the
# handout's first question): tests running side by side (and a file that
# gets a deleted file's inode) would then meet on one queue. Keys in use are
# listed, under a lock, in a file all runs share; a file whose key is taken is
# kept (so its inode stays taken) and another one is made.
IPCLAB_KEYS=/tmp/ipclab-ftok-keys-$(id -u)
new_keyfile() {
    local n now
    now=$(date +%s)
    for n in 1 2 3 4 5 6 7 8; do
        KEYFILE="$WORK/keyfile$n"
        : >"$KEYFILE"
        KEY=$(ftok_key "$KEYFILE")
        {
            flock 9
            # entries older than an hour are from runs that were cut short
            awk -v now="$now" '$2 > now - 3600' "$IPCLAB_KEYS" 2>/dev/null >"$IPCLAB_KEYS.new" || true
            mv "$IPCLAB_KEYS.new" "$IPCLAB_KEYS"
            if ! grep -q "^$KEY " "$IPCLAB_KEYS" &&
                ! awk -v k="$KEY" 'NR > 1 && $1 == k { f = 1 } END { exit !f }' /proc/sysvipc/msg; then
                echo "$KEY $now" >>"$IPCLAB_KEYS"
                return 0
            fi
        } 9>>"$IPCLAB_KEYS.lock"
    done
    fail "no free ftok key after 8 files"
}

# release_key: this test's KEY is free again.
release_key() {
    {
        flock 9
        grep -v "^$KEY " "$IPCLAB_KEYS" 2>/dev/null >"$IPCLAB_KEYS.new" || true
        mv "$IPCLAB_KEYS.new" "$IPCLAB_KEYS"
    } 9>>"$IPCLAB_KEYS.lock"
}

# System V objects have no names in /dev/shm: the test remembers the queue
# keys its servers print and the pids of the svshm_demo runs (the cpid column
# of /proc/sysvipc/shm: key shmid perms size cpid ...), and teardown
# checks /proc/sysvipc for what they left (and removes it).
teardown() {
    local left="" status=0
    ipclab_teardown || status=$?
    left=$(sysv_leftovers)
    release_key
    [ -z "$left" ] || { fail "$left"; return 1; }
    return "$status"
}

sysv_leftovers() {
    local kind id key cpid
    [ -s "$BATS_TEST_TMPDIR/sysv" ] || return 0
    while read -r kind id; do
        case $kind in
        msg)
            key=$(awk -v k="$id" 'NR > 1 && $1 == k { print $2 }' /proc/sysvipc/msg)
            [ -n "$key" ] || continue
            ipcrm -q "$key" 2>/dev/null
            echo "the message queue with key $(printf '0x%08x' "$id") is still there: the server must remove it (msgctl IPC_RMID) on exit and on SIGINT/SIGTERM"
            ;;
        shm)
            for key in $(awk -v p="$id" 'NR > 1 && $5 == p { print $2 }' /proc/sysvipc/shm); do
                ipcrm -m "$key" 2>/dev/null
                echo "a shared memory segment created by pid $id (shmid $key) is still there: svshm_demo must remove it (shmctl IPC_RMID), also when it fails half way"
            done
            ;;
        esac
    done <"$BATS_TEST_TMPDIR/sysv"
}

QUEUE_HINT="svmsg_client sends its request with mtype 1 and its pid in the message, then waits with msgrcv(..., type = its own pid, ...); the server takes requests with msgrcv(..., type 1, ...) and replies with mtype = the client's pid."
SIG_HINT="block SIGUSR1 with sigprocmask BEFORE fork, and wait with sigsuspend(mask without SIGUSR1): a signal that arrives between a check and pause() is otherwise handled too early, and pause() waits for ever (a lost wake-up)."

# run_shm [TEXT...]: run svshm_demo through a shell that records its pid (the
# creator pid that /proc/sysvipc/shm shows for its segment) before it starts.
run_shm() {
    prun bash -c 'echo $$ >"$1"; echo "shm $$" >>"$2"; shift 2; exec "$@"' _ "$WORK/shm.pid" "$BATS_TEST_TMPDIR/sysv" "$SHM" "$@"
}

# start_server JOB [OPTIONS]: svmsg_server on $KEYFILE; waits for "queue 0xKEY ready".
start_server() {
    local job=$1 line
    shift
    with_limit $((IPCLAB_TIMEOUT * 4)) start_bg "$job" "$SERVER" "$@" "$KEYFILE"
    wait_until "svmsg_server never printed 'queue 0xKEY ready': $(cat "$WORK/$job.err")" \
        eval '[ "$(wc -l <"$WORK/$job.out")" -ge 1 ] || ! running '"$job"
    line=$(head -n 1 "$WORK/$job.out")
    [[ "$line" =~ ^queue\ 0x([0-9a-f]{8})\ ready$ ]] ||
        fail "svmsg_server's first line should be 'queue 0xKEY ready', got '$line' ($(cat "$WORK/$job.err"))"
    [ "$((16#${BASH_REMATCH[1]}))" = "$KEY" ] ||
        fail "the queue's key should be ftok(KEYFILE, 'L') = $(printf '0x%08x' "$KEY"), got 0x${BASH_REMATCH[1]}"
}

queue_exists() { awk -v k="$KEY" 'NR > 1 && $1 == k { found = 1 } END { exit !found }' /proc/sysvipc/msg; }

# ---- System V shared memory -----------------------------------------------------------

@test "svshm_demo: the parent reads what the child wrote" {
    run_shm "written by the child"
    assert_success
    assert_equal "$output" "parent read: written by the child"
}

@test "svshm_demo: the default text" {
    run_shm
    assert_success
    assert_equal "$output" "parent read: hello from the child"
}

@test "svshm_demo: the segment is gone afterwards (shmctl IPC_RMID)" {
    run_shm "check the segment"
    assert_success
    local pid
    pid=$(cat "$WORK/shm.pid")
    because "a System V segment outlives its processes: without IPC_RMID it stays in 'ipcs -m' until a reboot"
    ! awk -v p="$pid" 'NR > 1 && $5 == p { found = 1 } END { exit !found }' /proc/sysvipc/shm ||
        fail "a segment created by svshm_demo (pid $pid) is still in /proc/sysvipc/shm: shmctl(id, IPC_RMID, NULL) after the parent has read it"
}

@test "svshm_demo: the child writes through shmat and the parent reads through shmat (strace)" {
    have_strace || skip "strace cannot trace here"
    prun strace -ff -qq -e trace=shmget,shmat,shmdt,shmctl -o "$WORK/trace" "$SHM" "traced"
    local f
    for f in $(grep -l 'shmget(' "$WORK"/trace.*); do echo "shm ${f##*.}" >>"$BATS_TEST_TMPDIR/sysv"; done
    cat "$WORK"/trace.* >"$WORK/trace"
    assert_success
    assert_equal "$output" "parent read: traced"
    because "the lecture's example: shmget(IPC_PRIVATE), then each process attaches (shmat) and detaches (shmdt); the parent removes it (shmctl IPC_RMID)"
    [ "$(grep -c 'shmget(IPC_PRIVATE' "$WORK/trace")" -eq 1 ] || fail "expected one shmget(IPC_PRIVATE, ...): $(grep shmget "$WORK/trace")"
    [ "$(grep -c '^shmat(' "$WORK/trace")" -ge 2 ] || fail "the child and the parent should each shmat the segment"
    [ "$(grep -c '^shmdt(' "$WORK/trace")" -ge 2 ] || fail "each process should shmdt what it attached"
    grep -q 'shmctl([0-9]*, IPC_RMID' "$WORK/trace" || fail "no shmctl(id, IPC_RMID, ...): the segment stays"
    [ "$(grep -l 'shmat(' "$WORK"/trace.* | wc -l)" -eq 2 ] || fail "both processes (two pids) should attach it"
}

@test "svshm_demo: a TEXT too long for the segment is a usage error, and no segment is made" {
    run_shm "$(head -c 5000 /dev/zero | tr '\0' x)"
    assert_usage_error svshm_demo
}

@test "svshm_demo: a failure half way (fork fails) still removes the segment" {
    have_strace || skip "strace cannot inject faults here"
    prun strace -ff -qq -e trace=shmget,clone -e inject=clone:error=EAGAIN -o "$WORK/trace" "$SHM" "never"
    # The creator of the segment: the process that called shmget (-ff: one trace.PID a process).
    local f
    for f in $(grep -l 'shmget(' "$WORK"/trace.*); do echo "shm ${f##*.}" >>"$BATS_TEST_TMPDIR/sysv"; done
    because "an error after shmget must still remove the segment"
    assert_call_error svshm_demo "fork: Resource temporarily unavailable"
}

@test "svshm_demo: bad command lines and --help" {
    prun "$SHM" one two
    assert_usage_error svshm_demo
    assert_help "$SHM"
}

# ---- System V message queues ------------------------------------------------------------

@test "svmsg: a client gets its message back in upper case; the server exits after -n 1 and removes the queue" {
    start_server srv -n 1
    brun -h "$QUEUE_HINT" "$CLIENT" "$KEYFILE" "hello, queue"
    assert_success
    assert_equal "$output" "reply: HELLO, QUEUE"
    wait_bg srv "$QUEUE_HINT"
    assert_success
    ! queue_exists || fail "the queue is still there after the server exited: msgctl(q, IPC_RMID, NULL)"
}

# points: 3
@test "svmsg: 20 clients at once each get their own reply and nobody else's" {
    # No early hang check for this server (IPCLAB_WHY empty: the time limit
    # still holds): while twenty wrappers start their clients, there are
    # moments when the server and every started client wait, and the check
    # would take one for a deadlock.
    IPCLAB_WHY="" start_server srv -n 20
    local i pids=()
    for i in $(seq 20); do
        "$IPCLAB_BIN/ipclab-run" "$CLIENT" "$KEYFILE" "client $i says hello $i" >"$WORK/c$i" 2>&1 &
        pids+=("$!")
    done
    for i in "${!pids[@]}"; do wait "${pids[$i]}" || true; done
    wait_bg srv "$QUEUE_HINT"
    for i in $(seq 20); do
        because "a reply goes to the client whose pid is its mtype: each of the 20 must get exactly its own"
        [ "$(cat "$WORK/c$i")" = "reply: CLIENT $i SAYS HELLO $i" ] ||
            fail "client $i got '$(cat "$WORK/c$i")' instead of its own reply. $QUEUE_HINT"
    done
    assert_success
    ! queue_exists || fail "the queue is still there after -n 20"
}

@test "svmsg: an empty message and the longest one (512 bytes) come back whole" {
    local long
    long=$(head -c 512 /dev/zero | tr '\0' q)
    start_server srv -n 2
    # The long one first: a server that sends back its whole buffer, not the
    # reply's length, then shows the long text's remains after the empty one.
    brun -h "$QUEUE_HINT" "$CLIENT" "$KEYFILE" "$long"
    assert_success
    assert_stdout "reply: ${long^^}"
    because "a reply is as long as its request: msgsnd(q, &m, sysv::body_size(len), 0), not the whole buffer (the rest is whatever an earlier message left there)"
    brun -h "$QUEUE_HINT" "$CLIENT" "$KEYFILE" ""
    assert_success
    assert_stdout "reply: "
    wait_bg srv
}

@test "svmsg_client: a message over 512 bytes is refused before anything is sent" {
    start_server srv -n 1
    prun "$CLIENT" "$KEYFILE" "$(head -c 513 /dev/zero | tr '\0' q)"
    assert_usage_error svmsg_client
    because "nothing was sent: the queue holds no message"
    assert_equal "$(awk -v k="$KEY" 'NR > 1 && $1 == k { print $5 }' /proc/sysvipc/msg)" 0
    brun "$CLIENT" "$KEYFILE" ok
    assert_equal "$output" "reply: OK"
    wait_bg srv
}

# points: 2
@test "svmsg_server: SIGINT or SIGTERM removes the queue" {
    local sig
    for sig in INT TERM; do
        start_server "srv$sig"
        queue_exists || fail "the queue should exist while the server runs"
        kill "-$sig" "$(prog_pid "srv$sig")"
        wait_bg "srv$sig"
        because "SIG$sig ends the server; its handler must still remove the queue (msgctl IPC_RMID)"
        [ "$status" -ne 0 ] || fail "the server exited 0 after SIG$sig"
        ! queue_exists || fail "the queue is still there after SIG$sig"
    done
}

@test "svmsg_server: waits in msgrcv without using CPU" {
    start_server srv
    assert_idle srv 400 "svmsg_server waiting for a request"
    kill -TERM "$(prog_pid srv)"
    wait_bg srv
}

# points: 2
@test "svmsg_server: a queue that already exists is refused and left as it was" {
    start_server first
    prun "$SERVER" -n 1 "$KEYFILE"
    because "msgget with IPC_CREAT | IPC_EXCL: another server's queue is never taken over"
    assert_call_error svmsg_server "msgget: File exists"
    queue_exists || fail "the second server removed the first one's queue"
    brun "$CLIENT" "$KEYFILE" "still served"
    assert_equal "$output" "reply: STILL SERVED"
    kill -TERM "$(prog_pid first)"
    wait_bg first
}

@test "svmsg: a key file that does not exist is an error (ftok), on both sides" {
    prun "$SERVER" "$WORK/no-such-file"
    assert_call_error svmsg_server "ftok: No such file or directory"
    prun "$CLIENT" "$WORK/no-such-file" hello
    assert_call_error svmsg_client "ftok: No such file or directory"
}

@test "svmsg_client: no server (no queue) is an error, not a wait" {
    prun "$CLIENT" "$KEYFILE" hello
    because "msgget without IPC_CREAT fails when no server has made the queue"
    assert_call_error svmsg_client "msgget: No such file or directory"
}

# points: 2
@test "svmsg_client: a server that dies without answering: the wait ends (-w), with an error" {
    start_server srv
    kill -STOP "$(prog_pid srv)"
    prun "$CLIENT" -w 1 "$KEYFILE" "anyone there"
    because "a client must not wait for ever for a server that will never answer: -w SECONDS bounds msgrcv"
    assert_equal "$status" 1
    assert_equal "$stderr" "svmsg_client: no reply within 1 s"
    kill -CONT "$(prog_pid srv)"
    kill -TERM "$(prog_pid srv)"
    wait_bg srv
}

@test "svmsg_client: the server removes the queue while the client waits: msgrcv fails (EIDRM)" {
    start_server srv
    kill -STOP "$(prog_pid srv)"
    start_bg cli "$CLIENT" "$KEYFILE" waiting
    sleep 0.3
    ipcrm -q "$(awk -v k="$KEY" 'NR > 1 && $1 == k { print $2 }' /proc/sysvipc/msg)"
    wait_bg cli
    assert_call_error svmsg_client "msgrcv: Identifier removed"
    kill -CONT "$(prog_pid srv)"
    wait_bg srv
}

@test "svmsg: bad command lines are usage errors" {
    local args
    for args in "" "-n" "-n 0 $KEYFILE" "-n x $KEYFILE" "$KEYFILE extra"; do
        # shellcheck disable=SC2086
        prun "$SERVER" $args
        assert_usage_error svmsg_server
    done
    for args in "" "$KEYFILE" "-w 0 $KEYFILE msg" "-w $KEYFILE msg"; do
        # shellcheck disable=SC2086
        prun "$CLIENT" $args
        assert_usage_error svmsg_client
    done
    assert_help "$SERVER"
    assert_help "$CLIENT"
}

# ---- signals ---------------------------------------------------------------------------

# points: 2
@test "sig_pingpong 100000: every round trip completes (no lost wake-up)" {
    prun -h "$SIG_HINT" "$PINGPONG" 100000
    assert_success
    assert_equal "$output" "100000 round trips"
}

# points: 2
@test "sig_pingpong: each side really sends one SIGUSR1 per turn (strace)" {
    have_strace || skip "strace cannot trace here"
    prun -h "$SIG_HINT" strace -f -qq -e trace=kill -e signal=none -o "$WORK/trace" "$PINGPONG" 50
    assert_success
    assert_equal "$output" "50 round trips"
    because "parent and child take turns with kill(other, SIGUSR1): 50 each way"
    local pid n
    [ "$(grep -cE 'kill\([0-9]+, SIGUSR1' "$WORK/trace")" -eq 100 ] ||
        fail "expected 100 kill(..., SIGUSR1) calls (50 each way), strace saw $(grep -cE 'kill\([0-9]+, SIGUSR1' "$WORK/trace")"
    for pid in $(awk '/kill\(/ { print $1 }' "$WORK/trace" | sort -u); do
        n=$(grep -cE "^$pid +kill\\([0-9]+, SIGUSR1" "$WORK/trace")
        [ "$n" -eq 50 ] || fail "process $pid sent $n signals, expected 50"
    done
}

# points: 2
@test "sig_pingpong: waiting for the other side takes no CPU of its own (sigsuspend, not a loop)" {
    have_strace || skip "strace cannot trace here"
    # A paused partner: the other side must then sleep, not spin.
    prun -h "$SIG_HINT" strace -f -qq -e trace=rt_sigsuspend,pause,kill -o "$WORK/trace" "$PINGPONG" 200
    assert_success
    because "each turn waits in sigsuspend (one call per wait), never in a loop around a flag"
    [ "$(grep -cE 'rt_sigsuspend\(' "$WORK/trace")" -ge 400 ] ||
        fail "expected a sigsuspend per wait (400 for 200 round trips), saw $(grep -cE 'rt_sigsuspend\(' "$WORK/trace")"
    ! grep -qE '^[0-9]+ +pause\(' "$WORK/trace" || fail "pause() after unblocking loses a signal that came in between: use sigsuspend"
}

# points: 2
@test "sig_pingpong: a child that dies mid-game ends the parent's wait with an error, not a hang" {
    start_bg pp "$PINGPONG" 10000000
    local pid child
    pid=$(prog_pid pp) || fail "sig_pingpong ended at once: $(cat "$WORK/pp.err")"
    wait_until "sig_pingpong never forked its child" eval 'child=$(children_of "$pid"); [ -n "$child" ]'
    sleep 0.1
    kill -KILL "$child"
    wait_bg pp "the child was killed, so no SIGUSR1 will ever come: only SIGCHLD can end the parent's wait. Is SIGCHLD unblocked in the mask sigsuspend() waits with, and does the wait loop stop when the child is gone?"
    because "a partner that dies never signals again: the parent must notice SIGCHLD, reap the child and fail, naming it"
    assert_equal "$status" 1
    [[ "$stderr" == *"the child (pid $child) failed"* ]] ||
        fail "sig_pingpong should say 'the child (pid $child) failed', got: $stderr"
}

@test "sig_pingpong: bad command lines are usage errors" {
    local args
    for args in "" "0" "x" "-1" "10 20"; do
        # shellcheck disable=SC2086
        prun "$PINGPONG" $args
        assert_usage_error sig_pingpong
    done
    assert_help "$PINGPONG"
}

# points: 2
@test "sig_count: standard signals coalesce, real-time signals queue with their values in order" {
    local n
    for n in 1 10 1000; do
        prun "$COUNT" "$n"
        assert_success
        because "sig_count $n: the parent blocked both signals; SIGUSR1 is one pending bit (received 1 time), SIGRTMIN is queued $n times, values 0..$((n - 1)) in order"
        assert_equal "${lines[0]}" "SIGUSR1 received: 1"
        assert_equal "${lines[1]}" "SIGRTMIN received: $n"
        assert_equal "${lines[2]}" "SIGRTMIN values in order: yes"
    done
}

@test "sig_count: the child sends with kill and sigqueue, N of each (strace)" {
    have_strace || skip "strace cannot trace here"
    prun strace -f -qq -e trace=kill,rt_sigqueueinfo -e signal=none -o "$WORK/trace" "$COUNT" 20
    assert_success
    [ "$(grep -cE 'kill\([0-9]+, SIGUSR1' "$WORK/trace")" -eq 20 ] || fail "expected 20 kill(parent, SIGUSR1)"
    [ "$(grep -cE 'rt_sigqueueinfo\([0-9]+, SIG(RTMIN|RT_2)' "$WORK/trace")" -eq 20 ] || fail "expected 20 sigqueue(parent, SIGRTMIN, value)"
}

@test "sig_count: bad command lines are usage errors" {
    local args
    for args in "" "0" "x" "10001" "1 2"; do
        # shellcheck disable=SC2086
        prun "$COUNT" $args
        assert_usage_error sig_count
    done
    assert_help "$COUNT"
}
