#!/usr/bin/env bats
# Lab 07 — UNIX domain sockets: us_server/us_client (stream), ud_server/ud_client
# (datagram), sockpair (socketpair), fd_pass (SCM_RIGHTS).
# Points: 1 per test unless a "# points: N" line precedes it (see tools/grading/grade).
#
# Socket files live in $SOCKET_DIR, a short directory of this test's own under
# /tmp (a socket path has at most 107 bytes, and the test's $WORK can be
# long); teardown fails a test that leaves a socket file there.
# A stream server is ready when its socket is LISTENING (/proc/net/unix), not
# when its file appears: bind() makes the file, listen() comes after.

load helpers/common

setup() {
    ipclab_setup 07-unix-sockets
    US_SERVER=$(prog us_server)
    US_CLIENT=$(prog us_client)
    UD_SERVER=$(prog ud_server)
    UD_CLIENT=$(prog ud_client)
    SOCKPAIR=$(prog sockpair)
    FD_PASS=$(prog fd_pass)
    SOCKET_DIR=$(mktemp -d /tmp/ipclab-07.XXXXXX)
    export SOCKET_DIR
    # (a run stopped before teardown leaves it to tools/ipc-cleanup)
    echo "$SOCKET_DIR" >>"$BATS_TEST_TMPDIR/dirs"
}
teardown() {
    exec 4>&- 2>/dev/null || true
    local st=0
    ipclab_teardown || st=$?
    rm -rf "$SOCKET_DIR"
    return "$st"
}

US_HINT="us_server or us_client did not finish. Usual causes: the client never closes its socket (the server's read() sees EOF only when the client's end is closed), the server reads from the listening socket instead of the one accept() returned, or the server does not go back to accept() after a client has finished."
UD_HINT="ud_client never got its answer. Usual causes: ud_client did not bind() an address of its own (the server's recvfrom() then gets no return address and cannot answer), the server answers to a wrong address (use exactly the address and length recvfrom() filled in), or the server is not bound to PATH."

# The state of PATH's socket in /proc/net/unix: "listening", "bound" (a socket
# has the address, nobody listens), or nothing.
socket_state() {
    awk -v p="$1" '$NF == p { st = ($4 == "00010000") ? "listening" : (st == "" ? "bound" : st) } END { print st }' /proc/net/unix
}

# await_listening JOB PATH: the stream server started as JOB listens at PATH (5 s at most).
await_listening() {
    local job=$1 path=$2 i state=""
    for ((i = 0; i < 250; i++)); do
        state=$(socket_state "$path")
        [ "$state" = listening ] && return 0
        if ! running "$job"; then
            wait_bg "$job"
            fail "the server ended (status $status) before it listened at $path. stderr: $stderr"
        fi
        sleep 0.02
    done
    [ "$state" = bound ] &&
        fail "after 5 s a socket is bound to $path but nobody listens on it: call listen() after bind(), before accept()"$'\n'"$(explain_bg "$job")"
    fail "after 5 s no socket is bound to $path: the server must create a socket (AF_UNIX, SOCK_STREAM) and bind() it to PATH"$'\n'"$(explain_bg "$job")"
}

# await_bound JOB PATH: the datagram server started as JOB has a socket bound to PATH.
await_bound() {
    local job=$1 path=$2 i
    for ((i = 0; i < 250; i++)); do
        [ -S "$path" ] && [ -n "$(socket_state "$path")" ] && return 0
        if ! running "$job"; then
            wait_bg "$job"
            fail "the server ended (status $status) before it bound $path. stderr: $stderr"
        fi
        sleep 0.02
    done
    fail "after 5 s no socket is bound to $path: ud_server must create a socket (AF_UNIX, SOCK_DGRAM) and bind() it to PATH"$'\n'"$(explain_bg "$job")"
}

# stop_server JOB SIG: send SIG to the server, wait for it; $status is its status.
stop_server() {
    local pid
    pid=$(prog_pid "$1") || { wait_bg "$1"; fail "the server had already ended (status $status): $stderr"; }
    kill "-$2" "$pid"
    wait_bg "$1"
}

# A socket file with nobody behind it: a server that was killed leaves one.
stale_socket() {
    python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX, getattr(socket, sys.argv[2])).bind(sys.argv[1])' "$1" "$2"
    fixture "$1"
}

# assert_success, saying what the program said when it failed.
assert_ok() {
    [ "$status" -eq 0 ] || fail "exit status $status, expected 0. stderr: ${stderr:-nothing}"
}

have_python() { command -v python3 >/dev/null || skip "python3 is missing"; }

