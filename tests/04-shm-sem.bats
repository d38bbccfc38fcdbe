#!/usr/bin/env bats
# Lab 04 — shm-sem: POSIX shared memory with two unnamed semaphores inside it.
# Points: 1 per test unless a "# points: N" line precedes it (see tools/grading/grade).

load helpers/common

setup() {
    ipclab_setup 04-shm-sem
    WRITER=$(prog shm_writer)
    READER=$(prog shm_reader)
}
teardown() { ipclab_teardown; }

SEM_HINT="a process is blocked in sem_wait(). Check: sem_init(&sem, 1, value) with pshared = 1 (0 only wakes threads of one process); wsem starts at 1 (the writer goes first) and rsem at 0; each side posts the OTHER side's semaphore after its turn; the reader stops at cnt == 0 and then posts wsem once more so the writer can finish."

# wait_for_shm NAME [JOB]: poll until the shm object NAME exists (3 s at most,
# and no longer than the background job JOB, the writer, is running).
wait_for_shm() {
    local i var="IPCLAB_BG_${2:-}"
    for i in $(seq 150); do
        "$IPCLAB_BIN/ipcname" exists shm "$1" && return 0
        if [ -n "${2:-}" ] && ! kill -0 "${!var}" 2>/dev/null; then
            fail "shm_writer ended without creating $1 (or removed it at once): $(cat "$WORK/$2.err")"
        fi
        sleep 0.02
    done
    fail "shm_writer never created $1 (is shm_open called with O_CREAT | O_EXCL and the name from the command line?)"
}

# shm_exists NAME
shm_exists() { "$IPCLAB_BIN/ipcname" exists shm "$1"; }


# transfer ORDER BYTES [WRITER OPTIONS...]: pass BYTES random bytes from a writer
# to a reader, started in ORDER (writer-first or reader-first), and check
# everything: exit statuses, byte-exact output, both summaries, NAME removed.
transfer() {
    local order=$1 nbytes=$2 size=1024
    shift 2
    [ "${1:-}" = -b ] && size=$2
    NAME=$(ipc_name buf)
    head -c "$nbytes" /dev/urandom >"$WORK/in"
    local wstatus wstderr rstatus rstderr
    if [ "$order" = writer-first ]; then
        start_bg writer -i "$WORK/in" "$WRITER" "$@" "$NAME"
        wait_for_shm "$NAME" writer
        sleep 0.05  # let the writer take its first turn (and, for 0 bytes, finish its loop)
        prun -h "$SEM_HINT" -o "$WORK/out" "$READER" -w 3 "$NAME"
        rstatus=$status rstderr=$stderr
        wait_bg writer "$SEM_HINT"
        wstatus=$status wstderr=$stderr
    else
        start_bg reader "$READER" -w 3 "$NAME"
        prog_pid reader >/dev/null || true
        sleep 0.05  # the reader is now retrying shm_open
        kill -0 "$IPCLAB_BG_reader" 2>/dev/null ||
            fail "the reader ended before the writer was started: it must wait (up to -w SECONDS) for NAME to appear. Its stderr: $(cat "$WORK/reader.err")"
        prun -h "$SEM_HINT" -i "$WORK/in" "$WRITER" "$@" "$NAME"
        wstatus=$status wstderr=$stderr
        wait_bg reader "$SEM_HINT"
        rstatus=$status rstderr=$stderr
        mv "$WORK/reader.out" "$WORK/out"
    fi
    because "the reader must get exactly the writer's bytes: cnt bytes per turn, every turn, nothing after the empty end-of-data transfer"
    [ "$wstatus" -eq 0 ] || fail "shm_writer exited with $wstatus; its stderr: $wstderr"
    [ "$rstatus" -eq 0 ] || fail "shm_reader exited with $rstatus; its stderr: $rstderr"
    cmp "$WORK/in" "$WORK/out" ||
        fail "the reader's output differs from the writer's input (in: $nbytes bytes, out: $(stat -c %s "$WORK/out") bytes). A short or long last transfer means cnt is wrong; a repeated or missing block means the turns (wsem/rsem) are not respected."
    local xfrs=$(((nbytes + size - 1) / size))
    because "each side reports what it moved on stderr; the writer fills the buffer each turn ($size bytes), so $nbytes bytes take $xfrs transfers"
    assert_equal "$wstderr" "sent $nbytes bytes in $xfrs transfers"
    assert_equal "$rstderr" "received $nbytes bytes in $xfrs transfers"
    because "the writer removes NAME with shm_unlink once the reader has finished"
    ! shm_exists "$NAME" || fail "$NAME still exists after both programs ended: shm_writer must shm_unlink it"
}

