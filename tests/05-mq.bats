#!/usr/bin/env bats
# Lab 05 — POSIX message queues: mq_send, mq_receive, mq_attr.
# Points: 1 per test unless a "# points: N" line precedes it (see tools/grading/grade).
#
# Every test uses its own queue name (ipc_name) and ends by removing the queue
# (mq_receive -u, or ipcname remove); teardown fails a test that leaves one.
# Queues are checked by name: /dev/mqueue is not always mounted.

load helpers/common

setup() {
    ipclab_setup 05-mq
    SEND=$(prog mq_send)
    RECEIVE=$(prog mq_receive)
    ATTR=$(prog mq_attr)
    Q=$(ipc_name q)
    # What mq_open(..., NULL) gives a new queue on this machine.
    DEFAULT_MAXMSG=$(cat /proc/sys/fs/mqueue/msg_default 2>/dev/null || echo 10)
    DEFAULT_MSGSIZE=$(cat /proc/sys/fs/mqueue/msgsize_default 2>/dev/null || echo 8192)
}
teardown() { ipclab_teardown; }

NONBLOCK_HINT="with -n (and -a) the queue must be opened with O_NONBLOCK: mq_send on a full queue and mq_receive on an empty one then fail at once with EAGAIN instead of waiting."
WAIT_HINT="mq_receive (without -n) is waiting for a message that never came: did mq_send send it to the same queue, and does mq_receive pass mq_receive() the right descriptor?"

# Send one message or fail the test with what mq_send said.
send() {
    prun "$SEND" "$@"
    [ "$status" -eq 0 ] || fail "setting up the test: $IPCLAB_LAST_CMD exited with $status, stderr: $stderr"
}

# mq_receive must have succeeded; explain the usual reason when it did not.
assert_received() {
    [ "$status" -eq 0 ] && return 0
    case $stderr in
    *"Message too long"*)
        fail "mq_receive failed with EMSGSIZE ($stderr): the receive buffer must be at least mq_msgsize bytes (ask mq_getattr), even when the message is short" ;;
    *"Resource temporarily unavailable"*)
        fail "mq_receive found the queue empty ($stderr): did mq_send really put the messages on this queue?" ;;
    *)
        fail "mq_receive exited with $status, stderr: $stderr" ;;
    esac
}

queue_exists() { "$IPCLAB_BIN/ipcname" exists mq "$1"; }

# ---- sending and receiving -------------------------------------------------

@test "mq_send -c then mq_receive -u: one message round trip" {
    send -c "$Q" "hello, queue"
    brun "$RECEIVE" -u "$Q"
    because "mq_receive prints 'priority P: MESSAGE' for the message mq_send put on the queue (default priority 0), a newline after it"
    assert_received
    assert_stdout "priority 0: hello, queue"
    queue_exists "$Q" && fail "mq_receive -u must remove the queue with mq_unlink(), but $Q still exists"
    true
}

# points: 2
@test "mq_receive: highest priority first, oldest first within a priority" {
    send -c "$Q" "a1" 3
    send "$Q" "b1" 1
    send "$Q" "a2" 3
    send "$Q" "c" 0
    send "$Q" "b2" 1
    send "$Q" "top" 32767
    send "$Q" "a3" 3
    brun -h "$NONBLOCK_HINT" "$RECEIVE" -a -u "$Q"
    because "a POSIX queue is ordered by priority (highest first), and FIFO among messages of equal priority"
    assert_received
    expected=$(printf '%s\n' "priority 32767: top" "priority 3: a1" "priority 3: a2" "priority 3: a3" \
        "priority 1: b1" "priority 1: b2" "priority 0: c")
    [ "$output" = "$expected" ] || fail "$(printf 'wrong order or priorities.\nexpected:\n%s\ngot:\n%s\nhint: mq_send must pass PRIORITY as its 4th argument, and mq_receive must print the priority mq_receive() stored through its last argument' "$expected" "$output")"
}