# dgram_send PATH HEX_OR_SIZE... — send raw datagrams to PATH from python,
# bound to an abstract address (or unbound with --unbound), and print each
# answer's length and text, one a line ("5 HELLO"); "none" after 2 s of silence.
dgram_py='
import socket, sys, os
args = sys.argv[1:]
bound = args[0] != "--unbound"
if not bound: args = args[1:]
path, msgs = args[0], args[1:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
if bound: s.bind("\0ipclab-test-%d" % os.getpid())
s.settimeout(2)
for m in msgs:
    data = b"x" * int(m[1:]) if m.startswith("#") else m.encode()
    s.sendto(data, path)
    if not bound: continue
    try:
        r = s.recv(70000)
        print(len(r), r.decode(errors="replace")[:40])
    except socket.timeout:
        print("none")
'

# ---- us_server and us_client: a stream, byte for byte ----------------------------------

@test "us: a client's text arrives on the server's stdout, byte for byte; -n 1 then ends the server and removes PATH" {
    local s=$SOCKET_DIR/s
    printf 'hello over a socket\nsecond line\n' >"$WORK/in"
    start_bg srv "$US_SERVER" -n 1 "$s"
    await_listening srv "$s"
    because "us_client copies stdin into the socket; us_server copies what it reads from the accepted connection to stdout, unchanged"
    prun -h "$US_HINT" -i "$WORK/in" "$US_CLIENT" "$s"
    assert_ok
    assert_equal "$output" ""
    wait_bg srv "$US_HINT"
    because "after -n 1 clients the server exits 0 and unlinks the socket file it bound"
    assert_ok
    assert_same_bytes "$WORK/in" "$WORK/srv.out" "the server's stdout"
    [ ! -e "$s" ] || fail "us_server exited and left its socket file $s behind: unlink(PATH) on the way out"
}

# points: 3
@test "us: 0 bytes, 1 byte and 3 MB of random bytes, three clients one after another (-n 3)" {
    local s=$SOCKET_DIR/s
    : >"$WORK/empty"
    printf 'x' >"$WORK/one"
    head -c 3000000 /dev/urandom >"$WORK/big"
    start_bg srv "$US_SERVER" -n 3 "$s"
    await_listening srv "$s"
    for f in empty one big; do
        prun -h "$US_HINT" -i "$WORK/$f" "$US_CLIENT" "$s"
        because "any size is a valid input, 0 bytes included; write() into a socket may take less than asked: loop"
        assert_ok
    done
    wait_bg srv "$US_HINT"
    assert_ok
    cat "$WORK/empty" "$WORK/one" "$WORK/big" >"$WORK/expected"
    because "each client's bytes, complete and in the order the clients came; read() until it returns 0, then close the connection and accept() the next"
    assert_same_bytes "$WORK/expected" "$WORK/srv.out" "the server's stdout"
}

# points: 2
@test "us: input that reaches the client in pieces, with pauses, arrives whole" {
    local s=$SOCKET_DIR/s
    head -c 30000 /dev/urandom >"$WORK/in"
    start_bg srv "$US_SERVER" -n 1 "$s"
    await_listening srv "$s"
    trun -h "$US_HINT" 4000 20 "$WORK/in" "$US_CLIENT" "$s"
    because "read() from a pipe returns what is there (here 4000 bytes at a time): a client that reads once, or a server that reads once per client, loses the rest"
    assert_ok
    wait_bg srv "$US_HINT"
    assert_ok
    assert_same_bytes "$WORK/in" "$WORK/srv.out" "the server's stdout"
}

# points: 2
@test "us_server: one client at a time: a client that pauses is read to its end before the next one" {
    local s=$SOCKET_DIR/s
    start_bg srv "$US_SERVER" -n 2 "$s"
    await_listening srv "$s"
    fifo_bytes "$WORK/slow"
    start_bg a -i "$WORK/slow" "$US_CLIENT" "$s"
    exec 4>"$WORK/slow"
    printf 'first half of A, ' >&4
    wait_until "the server never printed client A's first bytes: it must accept() and copy as the bytes come" \
        grep -q 'first half' "$WORK/srv.out"
    printf 'B sends this\n' >"$WORK/b.in"
    start_bg b -i "$WORK/b.in" "$US_CLIENT" "$s"
    sleep 0.2
    printf 'second half of A\n' >&4
    exec 4>&-
    wait_bg a "$US_HINT"
    because "client A paused and then sent more: the server must keep reading A's connection until read() returns 0 (A closed), not stop after one read()"
    assert_ok
    wait_bg b "$US_HINT"
    assert_ok
    wait_bg srv "$US_HINT"
    assert_ok
    STDOUT_FILE=$WORK/srv.out assert_stdout "first half of A, second half of A" "B sends this"
}

@test "us_server: every accepted connection is closed (no fd left open per client)" {
    local s=$SOCKET_DIR/s pid n
    start_bg srv "$US_SERVER" "$s"
    await_listening srv "$s"
    for i in 1 2 3 4 5; do
        echo "client $i" >"$WORK/in"
        prun -h "$US_HINT" -i "$WORK/in" "$US_CLIENT" "$s"
        assert_ok
    done
    wait_until "the server never printed the 5th client's line" grep -q 'client 5' "$WORK/srv.out"
    pid=$(prog_pid srv) || fail "us_server ended: $(cat "$WORK/srv.err")"
    n=$(find "/proc/$pid/fd" -lname 'socket:*' 2>/dev/null | wc -l)
    because "a connection returned by accept() is a new fd: close it when its client is done, or every client costs one fd until the server runs out"
    [ "$n" -eq 1 ] || fail "after 5 clients us_server has $n sockets open; only the listening one should be left: close() each connection after its client has finished"
    stop_server srv TERM
    assert_equal "$(cat "$WORK/srv.out")" "$(printf 'client %s\n' 1 2 3 4 5)"
}

# points: 2
@test "us_server: waiting for a client, and for a silent client's bytes, burns no CPU" {
    local s=$SOCKET_DIR/s
    # Two short runs (each program has only the harness's time limit to live).
    start_bg srv "$US_SERVER" -n 1 "$s"
    await_listening srv "$s"
    assert_idle srv 300 "us_server waiting in accept()"
    prun -h "$US_HINT" "$US_CLIENT" "$s"
    assert_ok
    wait_bg srv "$US_HINT"
    assert_ok
    with_limit $((IPCLAB_TIMEOUT * 2)) start_bg srv "$US_SERVER" -n 1 "$s"
    await_listening srv "$s"
    fifo_bytes "$WORK/quiet"
    with_limit $((IPCLAB_TIMEOUT * 2)) start_bg c -i "$WORK/quiet" "$US_CLIENT" "$s"
    exec 4>"$WORK/quiet"
    sleep 0.1
    assert_idle srv,c 300 "us_server and us_client with a connection and no bytes to send"
    printf 'at last\n' >&4
    exec 4>&-
    wait_bg c "$US_HINT"
    wait_bg srv "$US_HINT"
    because "a server blocks in accept() and read(); it never polls a non-blocking socket in a loop"
    assert_ok
    STDOUT_FILE=$WORK/srv.out assert_stdout "at last"
}

# Signals: each removes PATH. $1: the server program, $2: await function.
signal_removes_path() {
    local server=$1 await=$2 sig s=$SOCKET_DIR/sig
    for sig in TERM INT HUP QUIT; do
        start_bg srv "$server" "$s"
        "$await" srv "$s"
        stop_server srv "$sig"
        because "the server unlinks PATH on every way out, SIG$sig included (ipclab::on_exit_remove_names and an unlink_guard armed right after bind)"
        assert_equal "$status" "$((128 + $(kill -l "$sig")))"
        [ ! -e "$s" ] || fail "$(basename "$server") was stopped by SIG$sig and left $s behind"
    done
}

@test "us_server: SIGTERM, SIGINT, SIGHUP and SIGQUIT remove PATH" {
    signal_removes_path "$US_SERVER" await_listening
}

@test "ud_server: SIGTERM, SIGINT, SIGHUP and SIGQUIT remove PATH" {
    signal_removes_path "$UD_SERVER" await_bound
}

# A stale socket is replaced. $1: server, $2: await, $3: socket type, $4...: how to use it.
@test "us_server: a stale socket file at PATH (its server was killed) is replaced" {
    have_python
    local s=$SOCKET_DIR/stale
    stale_socket "$s" SOCK_STREAM
    start_bg srv "$US_SERVER" -n 1 "$s"
    await_listening srv "$s"
    echo "after the stale one" >"$WORK/in"
    prun -h "$US_HINT" -i "$WORK/in" "$US_CLIENT" "$s"
    assert_ok
    wait_bg srv "$US_HINT"
    because "bind() fails with EADDRINUSE on any existing file; a socket file nobody is bound to is stale and may be removed first"
    assert_ok
    assert_same_bytes "$WORK/in" "$WORK/srv.out" "the server's stdout"
}

@test "ud_server: a stale socket file at PATH is replaced" {
    have_python
    local s=$SOCKET_DIR/stale
    stale_socket "$s" SOCK_DGRAM
    start_bg srv "$UD_SERVER" -n 1 "$s"
    await_bound srv "$s"
    prun -h "$UD_HINT" "$UD_CLIENT" "$s" "fresh"
    assert_ok
    assert_equal "$output" "response 1: FRESH"
    wait_bg srv "$UD_HINT"
    assert_ok
}

# not_a_socket SERVER: a regular file at PATH is refused and kept.
not_a_socket() {
    local name s=$SOCKET_DIR/notes
    name=$(basename "$1")
    printf 'my notes\n' >"$s"
    fixture "$s"
    prun "$1" "$s"
    because "a server never deletes a file that is not a socket: it may be somebody's data"
    assert_equal "$status" 1
    assert_equal "$stderr" "$name: $s: exists and is not a socket"
    assert_equal "$(cat "$s")" "my notes"
}

@test "us_server: a regular file at PATH is refused, and kept" { not_a_socket "$US_SERVER"; }
@test "ud_server: a regular file at PATH is refused, and kept" { not_a_socket "$UD_SERVER"; }

@test "us_server: a PATH that a running server is using is refused, and that server goes on" {
    local s=$SOCKET_DIR/s
    start_bg srv "$US_SERVER" "$s"
    await_listening srv "$s"
    prun "$US_SERVER" "$s"
    because "only a stale socket may be replaced: a live server's socket answers connect()"
    assert_equal "$status" 1
    assert_equal "$stderr" "us_server: $s: a server is using it"
    echo "still served" >"$WORK/in"
    prun -h "$US_HINT" -i "$WORK/in" "$US_CLIENT" "$s"
    assert_ok
    wait_until "the first server never printed the client's line" grep -q 'still served' "$WORK/srv.out"
    stop_server srv TERM
}

@test "us_client: nobody at PATH is 'connect: No such file or directory'; a stale socket is 'Connection refused'" {
    have_python
    prun "$US_CLIENT" "$SOCKET_DIR/nobody"
    because "connect() fails when no socket file is there (ENOENT), or nobody is bound to it (ECONNREFUSED): say so, exit 1"
    assert_call_error us_client "connect: No such file or directory"
    stale_socket "$SOCKET_DIR/stale" SOCK_STREAM
    prun "$US_CLIENT" "$SOCKET_DIR/stale"
    assert_call_error us_client "connect: Connection refused"
}

# points: 2
@test "us_client: the server goes away in the middle: 'write: Broken pipe', exit 1" {
    local s=$SOCKET_DIR/s
    start_bg srv "$US_SERVER" "$s"
    await_listening srv "$s"
    fifo_bytes "$WORK/feed"
    start_bg c -i "$WORK/feed" "$US_CLIENT" "$s"
    exec 4>"$WORK/feed"
    printf 'some bytes\n' >&4
    wait_until "the server never printed the first bytes" grep -q 'some bytes' "$WORK/srv.out"
    stop_server srv TERM
    [ ! -e "$s" ] || fail "us_server was stopped by SIGTERM and left $s behind"
    # The client's next write() goes to a connection nobody reads any more.
    (printf 'more bytes\n' >&4) 2>/dev/null || true
    exec 4>&-
    wait_bg c "$US_HINT"
    because "write() into a connection whose server has gone fails with EPIPE (SIGPIPE ignored): the client says so and exits 1"
    assert_call_error us_client "write: Broken pipe"
}

@test "us_server: output that cannot be written is an error, exit 1, PATH removed" {
    local s=$SOCKET_DIR/s
    start_bg srv bash -c 'exec "$@" >/dev/full' _ "$US_SERVER" -n 1 "$s"
    await_listening srv "$s"
    echo "nowhere to go" >"$WORK/in"
    prun -i "$WORK/in" "$US_CLIENT" "$s"
    wait_bg srv "$US_HINT"
    because "a server that cannot write what it received must say so, exit 1, and still remove PATH"
    assert_call_error us_server "write: No space left on device"
    [ ! -e "$s" ] || fail "us_server exited with an error and left $s behind"
}

@test "us_client: a closed stdin is 'read: Bad file descriptor', exit 1" {
    local s=$SOCKET_DIR/s
    start_bg srv "$US_SERVER" -n 1 "$s"
    await_listening srv "$s"
    prun_closed_stdin "$US_CLIENT" "$s"
    assert_call_error us_client "read: Bad file descriptor"
    wait_bg srv "$US_HINT"
    assert_ok
}

@test "us: a socket path of 107 bytes works; 108 bytes is refused, not cut" {
    local base=$SOCKET_DIR/ p107 p108
    p107=$base$(printf '%*s' $((107 - ${#base})) '' | tr ' ' p)
    p108=${p107}q
    start_bg srv "$US_SERVER" -n 1 "$p107"
    await_listening srv "$p107"
    echo "long path" >"$WORK/in"
    prun -h "$US_HINT" -i "$WORK/in" "$US_CLIENT" "$p107"
    assert_ok
    wait_bg srv "$US_HINT"
    assert_ok
    assert_same_bytes "$WORK/in" "$WORK/srv.out" "the server's stdout"
    because "sun_path holds 108 bytes with the terminating '\\0': a longer path would be cut (and bound elsewhere), so it is refused"
    for p in "$US_SERVER" "$US_CLIENT" "$UD_SERVER"; do
        prun "$p" "$p108"
        assert_equal "$status" 1
        assert_equal "$stderr" "$(basename "$p"): $p108: longer than 107 bytes: too long for a UNIX socket address"
    done
    [ ! -e "$p108" ] && [ ! -e "${p108:0:107}" ] || fail "a socket file was made for the 108-byte path"
}

# ---- ud_server and ud_client: datagrams -------------------------------------------------

# points: 2
@test "ud: each message is answered in upper case: 'response I: ANSWER', in order; -n ends the server" {
    local s=$SOCKET_DIR/d
    start_bg srv "$UD_SERVER" -n 4 "$s"
    await_bound srv "$s"
    brun -h "$UD_HINT" "$UD_CLIENT" "$s" "hello" "Hi there, 42!" "" "straße é"
    because "each MSG goes as one datagram; its answer is the same bytes with ASCII letters in upper case (other bytes kept), printed as 'response I: ANSWER'; an empty message is a datagram too"
    assert_ok
    assert_stdout "response 1: HELLO" "response 2: HI THERE, 42!" "response 3: " "response 4: STRAßE é"
    wait_bg srv "$UD_HINT"
    because "after -n 4 answers the server exits 0 and removes PATH"
    assert_ok
    [ ! -e "$s" ] || fail "ud_server exited and left $s behind"
}

# points: 2
@test "ud: message boundaries are kept: a message with newlines and spaces is one datagram and one answer" {
    local s=$SOCKET_DIR/d
    have_strace || skip "strace cannot run here"
    start_bg srv "$UD_SERVER" -n 3 "$s"
    await_bound srv "$s"
    brun -h "$UD_HINT" strace -qq -e trace=sendto,sendmsg,write -o "$WORK/trace" "$UD_CLIENT" "$s" $'line one\nline two' "a  b" "c"
    assert_ok
    assert_stdout "response 1: LINE ONE" "LINE TWO" "response 2: A  B" "response 3: C"
    because "each MSG is sent with ONE sendto(): a datagram arrives whole, as one message, or not at all"
    sends=$(grep -cE '^(sendto|sendmsg)\(' "$WORK/trace" || true)
    [ "$sends" -eq 3 ] || fail "expected 3 sendto() calls, one per message; got $sends: $(grep -E '^send' "$WORK/trace" | head -n 5)"
    grep -qF 'sendto(3, "line one\nline two", 17,' "$WORK/trace" || grep -qF '"line one\nline two", 17' "$WORK/trace" ||
        fail "the first message was not sent whole in one call: $(grep -E '^send' "$WORK/trace" | head -n 3)"
    wait_bg srv "$UD_HINT"
    assert_ok
}

# points: 2
@test "ud: datagrams from several clients waiting at once each get their own answer" {
    local s=$SOCKET_DIR/d pid c
    start_bg srv "$UD_SERVER" "$s"
    await_bound srv "$s"
    pid=$(prog_pid srv) || fail "ud_server ended: $(cat "$WORK/srv.err")"
    # Stopped, the server reads nothing: the clients' datagrams wait in its
    # queue, and it answers them all in a row when it runs again.
    kill -STOP "$pid"
    for c in 1 2 3 4 5 6; do start_bg "c$c" "$UD_CLIENT" "$s" "client $c first" "client $c second"; done
    sleep 0.3
    kill -CONT "$pid"
    for c in 1 2 3 4 5 6; do
        wait_bg "c$c" "$UD_HINT"
        because "each answer goes to the address recvfrom() returned with ITS datagram: a server that keeps one client's address answers the wrong client"
        assert_ok
        STDOUT_FILE=$WORK/c$c.out assert_stdout "response 1: CLIENT $c FIRST" "response 2: CLIENT $c SECOND"
    done
    stop_server srv TERM
}

# points: 2
@test "ud: six clients at once, twelve messages each, every answer to its sender" {
    local s=$SOCKET_DIR/d c i
    start_bg srv "$UD_SERVER" -n 72 "$s"
    await_bound srv "$s"
    for c in $(seq 6); do
        start_bg "c$c" "$UD_CLIENT" "$s" $(for i in $(seq 12); do echo "c${c}m$i"; done)
    done
    for c in $(seq 6); do
        wait_bg "c$c" "$UD_HINT"
        [ "$status" -eq 0 ] || fail "client $c exited with status $status: $stderr"
        for i in $(seq 12); do echo "response $i: C${c}M$i"; done >"$WORK/expected"
        because "one datagram in, one datagram out, to the sender's address: no answer lost, duplicated or sent to another client"
        assert_same_bytes "$WORK/expected" "$WORK/c$c.out" "client $c's stdout"
    done
    wait_bg srv "$UD_HINT"
    assert_ok
}

# points: 2
@test "ud: a 4096-byte message is answered whole; 4097 bytes is refused by the client before anything is sent" {
    local s=$SOCKET_DIR/d m4096 m4097
    m4096=$(head -c 4096 /dev/zero | tr '\0' 'k')
    m4097=${m4096}k
    start_bg srv "$UD_SERVER" -n 1 "$s"
    await_bound srv "$s"
    prun "$UD_CLIENT" "$s" short "$m4097"
    because "a message that does not fit in the server's 4096-byte buffer would not be answered: ud_client refuses it, and sends nothing at all"
    assert_equal "$status" 1
    assert_equal "$stderr" "ud_client: message 2 has 4097 bytes, more than 4096"
    brun -h "$UD_HINT" "$UD_CLIENT" "$s" "$m4096"
    because "the server's buffer holds 4096 bytes: a message of exactly that size comes back whole (a smaller buffer cuts it)"
    assert_ok
    { printf 'response 1: '; head -c 4096 /dev/zero | tr '\0' 'K'; echo; } >"$WORK/expected"
    assert_same_bytes "$WORK/expected" "$WORK/stdout"
    wait_bg srv "$UD_HINT"
    assert_ok
}

# points: 2
@test "ud_server: a datagram longer than its buffer is reported, not cut, and the server goes on" {
    have_python
    local s=$SOCKET_DIR/d
    start_bg srv "$UD_SERVER" -n 1 "$s"
    await_bound srv "$s"
    prun python3 -c "$dgram_py" "$s" "#5000" "after"
    because "recvfrom() cuts a datagram to the buffer and says nothing, unless asked (MSG_TRUNC returns its real length): a cut message must not be answered as if it were whole"
    assert_ok
    assert_equal "$output" "$(printf 'none\n5 AFTER')"
    wait_bg srv "$UD_HINT"
    assert_ok
    assert_equal "$stderr" "ud_server: a datagram of 5000 bytes is longer than 4096: dropped"
}

@test "ud_server: a datagram without a return address is reported, and the server goes on" {
    have_python
    local s=$SOCKET_DIR/d
    start_bg srv "$UD_SERVER" -n 1 "$s"
    await_bound srv "$s"
    prun python3 -c "$dgram_py" --unbound "$s" "anonymous"
    assert_ok
    prun -h "$UD_HINT" "$UD_CLIENT" "$s" "named"
    assert_ok
    assert_equal "$output" "response 1: NAMED"
    wait_bg srv "$UD_HINT"
    because "a sender that never bound its socket has no address: sendto() cannot reach it. The server says so and serves the next one"
    assert_ok
    assert_equal "$stderr" "ud_server: a datagram of 9 bytes came without a return address: not answered"
}

@test "ud_server: a client that is gone before its answer does not stop the server" {
    local s=$SOCKET_DIR/d pid
    start_bg srv "$UD_SERVER" -n 1 "$s"
    await_bound srv "$s"
    pid=$(prog_pid srv) || fail "ud_server ended: $(cat "$WORK/srv.err")"
    kill -STOP "$pid"
    start_bg gone "$UD_CLIENT" "$s" "lost"
    sleep 0.2
    kill -TERM "$(prog_pid gone)"
    wait_bg gone
    kill -CONT "$pid"
    prun -h "$UD_HINT" "$UD_CLIENT" "$s" "next"
    assert_ok
    assert_equal "$output" "response 1: NEXT"
    wait_bg srv "$UD_HINT"
    because "sendto() to a client that has ended fails (ECONNREFUSED): that is the client's end, not the server's"
    assert_ok
    assert_equal "$stderr" "ud_server: the sender of a datagram of 4 bytes is gone: not answered"
}

@test "ud_server: waiting for a datagram burns no CPU" {
    local s=$SOCKET_DIR/d
    start_bg srv "$UD_SERVER" -n 1 "$s"
    await_bound srv "$s"
    assert_idle srv 400 "ud_server waiting in recvfrom()"
    prun -h "$UD_HINT" "$UD_CLIENT" "$s" "wake up"
    assert_ok
    wait_bg srv "$UD_HINT"
    assert_ok
}

@test "ud_client: no server at PATH is 'sendto: No such file or directory'; a stale socket is 'Connection refused'" {
    have_python
    prun "$UD_CLIENT" "$SOCKET_DIR/nobody" hello
    because "sendto() fails when no socket is bound at PATH: say so, exit 1, print nothing"
    assert_call_error ud_client "sendto: No such file or directory"
    assert_equal "$output" ""
    stale_socket "$SOCKET_DIR/stale" SOCK_DGRAM
    prun "$UD_CLIENT" "$SOCKET_DIR/stale" hello
    assert_call_error ud_client "sendto: Connection refused"
}

@test "ud_client: output that cannot be written is an error, exit 1" {
    local s=$SOCKET_DIR/d
    start_bg srv "$UD_SERVER" -n 1 "$s"
    await_bound srv "$s"
    prun_full_stdout "$UD_CLIENT" "$s" hello
    assert_call_error ud_client "write: No space left on device"
    wait_bg srv "$UD_HINT"
    assert_ok
}

# ---- sockpair -----------------------------------------------------------------------------

SOCKPAIR_HINT="sockpair did not finish. Usual causes: the child reads until EOF, but the parent never ends its sending direction (shutdown(fd, SHUT_WR); close() would end reading too), or a process still holds the other socket of the pair (each must close the one it does not use)."

@test "sockpair: the parent sends hello, the child answers HELLO on the same socket" {
    brun -h "$SOCKPAIR_HINT" "$SOCKPAIR"
    because "with no argument the message is 'hello'; the child's answer comes back over the same socket: 'parent received: HELLO'"
    assert_ok
    assert_stdout "parent received: HELLO"
}

# points: 2
@test "sockpair: any message, empty or 130000 bytes long, comes back in upper case" {
    brun -h "$SOCKPAIR_HINT" "$SOCKPAIR" "Mixed Case, digits 123 and ß"
    assert_ok
    assert_stdout "parent received: MIXED CASE, DIGITS 123 AND ß"
    brun -h "$SOCKPAIR_HINT" "$SOCKPAIR" ""
    because "an empty message is a valid one: the child reads EOF at once and answers nothing"
    assert_ok
    assert_stdout "parent received: "
    local big
    big=$(head -c 130000 /dev/zero | tr '\0' 'q')
    brun -h "$SOCKPAIR_HINT" "$SOCKPAIR" "$big"
    because "a long message arrives in several read()s each way: read until EOF, write all of it"
    assert_ok
    { printf 'parent received: '; head -c 130000 /dev/zero | tr '\0' 'Q'; echo; } >"$WORK/expected"
    assert_same_bytes "$WORK/expected" "$WORK/stdout"
}

@test "sockpair: one socketpair carries both directions (no pipe), the parent half-closes with shutdown" {
    have_strace || skip "strace cannot run here"
    prun -h "$SOCKPAIR_HINT" strace -f -qq -e trace=socketpair,pipe,pipe2,shutdown -o "$WORK/trace" "$SOCKPAIR" bidi
    assert_ok
    because "a socket pair is bidirectional: one socketpair() is the whole channel, both ways"
    assert_equal "$(grep -c 'socketpair(' "$WORK/trace")" 1
    ! grep -qE 'pipe2?\(' "$WORK/trace" || fail "sockpair made a pipe: the answer must travel back over the socket pair"
    grep -qE 'shutdown\([0-9]+, SHUT_WR' "$WORK/trace" ||
        fail "the parent never called shutdown(fd, SHUT_WR): that is how the child learns the message has ended while the parent can still read"
    grep -qx 'parent received: BIDI' <<<"$output" || fail "expected 'parent received: BIDI', got: $output"
}

@test "sockpair: output that cannot be written is an error, exit 1" {
    prun_full_stdout "$SOCKPAIR" hi
    assert_call_error sockpair "write: No space left on device"
}

# ---- fd_pass --------------------------------------------------------------------------------

FD_PASS_HINT="fd_pass did not finish. Usual causes: the child waits in recvmsg() for a message the parent never sends, or the parent waits for a child that waits for the parent."

# points: 2
@test "fd_pass: the child copies the file it received to stdout, byte for byte (text, empty, 3 MB binary)" {
    printf 'passed by descriptor\nline two\n' >"$WORK/text"
    : >"$WORK/empty"
    head -c 3000000 /dev/urandom >"$WORK/big"
    for f in text empty big; do
        brun -h "$FD_PASS_HINT" "$FD_PASS" "$WORK/$f"
        because "the child reads the file through the descriptor it received until read() returns 0, and writes every byte"
        assert_ok
        assert_same_bytes "$WORK/$f" "$WORK/stdout"
    done
}

# points: 3
@test "fd_pass: the child never opens FILE: it reads through the descriptor the parent sent (SCM_RIGHTS)" {
    have_strace || skip "strace cannot run here"
    local file=$WORK/secret.txt parent child
    printf 'only the parent opens me\n' >"$file"
    brun -h "$FD_PASS_HINT" strace -f -qq -e trace=openat,open,clone,clone3,fork,vfork,sendmsg,recvmsg,read -o "$WORK/trace" "$FD_PASS" "$file"
    assert_ok
    assert_same_bytes "$file" "$WORK/stdout"
    parent=$(awk 'NR == 1 { print $1 }' "$WORK/trace")
    # strace -f splits a call that another process interrupts into
    # "NAME(args <unfinished ...>" and "<... NAME resumed>rest) = RESULT".
    child=$(grep -E '^[0-9]+ +((clone|clone3|fork|vfork)\(|<\.\.\. (clone|clone3|fork|vfork) resumed>)' "$WORK/trace" |
        grep -oE '= [0-9]+$' | head -n 1 | tr -dc 0-9)
    [ -n "$child" ] || fail "no fork() in the trace: fd_pass must fork a child"
    because "the point of SCM_RIGHTS: a process gets an open file without opening it. The parent forks first (so the child inherits nothing), then opens FILE and sends the fd"
    grep -E "^$child +(openat|open)\(.*$file" "$WORK/trace" &&
        fail "the child opened $file itself: it must use the descriptor it receives with recvmsg()"
    local opened forked
    opened=$(grep -nE "^$parent +(openat|open)\(.*$file" "$WORK/trace" | head -n 1 | cut -d: -f1)
    forked=$(grep -nE "^$parent +(clone|clone3|fork|vfork)\(" "$WORK/trace" | head -n 1 | cut -d: -f1)
    [ -n "$opened" ] || fail "the parent never opened $file"
    [ "$opened" -gt "$forked" ] ||
        fail "the parent opened $file before fork(): the child then inherits the descriptor and nothing is passed. Fork first, then open and send"
    grep -qE "^$parent +sendmsg\(.*SCM_RIGHTS" "$WORK/trace" || fail "the parent never sent a control message of type SCM_RIGHTS with sendmsg()"
    grep -qE "^$child +(recvmsg\(|<\.\.\. recvmsg resumed>).*SCM_RIGHTS" "$WORK/trace" || fail "the child never received a descriptor (SCM_RIGHTS) with recvmsg()"
}

@test "fd_pass: a FILE that does not exist is 'open: No such file or directory', exit 1, no output" {
    brun -h "$FD_PASS_HINT" "$FD_PASS" "$WORK/missing"
    because "the parent's open() fails: it says so, still ends and waits for its child (which gets no descriptor), and exits 1"
    assert_call_error fd_pass "open: No such file or directory"
    assert_stdout
}

@test "fd_pass: a file the user may not read is 'open: Permission denied' (as nobody)" {
    have_nobody "$FD_PASS" || skip "cannot run as user nobody here"
    printf 'private\n' >"$WORK/private"
    chmod 600 "$WORK/private"
    chmod 755 "$WORK" "$BATS_TEST_TMPDIR"
    prun "${AS_NOBODY[@]}" "$FD_PASS" "$WORK/private"
    because "the descriptor is opened with the parent's rights: nobody may not read a 0600 file of root's"
    assert_call_error fd_pass "open: Permission denied"
    assert_equal "$output" ""
}

@test "fd_pass: a directory opens but does not read: 'read: Is a directory', exit 1" {
    mkdir "$WORK/dir"
    prun -h "$FD_PASS_HINT" "$FD_PASS" "$WORK/dir"
    because "the child's read() fails (EISDIR): it says so and exits 1; the parent exits 1 too, without a second message"
    assert_call_error fd_pass "read: Is a directory"
    assert_equal "$(grep -c . <<<"$stderr")" 1
}

@test "fd_pass: output that cannot be written is an error, exit 1" {
    printf 'data\n' >"$WORK/f"
    prun_full_stdout "$FD_PASS" "$WORK/f"
    assert_call_error fd_pass "write: No space left on device"
}

# ---- bad input and failures ---------------------------------------------------------------

@test "failures: every program answers -h and --help" {
    cd "$SOCKET_DIR"
    for p in "$US_SERVER" "$US_CLIENT" "$UD_SERVER" "$UD_CLIENT" "$SOCKPAIR" "$FD_PASS"; do assert_help "$p"; done
    [ ! -e "$SOCKET_DIR/-h" ] && [ ! -e "$SOCKET_DIR/--help" ] || fail "a socket named -h or --help was made"
}

@test "failures: bad command lines are usage errors" {
    local s=$SOCKET_DIR/s args
    for args in "" "-n" "-n 2" "-n 0 $s" "-n x $s" "-n -1 $s" "-x $s" "$s $s"; do
        # shellcheck disable=SC2086
        prun "$US_SERVER" $args
        assert_usage_error us_server
        # shellcheck disable=SC2086
        prun "$UD_SERVER" $args
        assert_usage_error ud_server
    done
    for args in "" "$s $s" "-x"; do
        # shellcheck disable=SC2086
        prun "$US_CLIENT" $args
        assert_usage_error us_client
    done
    for args in "" "$s"; do
        # shellcheck disable=SC2086
        prun "$UD_CLIENT" $args
        assert_usage_error ud_client
    done
    prun "$SOCKPAIR" one two
    assert_usage_error sockpair
    prun "$FD_PASS"
    assert_usage_error fd_pass
    prun "$FD_PASS" "$WORK/a" "$WORK/b"
    assert_usage_error fd_pass
    [ -z "$(ls -A "$SOCKET_DIR")" ] || fail "a usage error made a file: $(ls -A "$SOCKET_DIR")"
}