# ---- byte-exact transfers, writer started first --------------------------------------------

# points: 2
@test "writer first: 0 bytes (the writer waits for the reader before removing NAME)" {
    transfer writer-first 0
}

@test "writer first: 1 byte" {
    transfer writer-first 1
}

@test "writer first: SIZE-1 bytes (1023)" {
    transfer writer-first 1023
}

@test "writer first: SIZE bytes (1024)" {
    transfer writer-first 1024
}

@test "writer first: SIZE+1 bytes (1025)" {
    transfer writer-first 1025
}

# points: 2
@test "writer first: 3 MB" {
    transfer writer-first 3000000
}

# ---- byte-exact transfers, reader started first --------------------------------------------

# points: 2
@test "reader first: 0 bytes (the reader waits for NAME to appear)" {
    transfer reader-first 0
}

@test "reader first: 1 byte" {
    transfer reader-first 1
}

@test "reader first: SIZE-1 bytes (1023)" {
    transfer reader-first 1023
}

@test "reader first: SIZE bytes (1024)" {
    transfer reader-first 1024
}

@test "reader first: SIZE+1 bytes (1025)" {
    transfer reader-first 1025
}

# points: 2
@test "reader first: 3 MB" {
    transfer reader-first 3000000
}

# ---- -b SIZE --------------------------------------------------------------------------------

@test "-b 1: one byte per transfer" {
    transfer reader-first 3000 -b 1
}

@test "-b 100: 99, 100 and 101 bytes" {
    transfer writer-first 99 -b 100
    transfer reader-first 100 -b 100
    transfer writer-first 101 -b 100
}

@test "-b 65536: the reader learns the buffer size from the object" {
    transfer reader-first 1000000 -b 65536
}

# ---- the object's life -------------------------------------------------------------------------