@test "mq_receive: one receive takes only the most urgent message" {
    send -c "$Q" "routine" 1
    send "$Q" "urgent" 9
    prun "$RECEIVE" "$Q"
    because "without -a, mq_receive takes exactly one message, the one with the highest priority, and leaves the rest"
    assert_received
    assert_output "priority 9: urgent"
    prun "$ATTR" "$Q"
    assert_line "curmsgs: 1"
    prun "$RECEIVE" -u "$Q"
    assert_received
    assert_output "priority 1: routine"
}

@test "mq_receive: a short message after a long one is printed without the long one's tail" {
    send -c "$Q" "a much longer message" 2
    send "$Q" "short" 1
    brun -h "$NONBLOCK_HINT" "$RECEIVE" -a -u "$Q"
    because "mq_receive returns the length of the message and adds no '\\0': print exactly that many bytes, not the buffer as a C string"
    assert_received
    assert_stdout "priority 2: a much longer message" "priority 1: short"
}

@test "mq_send: an empty message is a message" {
    send -c "$Q" ""
    prun "$ATTR" "$Q"
    because "a zero-length message still goes on the queue and comes back as an empty line"
    assert_line "curmsgs: 1"
    brun "$RECEIVE" -u "$Q"
    assert_received
    assert_stdout "priority 0: "
}

@test "mq_send/mq_receive: spaces, quotes and symbols arrive unchanged" {
    msg="  it's \"quoted\" \\ 100% %s %d \$HOME  "
    send -c "$Q" "$msg" 4
    brun "$RECEIVE" -u "$Q"
    because "the message is bytes: never pass it to printf as a format, never trim it"
    assert_received
    assert_stdout "priority 4: $msg"
}

# points: 2
@test "mq_receive: a message of exactly msgsize bytes fits the receive buffer" {
    msg=$(head -c "$DEFAULT_MSGSIZE" /dev/zero | tr '\0' m)
    prun "$SEND" -c "$Q" "$msg" 1
    [ "$status" -eq 0 ] || fail "mq_send refused a message of exactly msgsize ($DEFAULT_MSGSIZE) bytes (stderr: $stderr): send message.size() bytes, with no terminating '\\0'"
    prun "$RECEIVE" -u "$Q"
    because "the receive buffer is sized from mq_getattr(): mq_msgsize bytes hold the largest message the queue accepts"
    assert_received
    [ "$output" = "priority 1: $msg" ] ||
        fail "expected 'priority 1: ' and $DEFAULT_MSGSIZE m's ($((DEFAULT_MSGSIZE + 12)) characters), got ${#output} characters"
}

# ---- -a: drain the queue ----------------------------------------------------

# points: 2
@test "mq_receive -a: drains exactly the messages on the queue, then stops" {
    send -c "$Q" "message 1" 2
    for i in 2 3 4 5; do send "$Q" "message $i" 2; done
    brun -h "$NONBLOCK_HINT" "$RECEIVE" -a "$Q"
    because "-a receives until the queue is empty (EAGAIN with O_NONBLOCK) and must not wait for a sixth message, each line ending in a newline"
    assert_received
    assert_stdout "priority 2: message 1" "priority 2: message 2" "priority 2: message 3" "priority 2: message 4" "priority 2: message 5"
    prun "$ATTR" "$Q"
    assert_line "curmsgs: 0"
    prun -h "$NONBLOCK_HINT" "$RECEIVE" -a -u "$Q"
    because "-a on an empty queue is not an error: nothing to print, exit 0"
    assert_success
    assert_output ""
}

@test "mq_receive -a: output that cannot be written is an error, and it stops taking messages" {
    send -c "$Q" "message 1"
    for i in 2 3 4; do send "$Q" "message $i"; done
    prun -o /dev/full "$RECEIVE" -a "$Q"
    because "a received message has left the queue: if it cannot be printed (here: a full disk), say so and exit 1, and do not take the others off the queue to lose them too (check fflush)"
    assert_failure 1
    [[ "$stderr" == *"No space left on device"* ]] || fail "expected an error about the failed write on stderr, got: '$stderr'"
    prun "$ATTR" "$Q"
    assert_line "curmsgs: 3"
    prun "$RECEIVE" -a -u "$Q"
    assert_success
}

# ---- -n: no waiting -----------------------------------------------------------