@test "the writer creates NAME with mode 0600 and keeps it until the reader has finished" {
    NAME=$(ipc_name buf)
    : >"$WORK/empty"
    start_bg writer -i "$WORK/empty" "$WRITER" "$NAME"
    wait_for_shm "$NAME" writer
    because "the creator uses O_CREAT | O_EXCL and mode 0600: no other user may read or corrupt the data"
    assert_equal "$(stat -c %a "/dev/shm/${NAME#/}")" 600
    sleep 0.3
    because "with no reader yet the writer must wait for it (sem_wait on wsem after the empty transfer) and keep NAME, or a reader started now never finds it"
    shm_exists "$NAME" || fail "the writer removed $NAME before any reader came (it must sem_wait(&wsem) once more after the empty transfer)"
    prun -h "$SEM_HINT" "$READER" -w 3 "$NAME"
    assert_success
    wait_bg writer "$SEM_HINT"
    assert_success
    ! shm_exists "$NAME" || fail "$NAME is still there after the writer finished"
}

# points: 2
@test "SIGTERM to a waiting writer removes NAME" {
    NAME=$(ipc_name buf)
    printf 'nobody reads this' >"$WORK/in"
    start_bg writer -i "$WORK/in" "$WRITER" "$NAME"
    wait_for_shm "$NAME" writer
    sleep 0.1
    pid=$(prog_pid writer) || true
    [ -n "$pid" ] || fail "the writer ended before any reader came: $(cat "$WORK/writer.err")"
    kill -TERM "$pid"
    wait_bg writer
    because "a writer killed by SIGTERM must still shm_unlink NAME (a signal handler, or the kit's on_exit_remove_names): nothing may stay in /dev/shm"
    [ "$status" -ne 0 ] || fail "the writer exited 0 although it was killed before any reader came"
    ! shm_exists "$NAME" || fail "SIGTERM left $NAME behind in /dev/shm"
}

@test "SIGINT (Ctrl-C) to a waiting writer removes NAME" {
    NAME=$(ipc_name buf)
    : >"$WORK/empty"
    start_bg writer -i "$WORK/empty" "$WRITER" "$NAME"
    wait_for_shm "$NAME" writer
    sleep 0.1
    pid=$(prog_pid writer) || true
    [ -n "$pid" ] || fail "the writer ended before any reader came: $(cat "$WORK/writer.err")"
    kill -INT "$pid"
    wait_bg writer
    because "Ctrl-C must not leave NAME in /dev/shm either"
    ! shm_exists "$NAME" || fail "SIGINT left $NAME behind in /dev/shm"
}

@test "a writer that fails after creating NAME removes it" {
    NAME=$(ipc_name buf)
    # A directory as stdin: read() fails with EISDIR after NAME was created.
    prun -i "$WORK" "$WRITER" "$NAME"
    assert_call_error shm_writer "read: Is a directory"
    because "every exit path removes the name the program created, error exits included"
    ! shm_exists "$NAME" || fail "the failed writer left $NAME behind"
}

# points: 2
@test "two transfers with different names at once do not mix" {
    A=$(ipc_name a)
    B=$(ipc_name b)
    head -c 300000 /dev/urandom >"$WORK/a.in"
    head -c 200000 /dev/urandom >"$WORK/b.in"
    start_bg ra "$READER" -w 3 "$A"
    start_bg wb -i "$WORK/b.in" "$WRITER" -b 500 "$B"
    start_bg wa -i "$WORK/a.in" "$WRITER" "$A"
    start_bg rb "$READER" -w 3 "$B"
    for job in ra wb wa rb; do
        wait_bg "$job" "$SEM_HINT"
        [ "$status" -eq 0 ] || fail "$job exited with $status: $stderr"
    done
    because "each pair uses its own object, named on the command line: nothing global (a fixed name, a static path) may be shared"
    cmp "$WORK/a.in" "$WORK/ra.out" || fail "pair A's output differs from its input"
    cmp "$WORK/b.in" "$WORK/rb.out" || fail "pair B's output differs from its input"
}

# ---- input in pieces, forced races, waiting, early errors -------------------------------------------

@test "shm_writer: input that arrives in pieces still fills the buffer each turn" {
    NAME=$(ipc_name buf)
    head -c 3000 /dev/urandom >"$WORK/in"
    start_bg reader "$READER" -w 5 "$NAME"
    trun -h "$SEM_HINT" -o "$WORK/writer.stdout" 700 20 "$WORK/in" "$WRITER" "$NAME"
    local wstatus=$status wstderr=$stderr
    wait_bg reader "$SEM_HINT"
    because "read() on a pipe returns what is there (here 700 bytes at a time): the writer must keep reading until the buffer is full or EOF (read_full), not send each piece as it comes, and not take a short read for EOF"
    [ "$wstatus" -eq 0 ] || fail "shm_writer exited with $wstatus: $wstderr"
    assert_success
    assert_same_bytes "$WORK/in" "$WORK/reader.out" "the reader's output"
    assert_equal "$wstderr" "sent 3000 bytes in 3 transfers"
    assert_equal "$stderr" "received 3000 bytes in 3 transfers"
}

# points: 2
@test "a reader started first waits for the writer to publish the header (setup slowed down)" {
    have_strace || skip "strace cannot run here"
    NAME=$(ipc_name buf)
    printf 'the header comes last\n' >"$WORK/in"
    start_bg reader "$READER" -w 5 "$NAME"
    sleep 0.05
    # The writer pauses 0.3 s before and 0.3 s after sizing NAME: a reader
    # that does not wait for the size, then for the published header, uses
    # a header (size, semaphores) that is not there yet.
    prun -h "$SEM_HINT" -i "$WORK/in" strace -f -qq -o /dev/null \
        -e inject=ftruncate:delay_enter=300000:delay_exit=300000 "$WRITER" "$NAME"
    local wstatus=$status wstderr=$stderr
    wait_bg reader "$SEM_HINT"
    because "the writer creates NAME, sizes it, maps it, initialises the semaphores and only then publishes the header: a reader that finds NAME early must wait for the size (fstat) and then for the published header before it reads size or touches a semaphore"
    [ "$status" -eq 0 ] || fail "shm_reader exited with $status while the writer was slow to set NAME up: $stderr"
    [ "$wstatus" -eq 0 ] || fail "shm_writer exited with $wstatus: $wstderr"
    assert_same_bytes "$WORK/in" "$WORK/reader.out" "the reader's output"
}

@test "waiting (for NAME, for a turn, for input) burns no CPU" {
    NAME=$(ipc_name buf)
    mkfifo "$WORK/in"
    fixture "$WORK/in"
    # Both live through two rounds of CPU sampling: twice the usual time limit
    # (a hang is still ended as soon as it is proven).
    with_limit $((IPCLAB_TIMEOUT * 2)) start_bg reader "$READER" -w 5 "$NAME"
    sleep 0.1
    assert_idle reader 400 "shm_reader waiting for NAME to appear"
    with_limit $((IPCLAB_TIMEOUT * 2)) start_bg writer -i "$WORK/in" "$WRITER" "$NAME"
    exec 4>"$WORK/in"
    sleep 0.3
    # Now the writer waits in read() for input, the reader in sem_wait() for its turn.
    assert_idle reader,writer 400 "shm_reader waiting for its turn and shm_writer waiting for input"
    printf 'worth the wait' >&4
    exec 4>&-
    wait_bg writer "$SEM_HINT"
    assert_success
    wait_bg reader "$SEM_HINT"
    because "waiting must block: sem_wait (not sem_trywait in a loop), read(), a retry of shm_open with a sleep in between"
    assert_success
    STDOUT_FILE=$WORK/reader.out assert_stdout_bytes "worth the wait"
}

@test "a writer that fails right after creating NAME (ftruncate) removes it" {
    have_strace || skip "strace cannot run here"
    NAME=$(ipc_name buf)
    prun -i /dev/null strace -f -qq -o /dev/null -e inject=ftruncate:error=EFBIG "$WRITER" "$NAME"
    because "NAME is the writer's from the moment shm_open created it: the removal must be armed right there, before ftruncate, mmap or anything else can fail"
    assert_call_error shm_writer "ftruncate: File too large"
    ! shm_exists "$NAME" || fail "shm_writer failed in ftruncate and left $NAME behind: arm the removal (unlink_guard) right after shm_open succeeds"
}

# ---- bad input ----------------------------------------------------------------------------------

# points: 2
@test "shm_reader: a name that does not exist is an error" {
    NAME=$(ipc_name never)
    prun "$READER" -w 0 "$NAME"
    assert_call_error shm_reader "shm_open: No such file or directory"
    assert_output ""
}

@test "shm_reader: waits for NAME before giving up" {
    NAME=$(ipc_name late)
    start=$(date +%s%N)
    prun "$READER" -w 1 "$NAME"
    elapsed_ms=$((($(date +%s%N) - start) / 1000000))
    assert_call_error shm_reader "shm_open: No such file or directory"
    because "the reader may be started first: it retries shm_open while it fails with ENOENT, up to the time limit"
    [ "$elapsed_ms" -ge 900 ] || fail "the reader gave up after ${elapsed_ms} ms; with -w 1 it must keep trying for about a second"
}

@test "shm_reader: by default waits several seconds for a late writer" {
    NAME=$(ipc_name late)
    start_bg reader "$READER" "$NAME"
    sleep 0.5
    printf 'late but fine' >"$WORK/in"
    prun -h "$SEM_HINT" -i "$WORK/in" "$WRITER" "$NAME"
    assert_success
    wait_bg reader "$SEM_HINT"
    because "without -w the reader waits up to 5 s for NAME to appear, so either program may be started first"
    assert_success
    assert_output "late but fine"
}

@test "shm_reader: an object that is never initialised is an error, not a crash or a hang" {
    NAME=$(ipc_name empty)
    # What a reader sees just after the writer's shm_open: an object of size 0.
    : >"/dev/shm/${NAME#/}"
    start=$(date +%s%N)
    prun "$READER" -w 1 "$NAME"
    elapsed_ms=$((($(date +%s%N) - start) / 1000000))
    rm -f "/dev/shm/${NAME#/}"
    because "the reader must wait for the writer to size the object and initialise the semaphores (mapping 0 bytes fails, sem_wait on garbage is undefined) and give up cleanly at the time limit"
    assert_equal "$status" 1
    [[ "$stderr" == "shm_reader: "* ]] || fail "stderr should be 'shm_reader: CALL: reason', got: $stderr"
    [ "$elapsed_ms" -ge 900 ] ||
        fail "the reader gave up after ${elapsed_ms} ms ($stderr): an object of size 0 is one the writer has not sized yet; with -w 1 the reader must keep waiting for about a second"
}

@test "shm_writer: a NAME that already exists is an error and is left alone" {
    NAME=$(ipc_name taken)
    printf 'someone else' >"/dev/shm/${NAME#/}"
    fixture "/dev/shm/${NAME#/}"
    prun -i /dev/null "$WRITER" "$NAME"
    assert_call_error shm_writer "shm_open: File exists"
    because "O_EXCL: the writer must not take over (or remove) an object it did not create"
    [ "$(cat "/dev/shm/${NAME#/}" 2>/dev/null)" = "someone else" ] ||
        fail "the failed writer removed or changed $NAME, which it did not create"
    rm -f "/dev/shm/${NAME#/}"
}

@test "shm_writer: wrong arguments are a usage error" {
    NAME=$(ipc_name unused)
    prun "$WRITER"
    assert_usage_error shm_writer
    prun "$WRITER" "$NAME" extra
    assert_usage_error shm_writer
    prun "$WRITER" -b 0 "$NAME"
    assert_usage_error shm_writer
    prun "$WRITER" -b 12k "$NAME"
    assert_usage_error shm_writer
    prun "$WRITER" -b
    assert_usage_error shm_writer
    prun "$WRITER" -x 5 "$NAME"
    assert_usage_error shm_writer
}

@test "shm_reader: wrong arguments are a usage error" {
    NAME=$(ipc_name unused)
    prun "$READER"
    assert_usage_error shm_reader
    prun "$READER" "$NAME" extra
    assert_usage_error shm_reader
    prun "$READER" -w soon "$NAME"
    assert_usage_error shm_reader
}

# ---- bad input and failures ----------------------------------------------------------------
# No program waits forever for a partner that is gone: each records its pid in
# the header and watches the other's (given code); a second reader is refused.

PEER_HINT="a partner is gone but the other program still waits: the writer and the reader each watch the other's pid (ipclab::peer_watch in the given code); keep that code, and record the pids (publish, claim_reader)."

@test "failures: shm_writer and shm_reader answer -h and --help" {
    assert_help "$WRITER"
    assert_help "$READER"
}

@test "failures: NAME must be '/' and 1 to 255 characters, no other '/' (usage error, nothing created)" {
    for bad in noslash //two /a/b / "/$(printf '%256s' | tr ' ' x)"; do
        prun "$WRITER" "$bad"
        because "labs 04 and 05 share one rule for IPC names; '${bad:0:20}' breaks it: usage error, exit 2"
        assert_equal "$status" 2
        prun "$READER" -w 0 "$bad"
        assert_equal "$status" 2
    done
    [ -z "$(ls /dev/shm | grep -F "$IPCLAB_TAG")" ] || fail "a refused name was created"
}

@test "failures: the longest legal name ('/' and 255 characters) works and is removed" {
    NAME=$(long_ipc_name buf)
    printf 'long names are legal' >"$WORK/in"
    start_bg writer -i "$WORK/in" "$WRITER" "$NAME"
    wait_for_shm "$NAME" writer
    prun -h "$SEM_HINT" "$READER" -w 3 "$NAME"
    assert_success
    assert_output "long names are legal"
    wait_bg writer "$SEM_HINT"
    assert_success
}

@test "failures: oversized and out-of-range options are usage errors" {
    NAME=$(ipc_name unused)
    for args in "-b 1073741825" "-b 99999999999999999999" "-w 3601" "-w -1"; do
        # shellcheck disable=SC2086
        prun "$WRITER" $args "$NAME"
        assert_usage_error shm_writer
    done
}

@test "failures: a writer with no reader gives up after -w SECONDS and removes NAME" {
    NAME=$(ipc_name lonely)
    printf 'nobody' >"$WORK/in"
    start_bg lonely -i "$WORK/in" "$WRITER" -w 1 "$NAME"
    wait_bg_awake lonely
    because "the writer bounds its wait for a first reader like the reader's -w: a documented message, exit 1, NAME removed"
    assert_equal "$status" 1
    assert_equal "$stderr" "shm_writer: no reader came within 1 s"
}

# A transfer the test keeps going: the writer's stdin is a FIFO the test holds
# (fd 4), with -b 1 so each byte is one turn. One byte is sent and received.
start_held_transfer() {
    NAME=$(ipc_name held)
    fifo_bytes "$WORK/in"
    start_bg writer -i "$WORK/in" "$WRITER" -b 1 "$NAME"
    start_bg reader "$READER" -w 5 "$NAME"
    exec 4>"$WORK/in"
    printf 'a' >&4
    # (no need to wait the whole time when one side has already ended)
    wait_until "the reader never received the first byte: $(cat "$WORK/writer.err" "$WORK/reader.err")" \
        eval '[ "$(cat "$WORK/reader.out" 2>/dev/null)" = a ] || ! running reader || ! running writer'
    [ "$(cat "$WORK/reader.out" 2>/dev/null)" = a ] ||
        fail "the reader never received the first byte ($(running reader || echo 'the reader has ended'; running writer || echo 'the writer has ended')): $(cat "$WORK/writer.err" "$WORK/reader.err")"
}

@test "failures: a second reader on the same NAME is refused; the first goes on" {
    start_held_transfer
    prun_awake "$READER" -w 1 "$NAME"
    because "two readers would split the data and one of them would hang: the second is refused"
    assert_equal "$status" 1
    [[ "$stderr" =~ ^shm_reader:\ .*\ already\ has\ a\ reader\ \(pid\ [0-9]+\)$ ]] || fail "got: $stderr"
    printf 'bc' >&4
    exec 4>&-
    wait_bg_awake reader "$SEM_HINT"
    assert_success
    assert_output "abc"
    wait_bg_awake writer "$SEM_HINT"
    assert_success
}

@test "failures: a reader killed mid-transfer makes the writer exit 1 and remove NAME" {
    start_held_transfer
    rpid=$(prog_pid reader)
    kill -KILL "$rpid"
    printf 'b' >&4
    wait_bg_awake writer "$PEER_HINT"
    exec 4>&-
    because "a semaphore cannot tell that the reader died: the writer watches the reader's pid and gives up, instead of waiting in sem_wait forever"
    assert_equal "$status" 1
    assert_equal "$stderr" "shm_writer: the reader (pid $rpid) ended before the transfer finished"
    wait_bg reader || true
    ! shm_exists "$NAME" || fail "$NAME is still there"
}

@test "failures: a reader whose output fails (/dev/full, >&-) makes both exit 1, NAME removed" {
    for redirect in ">/dev/full" ">&-"; do
        NAME=$(ipc_name "out${#redirect}")
        head -c 5000 /dev/zero >"$WORK/in"
        start_bg writer -i "$WORK/in" "$WRITER" "$NAME"
        wait_for_shm "$NAME" writer
        prun_awake bash -c "exec \"\$@\" $redirect" _ "$READER" -w 3 "$NAME"
        assert_equal "$status" 1
        [[ "$stderr" == "shm_reader: write: "* ]] || fail "the reader should say its write failed, got: $stderr"
        wait_bg_awake writer "$PEER_HINT"
        because "the reader failed ($redirect): the writer must notice and stop, not wait in sem_wait forever"
        assert_equal "$status" 1
        [[ "$stderr" == *"shm_writer: the reader (pid "*") ended before the transfer finished" ]] || fail "got: $stderr"
        ! shm_exists "$NAME" || fail "$NAME is still there"
    done
}

@test "failures: a writer killed mid-transfer makes the reader exit 1 and remove NAME" {
    start_held_transfer
    wpid=$(prog_pid writer)
    kill -KILL "$wpid"
    wait_bg_awake reader "$PEER_HINT"
    exec 4>&-
    because "the writer cannot remove NAME after SIGKILL: the reader notices it is gone, removes NAME for it and exits 1"
    assert_equal "$status" 1
    assert_equal "$stderr" "shm_reader: the writer (pid $wpid) ended before the transfer finished"
    wait_bg writer || true
    ! shm_exists "$NAME" || fail "$NAME is still there"
}

# writer_signal SIG PHASE: send SIG to the writer while it waits for a reader
# ("waiting") or in the middle of a transfer ("transfer"); NAME must go.
writer_signal() {
    local sig=$1 phase=$2
    if [ "$phase" = waiting ]; then
        NAME=$(ipc_name waiting)
        printf 'x' >"$WORK/in"
        start_bg writer -i "$WORK/in" "$WRITER" "$NAME"
        wait_for_shm "$NAME" writer
    else
        start_held_transfer
    fi
    kill "-$sig" "$(prog_pid writer)"
    wait_bg_awake writer
    exec 4>&- 2>/dev/null || true
    because "SIG$sig ends the writer ($phase): the kit's signal handler removes NAME, then the writer ends by SIG$sig"
    assert_equal "$status" "$((128 + $(kill -l "$sig")))"
    ! shm_exists "$NAME" || fail "SIG$sig ($phase) left $NAME behind"
    if [ "$phase" = transfer ]; then wait_bg_awake reader "$PEER_HINT"; assert_equal "$status" 1; fi
}

@test "failures: SIGHUP to a writer waiting for a reader removes NAME" { writer_signal HUP waiting; }
@test "failures: SIGQUIT to a writer waiting for a reader removes NAME" { writer_signal QUIT waiting; }
@test "failures: SIGTERM to a writer mid-transfer removes NAME; the reader exits 1" { writer_signal TERM transfer; }
@test "failures: SIGINT to a writer mid-transfer removes NAME" { writer_signal INT transfer; }
@test "failures: SIGHUP to a writer mid-transfer removes NAME" { writer_signal HUP transfer; }
@test "failures: SIGQUIT to a writer mid-transfer removes NAME" { writer_signal QUIT transfer; }