@test "mq_receive -n: an empty queue is an error, not a wait" {
    send -c "$Q" "only one"
    prun "$RECEIVE" "$Q"
    assert_received
    prun -h "$NONBLOCK_HINT" "$RECEIVE" -n "$Q"
    because "with -n an empty queue makes mq_receive() fail with EAGAIN at once, and a single receive reports it"
    assert_call_error mq_receive "mq_receive: Resource temporarily unavailable"
    assert_output ""
    prun -h "$NONBLOCK_HINT" "$RECEIVE" -a -u "$Q"
    assert_success
}

@test "mq_receive: without -n it waits for a message" {
    send -c "$Q" "first"
    prun "$RECEIVE" "$Q"
    assert_received
    start_bg r "$RECEIVE" -u "$Q"
    sleep 0.3
    because "a blocking mq_receive on an empty queue waits until someone sends; it must not fail with EAGAIN"
    running r || { wait_bg r; fail "mq_receive on an empty queue ended at once (status $status, stderr: $stderr): only -n and -a open the queue with O_NONBLOCK"; }
    send "$Q" "worth the wait" 6
    wait_bg r "$WAIT_HINT"
    assert_success
    assert_output "priority 6: worth the wait"
}

# points: 2
@test "mq_send -n: a full queue is an error and nothing already queued is lost" {
    send -c -n "$Q" "message 1"
    prun "$ATTR" "$Q"
    maxmsg=$(sed -n 's/^maxmsg: //p' <<<"$output")
    [[ "$maxmsg" =~ ^[1-9][0-9]*$ ]] || fail "mq_attr should print 'maxmsg: N', got: $output"
    for ((i = 2; i <= maxmsg; i++)); do
        prun -h "$NONBLOCK_HINT" "$SEND" -n "$Q" "message $i"
        [ "$status" -eq 0 ] || fail "mq_send -n failed before the queue was full (message $i of $maxmsg): $stderr"
    done
    prun -h "$NONBLOCK_HINT" "$SEND" -n "$Q" "one too many" 9
    because "with -n a full queue makes mq_send fail with EAGAIN instead of waiting"
    assert_call_error mq_send "mq_send: Resource temporarily unavailable"
    prun -h "$NONBLOCK_HINT" "$RECEIVE" -a -u "$Q"
    because "the queue still holds exactly the $maxmsg messages it had, in order; the refused one is not there"
    assert_received
    assert_output "$(for ((i = 1; i <= maxmsg; i++)); do echo "priority 0: message $i"; done)"
}

@test "mq_send: without -n a full queue waits until a receiver makes room" {
    send -c "$Q" "message 1"
    prun "$ATTR" "$Q"
    maxmsg=$(sed -n 's/^maxmsg: //p' <<<"$output")
    [[ "$maxmsg" =~ ^[1-9][0-9]*$ ]] || fail "mq_attr should print 'maxmsg: N', got: $output"
    for ((i = 2; i <= maxmsg; i++)); do send -n "$Q" "message $i"; done
    start_bg s "$SEND" "$Q" "patient" 5
    sleep 0.3
    because "a blocking mq_send on a full queue waits; it must not fail (only -n opens with O_NONBLOCK)"
    running s || { wait_bg s; fail "mq_send on a full queue ended at once (status $status, stderr: $stderr) instead of waiting for room"; }
    prun "$RECEIVE" "$Q"
    assert_received
    assert_output "priority 0: message 1"
    wait_bg s "mq_send is still waiting although a message was taken off the full queue"
    assert_success
    prun "$RECEIVE" -u "$Q"
    assert_received
    assert_output "priority 5: patient"
}

# ---- mq_attr ---------------------------------------------------------------------

@test "mq_attr: shows the queue's limits and how many messages wait" {
    send -c "$Q" "one"
    send "$Q" "two"
    brun "$ATTR" "$Q"
    because "mq_attr prints mq_getattr()'s mq_maxmsg, mq_msgsize and mq_curmsgs, one a line; mq_send -c creates the queue with the default attributes (NULL)"
    assert_success
    assert_stdout "maxmsg: $DEFAULT_MAXMSG" "msgsize: $DEFAULT_MSGSIZE" "curmsgs: 2"
    prun "$RECEIVE" "$Q"
    prun "$ATTR" "$Q"
    assert_line "curmsgs: 1"
    prun -h "$NONBLOCK_HINT" "$RECEIVE" -a -u "$Q"
    assert_received
}

# ---- errors and cleanup ---------------------------------------------------------

# points: 2
@test "mq_send: a message longer than msgsize is refused and the queue keeps what it had" {
    send -c "$Q" "small" 1
    long=$(head -c $((DEFAULT_MSGSIZE + 1)) /dev/zero | tr '\0' L)
    prun "$SEND" "$Q" "$long" 2
    because "mq_send cannot cut a message: one byte over mq_msgsize is EMSGSIZE"
    assert_call_error mq_send "mq_send: Message too long"
    prun -h "$NONBLOCK_HINT" "$RECEIVE" -a -u "$Q"
    assert_received
    assert_output "priority 1: small"
}

@test "mq_send -c: a failed send does not leave the new queue behind" {
    long=$(head -c $((DEFAULT_MSGSIZE + 1)) /dev/zero | tr '\0' L)
    prun "$SEND" -c "$Q" "$long"
    assert_call_error mq_send "mq_send: Message too long"
    because "mq_send -c created the queue and nothing went in: it must mq_unlink it before exiting with the error"
    queue_exists "$Q" && fail "mq_send -c left the empty queue $Q behind after failing to send"
    true
}

@test "mq_send -c: an existing queue is not created again" {
    send -c "$Q" "already here" 3
    prun "$SEND" -c "$Q" "second creator" 7
    [ "$status" -ne 0 ] || fail "mq_send -c succeeded although $Q already existed: the creator opens with O_CREAT | O_EXCL, so a second creator gets EEXIST and sends nothing"
    assert_call_error mq_send "mq_open: File exists"
    prun -h "$NONBLOCK_HINT" "$RECEIVE" -a -u "$Q"
    assert_received
    assert_output "priority 3: already here"
}

@test "a queue that does not exist is an error for every program" {
    because "without -c nothing may create the queue: mq_open fails with ENOENT"
    prun "$SEND" "$Q" "hello"
    [ "$status" -ne 0 ] || fail "mq_send without -c succeeded on a queue that does not exist: it may pass O_CREAT only for -c"
    assert_call_error mq_send "mq_open: No such file or directory"
    prun "$RECEIVE" -n "$Q"
    assert_call_error mq_receive "mq_open: No such file or directory"
    prun -h "$NONBLOCK_HINT" "$RECEIVE" -a -u "$Q"
    assert_call_error mq_receive "mq_open: No such file or directory"
    prun "$ATTR" "$Q"
    assert_call_error mq_attr "mq_open: No such file or directory"
}

@test "mq_receive -u: removes the queue even when the queue is empty" {
    send -c "$Q" "x"
    prun "$RECEIVE" "$Q"
    assert_received
    prun -h "$NONBLOCK_HINT" "$RECEIVE" -n -u "$Q"
    because "-u means this process removes the queue on its way out, an EAGAIN error included"
    assert_call_error mq_receive "mq_receive: Resource temporarily unavailable"
    queue_exists "$Q" && fail "mq_receive -n -u failed on the empty queue and left $Q behind"
    true
}

@test "mq_receive -u: SIGTERM while waiting still removes the queue" {
    send -c "$Q" "x"
    prun "$RECEIVE" "$Q"
    assert_received
    start_bg r "$RECEIVE" -u "$Q"
    pid=$(prog_pid r) || fail "could not find the running mq_receive"
    sleep 0.2
    running r || { wait_bg r; fail "mq_receive on an empty queue ended at once (status $status, stderr: $stderr) instead of waiting"; }
    kill -TERM "$pid"
    wait_bg r
    because "names must be removed on every exit path: a SIGTERM handler (ipclab::on_exit_remove_names + unlink_guard) mq_unlinks the queue"
    [ "$status" -ne 0 ] || fail "mq_receive should die of SIGTERM, but exited with 0"
    queue_exists "$Q" && fail "mq_receive -u was killed by SIGTERM while waiting and left $Q behind"
    true
}

# ---- permissions as another user, waiting, early errors ---------------------------------------

@test "mq_send -c: a queue nobody else may open (0600)" {
    have_nobody "$ATTR" "$SEND" "$RECEIVE" || skip "needs root, setpriv, and programs that user nobody may run"
    send -c "$Q" "private"
    because "the creator opens with mode 0600: root ignores modes, so only another user shows them. With 0644 (or 0666) user nobody could read the queue"
    prun "${AS_NOBODY[@]}" "$ATTR" "$Q"
    [ "$status" -ne 0 ] || fail "user nobody could open $Q (mq_attr succeeded): mq_send -c must create the queue with mode 0600"
    assert_call_error mq_attr "mq_open: Permission denied"
    prun "${AS_NOBODY[@]}" "$SEND" "$Q" "intruder"
    assert_call_error mq_send "mq_open: Permission denied"
    prun -h "$NONBLOCK_HINT" "$RECEIVE" -a -u "$Q"
    assert_received
}

@test "mq_attr and mq_receive work on a queue they may only read (O_RDONLY)" {
    have_nobody "$ATTR" "$SEND" "$RECEIVE" || skip "needs root, setpriv, and programs that user nobody may run"
    # nobody creates the queue with umask 277: mode 0400, its owner may only read it.
    prun "${AS_NOBODY[@]}" bash -c 'umask 277; exec "$@"' _ "$SEND" -c "$Q" "read me" 5
    [ "$status" -eq 0 ] || fail "setting up the test: mq_send -c as user nobody failed: $stderr"
    because "mq_attr and mq_receive only read the queue: open it O_RDONLY. Root may open anything read-write, so only a user who may only read the queue shows O_RDWR"
    prun "${AS_NOBODY[@]}" "$ATTR" "$Q"
    [ "$status" -eq 0 ] || fail "mq_attr failed on a queue its user may only read: $stderr. mq_getattr needs only O_RDONLY"
    brun "${AS_NOBODY[@]}" "$RECEIVE" -n "$Q"
    [ "$status" -eq 0 ] || fail "mq_receive failed on a queue its user may only read: $stderr. Receiving needs only O_RDONLY"
    assert_stdout "priority 5: read me"
    "$IPCLAB_BIN/ipcname" remove mq "$Q"
}

@test "mq_receive and mq_send: waiting (empty queue, full queue) burns no CPU" {
    send -c "$Q" "first"
    prun "$RECEIVE" "$Q"
    assert_received
    start_bg r "$RECEIVE" "$Q"
    sleep 0.1
    assert_idle r 400 "mq_receive waiting on an empty queue"
    send "$Q" "worth the wait" 6
    wait_bg r "$WAIT_HINT"
    assert_success
    because "a blocking mq_receive waits in the kernel; a loop of O_NONBLOCK receives that retry on EAGAIN burns a CPU"
    STDOUT_FILE=$WORK/r.out assert_stdout "priority 6: worth the wait"
    prun "$ATTR" "$Q"
    maxmsg=$(sed -n 's/^maxmsg: //p' <<<"$output")
    for ((i = 1; i <= maxmsg; i++)); do send -n "$Q" "message $i"; done
    start_bg s "$SEND" "$Q" "patient" 5
    sleep 0.1
    assert_idle s 400 "mq_send waiting on a full queue"
    prun -h "$NONBLOCK_HINT" "$RECEIVE" -a -u "$Q"
    wait_bg s "mq_send is still waiting although the queue was emptied"
    assert_success
}

@test "mq_receive -u: an error right after opening still removes the queue" {
    have_strace || skip "strace cannot run here"
    send -c "$Q" "x"
    # mq_getattr is the system call mq_getsetattr: make it fail.
    prun strace -f -qq -o /dev/null -e inject=mq_getsetattr:error=EIO "$RECEIVE" -u "$Q"
    because "-u makes the queue this process's to remove from the moment mq_open succeeds: arm the removal (unlink_guard) right after mq_open, before anything else can fail"
    assert_call_error mq_receive "mq_getattr: Input/output error"
    queue_exists "$Q" && fail "mq_receive -u failed in mq_getattr and left $Q behind"
    true
}

# ---- usage errors --------------------------------------------------------------------

@test "mq_send: bad command lines are usage errors" {
    for args in "" "$Q" "-x $Q hi" "$Q hi 1 extra"; do
        # shellcheck disable=SC2086
        prun "$SEND" $args
        assert_usage_error mq_send
    done
}

# points: 2
@test "mq_send: a priority that is not 0..32767 is a usage error, and nothing is sent" {
    send -c "$Q" "marker" 0
    for prio in high -1 5x "" 32768 99999999999; do
        prun "$SEND" "$Q" "bad" "$prio"
        because "PRIORITY must be a number below MQ_PRIO_MAX (32768); '$prio' is not, so it is a usage error (exit 2), not a send with some other priority"
        assert_usage_error mq_send
    done
    prun -h "$NONBLOCK_HINT" "$RECEIVE" -a -u "$Q"
    assert_received
    assert_output "priority 0: marker"
}

@test "mq_receive and mq_attr: bad command lines are usage errors" {
    for args in "" "-x $Q" "$Q $Q"; do
        # shellcheck disable=SC2086
        prun "$RECEIVE" $args
        assert_usage_error mq_receive
    done
    for args in "" "$Q $Q"; do
        # shellcheck disable=SC2086
        prun "$ATTR" $args
        assert_usage_error mq_attr
    done
}

# ---- bad input and failures ----------------------------------------------------------------

@test "failures: mq_send, mq_receive and mq_attr answer -h and --help" {
    assert_help "$SEND"
    assert_help "$RECEIVE"
    assert_help "$ATTR"
}

@test "failures: NAME must be '/' and 1 to 255 characters, no other '/': a usage error in every program" {
    for bad in noslash //two /a/b / "/$(printf '%256s' | tr ' ' x)"; do
        because "labs 04 and 05 share one rule for IPC names; '${bad:0:20}' breaks it: usage error (exit 2), not mq_open's EINVAL"
        prun "$SEND" -c "$bad" hello
        assert_equal "$status" 2
        prun "$RECEIVE" -n "$bad"
        assert_equal "$status" 2
        prun "$ATTR" "$bad"
        assert_equal "$status" 2
    done
}

@test "failures: the longest legal name ('/' and 255 characters): send, attributes, receive -u removes it" {
    L=$(long_ipc_name q)
    prun "$SEND" -c "$L" hello 5
    assert_success
    prun "$ATTR" "$L"
    assert_success
    assert_line "curmsgs: 1"
    prun "$RECEIVE" -u "$L"
    because "mq_receive -u on the longest legal name receives the message and removes the queue (the cleanup guard holds any legal name)"
    assert_success
    assert_output "priority 5: hello"
    ! queue_exists "$L" || fail "the queue $L is still there"
}

# receive_signal SIG: mq_receive -u waits on an empty queue; SIG must remove it.
receive_signal() {
    local sig=$1
    prun "$SEND" -c "$Q" first
    prun "$RECEIVE" "$Q"
    start_bg r "$RECEIVE" -u "$Q"
    pid=$(prog_pid r) || fail "mq_receive ended at once: $(cat "$WORK/r.err")"
    wait_until "mq_receive never started waiting" eval 'grep -q "^State:.*S" /proc/$pid/status'
    kill "-$sig" "$pid"
    wait_bg_awake r
    because "mq_receive -u owns the queue's removal on every way out, SIG$sig included"
    assert_equal "$status" "$((128 + $(kill -l "$sig")))"
    ! queue_exists "$Q" || fail "SIG$sig left the queue $Q behind"
}

@test "failures: SIGHUP to a waiting mq_receive -u removes the queue" { receive_signal HUP; }
@test "failures: SIGQUIT to a waiting mq_receive -u removes the queue" { receive_signal QUIT; }

@test "failures: mq_receive's output failing (/dev/full, >&-) is reported, exit 1" {
    prun "$SEND" -c "$Q" one
    prun_full_stdout "$RECEIVE" "$Q"
    assert_call_error mq_receive "write: No space left on device"
    prun "$SEND" "$Q" two
    prun_closed_stdout "$RECEIVE" -u "$Q"
    assert_call_error mq_receive "write: Bad file descriptor"
    ! queue_exists "$Q" || fail "mq_receive -u must remove the queue on an error exit too"
}
