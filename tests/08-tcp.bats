#!/usr/bin/env bats
# Lab 08 — TCP: the lecture's date server (a child per client), its client,
# and an echo server that serves many clients in one process with poll().
# Points: 1 per test unless a "# points: N" line precedes it (see tools/grading/grade).
#
# Network safety: only 127.0.0.1 and ::1, and never a fixed port. Every server
# is started with -p 0 (the kernel picks a free port) and the test reads the
# port from its "listening on ADDR:PORT" line, so parallel runs never collide.
# The other end of a connection, where a test needs one it controls, is
# tests/helpers/tcp_peer.py (every socket there gives up after 20 s).

load helpers/common

setup() {
    ipclab_setup 08-tcp
    DSERVER=$(prog date_server)
    DCLIENT=$(prog date_client)
    ESERVER=$(prog echo_server)
    PEER=(python3 "$IPCLAB_ROOT/tests/helpers/tcp_peer.py")
    # The earliest time a date line of this test may show.
    SINCE=$(now_s)
}
teardown() { ipclab_teardown; }

LISTEN_HINT="print 'listening on ADDR:PORT' (the port getsockname() reports: with -p 0 the kernel picks it) and fflush(stdout) right after listen(), before the first accept()"
SERVE_HINT="a client waited for the server. Usual causes: the server never accept()s (or waits for something else first); the parent keeps its copy of the connection open, so the client never sees the end of it; echo_server blocks in read() or write() on one client while the others wait (every socket must be non-blocking, and only poll() may wait)."
CLIENT_HINT="date_client must connect, then read() until it returns 0 (the server closed the connection), writing everything to stdout."

# server_bg NAME PROG ARGS...: start_bg for a server. A server lives through
# the whole test, while its clients come and go: its time limit is six times
# a client's (a test that hangs still ends: the clients' limit stops it).
server_bg() {
    with_limit $((IPCLAB_TIMEOUT * 6)) start_bg "$@"
}

# long_prun ARGS...: prun for the test's own TCP peer (tcp_peer.py), with a
# longer limit: Python takes a while to start on a loaded machine, and some
# runs move megabytes or a hundred connections. Its "many" runs two threads a
# client, 200 at once on a loaded machine: the cap of 64 processes and
# threads (IPCLAB_MAX_PROCS) is for the programs under test, not for it.
long_prun() {
    IPCLAB_MAX_PROCS=512 with_limit $((IPCLAB_TIMEOUT * 3)) prun "$@"
}

# start_server NAME PROG ARGS...: PROG -p 0 ARGS in the background; waits (up
# to 5 s) for its "listening on ADDR:PORT" line and sets PORT and ADDR from it.
start_server() {
    local name=$1 prog=$2
    shift 2
    server_bg "$name" "$prog" -p 0 "$@"
    await_listening "$name"
}

await_listening() {
    local name=$1 i line
    for ((i = 0; i < 250; i++)); do
        # A whole line (with its newline), not one still being written.
        if [ "$(wc -l <"$WORK/$name.out")" -ge 1 ]; then
            line=$(head -n 1 "$WORK/$name.out")
            [[ "$line" =~ ^listening\ on\ (.+):([0-9]+)$ ]] ||
                fail "the first line of $name should be 'listening on ADDR:PORT', got: '$line'"
            ADDR=${BASH_REMATCH[1]} PORT=${BASH_REMATCH[2]}
            [ "$PORT" -gt 0 ] && [ "$PORT" -le 65535 ] ||
                fail "$name says it listens on port $PORT: with -p 0 print the port the kernel chose (getsockname() after bind()), not the 0 you asked for"
            return 0
        fi
        if ! running "$name"; then
            wait_bg "$name"
            fail "$name ended (status $status) before printing 'listening on ADDR:PORT'. stderr: $stderr"
        fi
        sleep 0.02
    done
    fail "$name printed no 'listening on ADDR:PORT' line within 5 s: $LISTEN_HINT"$'\n'"$(explain_bg "$name")"
}

# stop_server NAME [SIG]: SIG (default TERM) to the server; wait for it.
stop_server() {
    local pid
    if ! pid=$(prog_pid "$1"); then
        # Gone before it was told to stop: it crashed, or the harness stopped
        # it because every process of the test was stuck (explained below).
        wait_bg "$1" "$SERVE_HINT"
        fail "the server ended before the test stopped it (status $status): $stderr"
    fi
    kill "-${2:-TERM}" "$pid" 2>/dev/null
    wait_bg "$1" "the server did not end after SIG${2:-TERM}: it must stop waiting (the signal interrupts ppoll/poll/accept) and end"
}

# hold_client NAME: a client (in the background) that connects to 127.0.0.1:PORT
# and stays silent until release_client NAME (or five times the time limit).
hold_client() {
    rm -f "$WORK/$1.ready"
    server_bg "$1" -i /dev/null bash -c 'sleep "$1" | "${@:2}"' _ "$((IPCLAB_TIMEOUT * 5))" \
        "${PEER[@]}" hold 127.0.0.1 "$PORT" "$WORK/$1.ready"
    wait_until "the silent client could not connect to port $PORT" test -e "$WORK/$1.ready"
}
release_client() {
    local pid
    if pid=$(prog_pid "$1"); then pkill -TERM -P "$pid" sleep 2>/dev/null || true; fi
    wait_bg "$1"
}

# assert_client_ok [SERVER]: the client just run by prun succeeded; if not,
# say what became of the server (default srv) too.
assert_client_ok() {
    [ "$status" -eq 0 ] && return 0
    local srv=${1:-srv} state
    if running "$srv"; then state="still running"; else state="ended: $(cat "$WORK/$srv.err")"; fi
    fail "the client failed (status $status): $stderr"$'\n'"the server ($srv) is $state"
}

# have_ipv6: can a TCP socket be bound to ::1 here?
have_ipv6() { "${PEER[@]}" can-bind ::1; }

DATE_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$'

# now_s: the test's own clock, as the date line would say it, in seconds.
now_s() { date -d "$(date '+%F %T')" +%s; }

# assert_date_file FILE [WHAT]: FILE holds exactly "YYYY-MM-DD HH:MM:SS\n",
# local time, between the start of the test and now, give or take 2 s.
assert_date_file() {
    local file=$1 what=${2:-what the server sent} text got now
    text=$(cat "$file"; echo .)
    text=${text%.}
    because "the date server sends exactly one line, 'YYYY-MM-DD HH:MM:SS' in local time (strftime %Y-%m-%d %H:%M:%S after localtime), then a newline, then closes"
    [[ "$text" == *$'\n' ]] || fail "$what does not end in a newline: $(printf '%q' "$text")"
    [[ "${text%$'\n'}" =~ $DATE_RE ]] || fail "$what is not one line 'YYYY-MM-DD HH:MM:SS': $(printf '%q' "$text")"
    got=$(date -d "${text%$'\n'}" +%s) || fail "$what is not a real date: ${text%$'\n'}"
    now=$(now_s)
    [ "$((SINCE - got))" -le 2 ] && [ "$((got - now))" -le 2 ] ||
        fail "$what says ${text%$'\n'}, but the test's clock says $(date '+%F %T'): local time (localtime, not gmtime) and the time of the request?"
}

# zombies_of PID: its children that have ended and were not waited for.
zombies_of() {
    local p state
    for p in $(children_of "$1"); do
        proc_state "$p" && [ "$state" = Z ] && echo "$p"
    done
    true
}

# fd_count PID: how many fds PID has open.
fd_count() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }

# ---- date_server --------------------------------------------------------------------

@test "date_server: prints 'listening on 127.0.0.1:PORT' with the port it got, and accepts at once" {
    start_server srv "$DSERVER"
    because "the default address is 127.0.0.1; the line comes after listen(), so a client can connect the moment it appears"
    assert_equal "$ADDR" 127.0.0.1
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got"
    [ "$status" -eq 0 ] || fail "connecting to port $PORT right after the 'listening on' line failed: $stderr"$'\n'"hint: $LISTEN_HINT"
    ss -Htln "sport = :$PORT" | grep -q . || fail "ss shows no TCP socket listening on port $PORT"
    stop_server srv
    STDOUT_FILE=$WORK/srv.out assert_stdout "listening on 127.0.0.1:$PORT"
}

@test "date_server: a client gets one line 'YYYY-MM-DD HH:MM:SS', the local time, then the end of the connection" {
    start_server srv "$DSERVER"
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got"
    assert_success
    assert_date_file "$WORK/got"
    stop_server srv
}

@test "date_server: the date is local time, in the server's time zone" {
    # UTC+5:45, a POSIX TZ string (no time zone files needed): a server that
    # uses gmtime(), or prints the hour without the zone, is off.
    server_bg srv env TZ=XST-5:45 "$DSERVER" -p 0
    await_listening srv
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got"
    assert_success
    because "the date line is local time: localtime_r() applies the server's TZ; gmtime() would not"
    TZ=XST-5:45 assert_date_file "$WORK/got" "what the server sent with TZ=XST-5:45 (UTC+5:45)"
    stop_server srv
}

@test "date_server -n 3: serves three clients, then exits 0 with nothing more on stdout" {
    start_server srv "$DSERVER" -n 3
    for i in 1 2 3; do
        long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got$i"
        assert_success
        assert_date_file "$WORK/got$i" "client $i's line"
    done
    wait_bg srv "date_server -n 3 did not end after its third client: count the clients accepted and leave the loop at N, then wait for the children"
    because "-n N: after N clients (and their children) the server ends by itself, status 0"
    assert_success
    STDOUT_FILE=$WORK/srv.out assert_stdout "listening on 127.0.0.1:$PORT"
}

# points: 3
@test "date_server: 50 clients at once get 50 date lines" {
    start_server srv "$DSERVER" -n 50
    mkdir "$WORK/dates"
    # All 50 connect before the first one reads.
    long_prun -h "$SERVE_HINT" "${PEER[@]}" dates 127.0.0.1 "$PORT" 50 "$WORK/dates"
    assert_success
    for i in $(seq 0 49); do assert_date_file "$WORK/dates/$i" "connection $i's line"; done
    wait_bg srv
    because "every connection is accepted and served by its own child; the parent goes straight back to accept()"
    assert_success
}

# points: 2
@test "date_server: no zombie while it keeps running after clients were served" {
    start_server srv "$DSERVER"
    pid=$(prog_pid srv) || fail "date_server ended early: $(cat "$WORK/srv.err")"
    for i in 1 2 3; do
        long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got$i"
        assert_success
    done
    # Then 30 at once: children end while the server is busy forking the next
    # ones, and their SIGCHLDs merge into one (a standard signal is pending or
    # not, it does not count): one waitpid() per SIGCHLD leaves zombies.
    mkdir "$WORK/dates"
    long_prun -h "$SERVE_HINT" "${PEER[@]}" dates 127.0.0.1 "$PORT" 30 "$WORK/dates"
    assert_client_ok
    because "a child that has ended stays a zombie until its parent waits for it: reap them as they end (SIGCHLD, then waitpid(-1, ..., WNOHANG) in a loop until it returns 0: one SIGCHLD may stand for many children), not only when the next client comes"
    no_zombie() { [ -z "$(zombies_of "$pid")" ]; }
    wait_until "date_server (pid $pid) still has zombie children 3 s after its clients were served: $(zombies_of "$pid" | tr '\n' ' ')" no_zombie
    [ -z "$(children_of "$pid")" ] || fail "date_server still has children running after every client was served: $(children_of "$pid" | tr '\n' ' ')"
    stop_server srv
}

# held_in_open PID N: PID has N children, each waiting in open() (system
# call 2 or 257): here, of the time zone FIFO.
held_in_open() {
    local kids k call n=0
    kids=$(children_of "$1")
    for k in $kids; do
        proc_call "$k" || return 1
        [ "$call" = 257 ] || [ "$call" = 2 ] || return 1
        n=$((n + 1))
    done
    [ "$n" -eq "$2" ]
}

# all_zombies PID N: PID has N children, every one of them a zombie.
all_zombies() { [ "$(zombies_of "$1" | wc -l)" -eq "$2" ] && [ "$(children_of "$1" | wc -l)" -eq "$2" ]; }

# points: 2
@test "date_server: children that end together are all reaped (one SIGCHLD stands for several)" {
    # A child formats its date with localtime_r(), which reads the time zone
    # file: with TZ naming a FIFO, every child waits in open() until the test
    # opens it. The test stops the server (SIGSTOP), lets the children go and
    # end, then lets the server go on: the children's SIGCHLDs have merged
    # into one pending signal, so a server that reaps one child per SIGCHLD
    # keeps the others as zombies, every time, on any machine.
    mkfifo "$WORK/tz"
    fixture "$WORK/tz"
    server_bg srv env TZ=":$WORK/tz" "$DSERVER" -p 0
    await_listening srv
    pid=$(prog_pid srv) || fail "date_server ended early: $(cat "$WORK/srv.err")"
    with_limit $((IPCLAB_TIMEOUT * 3)) start_bg peer "${PEER[@]}" dates 127.0.0.1 "$PORT" 8 "$WORK"
    for ((i = 0; i < 150; i++)); do
        held_in_open "$pid" 8 && break
        sleep 0.02
    done
    if ! held_in_open "$pid" 8; then
        local call="" kids
        proc_call "$pid"
        kids=$(children_of "$pid" | wc -l)
        exec 6<>"$WORK/tz"
        exec 6>&-
        [ "$call" != 257 ] && [ "$call" != 2 ] ||
            fail "date_server itself waited to read the time zone file (TZ names a FIFO in this test): the date line is made in the child that serves the client (localtime_r in serve_date), so that the server never waits for one client's work"
        wait_bg peer
        [ "$status" -eq 0 ] ||
            fail "8 clients connected and waited for their dates, but date_server had $kids children waiting for the time zone file after 3 s (8 expected: one child per client, forked as soon as it is accepted); the clients: $stderr"
        stop_server srv
        skip "date_server's children did not read the time zone file (the server read it before it forked them): they cannot be held here"
    fi
    kill -STOP "$pid"
    # A FIFO opened for reading and writing at once: the children's open()
    # returns, their read() sees EOF when it is closed (no zone: UTC).
    exec 6<>"$WORK/tz"
    exec 6>&-
    for ((i = 0; i < 150; i++)); do
        all_zombies "$pid" 8 && break
        sleep 0.02
    done
    all_zombies "$pid" 8 || { kill -CONT "$pid"; fail "date_server's 8 children, let go while it was stopped, did not all end: children $(children_of "$pid" | tr '\n' ' '), zombies $(zombies_of "$pid" | tr '\n' ' ')"; }
    kill -CONT "$pid"
    wait_bg peer
    [ "$status" -eq 0 ] || fail "the 8 clients did not all get their date line (status $status): $stderr"
    because "8 children ended while the server was stopped: one SIGCHLD is pending for all of them. Reap with waitpid(-1, ..., WNOHANG) in a loop until it returns 0, not once per SIGCHLD"
    no_zombie() { [ -z "$(zombies_of "$pid")" ]; }
    wait_until "date_server (pid $pid) still has zombie children after all 8 ended together: $(zombies_of "$pid" | wc -l) of 8 were never waited for" no_zombie
    stop_server srv
}

@test "date_server: serving clients leaks no file descriptor" {
    start_server srv "$DSERVER"
    pid=$(prog_pid srv) || fail "date_server ended early: $(cat "$WORK/srv.err")"
    before=$(fd_count "$pid")
    prun -h "$SERVE_HINT" bash -c 'for i in $(seq 10); do read -r line <"/dev/tcp/127.0.0.1/$1" || exit 3; done' _ "$PORT"
    assert_success
    after=$(fd_count "$pid")
    because "accept() returns a new fd for every client: the parent closes its copy after fork(), or it runs out of fds after ~1000 clients"
    [ "$after" -le "$before" ] || fail "date_server had $before fds open before 10 clients and $after after: the parent must close() each accepted socket after fork()"
    stop_server srv
}

# points: 2
@test "date_server: a restart on the same port right after a stop works (SO_REUSEADDR)" {
    start_server srv "$DSERVER" -n 1
    port=$PORT
    # The server closes first, so the connection waits in TIME_WAIT on the server's port.
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$port" "$WORK/got"
    wait_bg srv
    assert_success
    server_bg again "$DSERVER" -p "$port" -n 1
    await_listening again
    because "connections the server closed linger in TIME_WAIT for a minute; without SO_REUSEADDR (set before bind) a restarted server gets 'Address already in use'"
    assert_equal "$PORT" "$port"
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$port" "$WORK/got2"
    assert_date_file "$WORK/got2"
    wait_bg again
    assert_success
}

# points: 2
@test "date_server -a ::1: IPv6, 'listening on [::1]:PORT', and the date over IPv6" {
    have_ipv6 || skip "::1 cannot be bound here (no IPv6)"
    start_server srv "$DSERVER" -a ::1 -n 1
    because "-a ADDR takes an IPv6 address too: socket(AF_INET6, ...) and a sockaddr_in6"
    [ "$ADDR" = "[::1]" ] || [ "$ADDR" = "::1" ] || fail "expected 'listening on [::1]:PORT', got ADDR '$ADDR'"
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get ::1 "$PORT" "$WORK/got"
    assert_success
    assert_date_file "$WORK/got"
    wait_bg srv
    assert_success
}

@test "date_server: waiting for clients burns no CPU, also after serving some" {
    start_server srv "$DSERVER"
    assert_idle srv 300 "date_server waiting for its first client"
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got"
    sleep 0.1
    assert_idle srv 400 "date_server waiting after one client was served"
    stop_server srv
}

@test "date_server: SIGTERM and SIGINT end it, by that signal, with no child left and the port free" {
    # New names in each round: a background program's output file is created
    # by its own (asynchronous) redirection, so a reused name could show the
    # last round's "listening on" line.
    for sig in TERM INT; do
        start_server "srv$sig" "$DSERVER"
        long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got"
        stop_server "srv$sig" "$sig"
        because "SIG$sig ends the server: it closes the listening socket, waits for its children and ends by the signal (status 128 + signal number)"
        assert_equal "$status" "$((128 + $(kill -l "$sig")))"
        server_bg "again$sig" "$DSERVER" -p "$PORT" -n 1
        await_listening "again$sig"
        long_prun "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got"
        wait_bg "again$sig"
        assert_success
    done
}

@test "date_server: a client that hangs up at once does not stop the server" {
    start_server srv "$DSERVER"
    # Connect and close without reading: the child may find the client gone.
    prun bash -c 'exec 5<>"/dev/tcp/127.0.0.1/$1"; exec 5>&-' _ "$PORT"
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got"
    because "a client that went away concerns one child only (SIGPIPE ignored, EPIPE reported by it); the server goes on serving"
    assert_success
    assert_date_file "$WORK/got"
    running srv || { wait_bg srv; fail "date_server ended after a client hung up (status $status): $stderr"; }
    stop_server srv
}

# ---- date_client ---------------------------------------------------------------------

@test "date_client: prints what date_server sends" {
    start_server srv "$DSERVER" -n 1
    brun -h "$CLIENT_HINT" "$DCLIENT" 127.0.0.1 "$PORT"
    assert_success
    assert_date_file "$WORK/stdout" "date_client's output"
    wait_bg srv
    assert_success
}

@test "date_client: HOST is looked up (getaddrinfo): localhost works" {
    # A minimal system (debootstrap --variant=minbase, some containers) has no
    # /etc/hosts, and then nothing resolves localhost: no program could.
    getent hosts localhost >/dev/null || skip "the name localhost does not resolve on this machine (no /etc/hosts entry)"
    start_server srv "$DSERVER" -n 1
    brun -h "$CLIENT_HINT" "$DCLIENT" localhost "$PORT"
    because "HOST may be a name: getaddrinfo() resolves it (inet_pton or inet_addr alone cannot)"
    assert_success
    assert_date_file "$WORK/stdout" "date_client's output"
    wait_bg srv
}

@test "date_client: IPv6 (::1)" {
    have_ipv6 || skip "::1 cannot be bound here (no IPv6)"
    start_server srv "$DSERVER" -a ::1 -n 1
    brun -h "$CLIENT_HINT" "$DCLIENT" ::1 "$PORT"
    because "getaddrinfo with AF_UNSPEC gives an IPv6 address for ::1: socket() must use ai_family, not AF_INET"
    assert_success
    assert_date_file "$WORK/stdout" "date_client's output"
    wait_bg srv
}

# points: 2
@test "date_client: several MB arriving in pieces come out byte for byte" {
    head -c 3000000 /dev/urandom >"$WORK/big"
    server_bg peer "${PEER[@]}" serve 127.0.0.1 "$WORK/big" --chunk 700000 --pause 100
    await_listening peer
    brun -h "$CLIENT_HINT" "$DCLIENT" 127.0.0.1 "$PORT"
    because "a read() on a socket returns what has arrived so far: read until read() returns 0, and write all of each piece"
    assert_success
    assert_same_bytes "$WORK/big" "$WORK/stdout" "date_client's output"
    wait_bg peer
}

@test "date_client: a server that sends nothing and closes: no output, exit 0" {
    : >"$WORK/empty"
    server_bg peer "${PEER[@]}" serve 127.0.0.1 "$WORK/empty"
    await_listening peer
    brun -h "$CLIENT_HINT" "$DCLIENT" 127.0.0.1 "$PORT"
    because "0 bytes then EOF is a valid answer"
    assert_success
    assert_stdout
    # The server serves one client and ends: still waiting means nobody came.
    for ((i = 0; i < 100; i++)); do running peer || break; sleep 0.02; done
    running peer && fail "date_client exited without connecting to the server (it is still waiting for a client). $CLIENT_HINT"
    wait_bg peer
}

@test "date_client: a server that resets the connection mid-message: what came is printed, then read's error" {
    printf 'first half of a line, ' >"$WORK/part"
    server_bg peer "${PEER[@]}" serve 127.0.0.1 "$WORK/part" --reset-after 22
    await_listening peer
    brun -h "$CLIENT_HINT" "$DCLIENT" 127.0.0.1 "$PORT"
    because "a reset connection is not an end of file: read() fails with ECONNRESET, and the client says so and exits 1"
    assert_call_error date_client "read: Connection reset by peer"
    assert_stdout_bytes 'first half of a line, '
    wait_bg peer
}

@test "date_client: nobody listening is 'date_client: connect: Connection refused', exit 1" {
    start_server srv "$DSERVER"
    stop_server srv
    brun "$DCLIENT" 127.0.0.1 "$PORT"
    assert_call_error date_client "connect: Connection refused"
    assert_stdout
}

@test "date_client: a host that does not resolve is getaddrinfo's error, exit 1" {
    brun "$DCLIENT" no-such-host.invalid 6013
    because "getaddrinfo() does not set errno: its error is told by gai_strerror(code)"
    assert_call_error date_client "getaddrinfo: "
    [[ "$stderr" != *"Success"* ]] || fail "the message reads 'Success': use gai_strerror(rc), not strerror(errno), for getaddrinfo: $stderr"
    assert_stdout
}

@test "date_client: output that cannot be written is an error, exit 1" {
    start_server srv "$DSERVER" -n 1
    prun_full_stdout "$DCLIENT" 127.0.0.1 "$PORT"
    assert_call_error date_client "write: No space left on device"
    wait_bg srv
}

@test "date_client: bad command lines are usage errors" {
    for args in "127.0.0.1 abc" "127.0.0.1 0" "127.0.0.1 70000" "127.0.0.1 -5" "127.0.0.1 80 extra"; do
        # shellcheck disable=SC2086
        prun "$DCLIENT" $args
        assert_usage_error date_client
    done
}

# ---- echo_server ---------------------------------------------------------------------------

@test "echo_server: lines come back to their sender unchanged" {
    start_server srv "$ESERVER" -n 1
    printf 'hello\nworld\n\nlast line\n' >"$WORK/in"
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got" --send "$WORK/in"
    assert_success
    assert_same_bytes "$WORK/in" "$WORK/got" "the echo"
    wait_bg srv "echo_server -n 1 did not end after its client hung up: read() == 0 means the client closed: close it, and end after N clients"
    because "echo_server prints only its 'listening on' line and ends with 0 after N clients"
    assert_success
    STDOUT_FILE=$WORK/srv.out assert_stdout "listening on 127.0.0.1:$PORT"
}

# points: 2
@test "echo_server: 4 MB of binary data, sent in pieces with pauses, come back byte for byte" {
    head -c 4000000 /dev/urandom >"$WORK/big"
    start_server srv "$ESERVER" -n 2
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got" --send "$WORK/big" --chunk 500000 --pause 50
    assert_success
    because "every byte read is written back, all of it: a write() on a socket may take only part (EAGAIN on a full non-blocking socket): keep the rest and send it when poll() says POLLOUT"
    assert_same_bytes "$WORK/big" "$WORK/got" "the echo"
    : >"$WORK/empty"
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got0" --send "$WORK/empty"
    assert_success
    assert_same_bytes "$WORK/empty" "$WORK/got0" "the echo of 0 bytes"
    wait_bg srv
    assert_success
}

# points: 3
@test "echo_server: 100 clients at once, plus one that stays silent: every line back to its own sender" {
    start_server srv "$ESERVER"
    hold_client quiet
    mkdir "$WORK/many"
    long_prun -h "$SERVE_HINT" "${PEER[@]}" many 127.0.0.1 "$PORT" 100 20 "$WORK/many"
    because "poll() watches every client: one that says nothing is never ready, so it never holds up the others; each client gets exactly its own lines back"
    assert_success
    running srv || { wait_bg srv; fail "echo_server ended during the test (status $status): $stderr"; }
    release_client quiet
    stop_server srv
    for i in $(seq 0 99); do
        awk -v i="$i" 'BEGIN { for (j = 0; j < 20; j++) print "client " i " line " j }' >"$WORK/want"
        assert_same_bytes "$WORK/want" "$WORK/many/$i" "the echo to client $i"
    done
}

# points: 2
@test "echo_server: a client that sends without reading does not hold up the others" {
    start_server srv "$ESERVER"
    # The flood fills both directions of its connection: the server can
    # neither write its echo nor should it wait until it can.
    server_bg flood "${PEER[@]}" flood 127.0.0.1 "$PORT" 8000000 "$WORK/flood.got" "$WORK/stalled" "$WORK/go"
    wait_until "the flooding client never filled its connection" test -e "$WORK/stalled"
    printf 'still served?\n' >"$WORK/in"
    long_prun -h "echo_server is stuck on the client that does not read: a blocking write() (or a loop until everything is written) waits for that client while the others wait for the server. Make the client sockets non-blocking (accept4 with SOCK_NONBLOCK), keep what write() could not send, stop reading that client (ask for POLLOUT instead of POLLIN) and go back to poll()." \
        "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got" --send "$WORK/in"
    : >"$WORK/go"
    because "a slow client must not block the server: unsent bytes wait in that client's buffer while poll() serves the others"
    assert_success
    assert_same_bytes "$WORK/in" "$WORK/got" "the echo to the second client"
    wait_bg flood
    [ "$status" -eq 0 ] || fail "the flooding client did not get its 8 MB back byte for byte (status $status): $stderr"
    stop_server srv
}

@test "echo_server -n 2: a client still connected keeps it running; it ends after both hang up" {
    start_server srv "$ESERVER" -n 2
    hold_client quiet
    printf 'one\n' >"$WORK/in"
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got" --send "$WORK/in"
    assert_success
    sleep 0.2
    because "-n N counts clients served to the end: the server may stop accepting after N, but not drop a client still connected"
    running srv || { wait_bg srv; fail "echo_server -n 2 ended while its first client was still connected (status $status)"; }
    release_client quiet
    wait_bg srv "echo_server -n 2 did not end after both clients hung up"
    assert_success
}

@test "echo_server: a client that resets its connection mid-message is dropped; the server goes on" {
    start_server srv "$ESERVER"
    # Sends half a line, then vanishes with a reset (SO_LINGER 0).
    long_prun python3 -c 'import socket, struct, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"half a li"); time.sleep(0.2)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)); s.close()' "$PORT"
    assert_success
    printf 'next\n' >"$WORK/in"
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got" --send "$WORK/in"
    because "ECONNRESET or EPIPE on one client is that client's end, not the server's: close it and go on"
    assert_success
    assert_same_bytes "$WORK/in" "$WORK/got" "the next client's echo"
    running srv || { wait_bg srv; fail "echo_server ended when a client reset its connection (status $status): $stderr"; }
    stop_server srv
}

@test "echo_server: waiting burns no CPU, with no client and with a silent one" {
    start_server srv "$ESERVER"
    assert_idle srv 300 "echo_server waiting for clients"
    hold_client quiet
    printf 'x\n' >"$WORK/in"
    long_prun "${PEER[@]}" get 127.0.0.1 "$PORT" "$WORK/got" --send "$WORK/in"
    sleep 0.1
    assert_idle srv 400 "echo_server with one silent client connected, after another client has left"
    release_client quiet
    stop_server srv
}

@test "echo_server: clients that come and go leak no file descriptor" {
    start_server srv "$ESERVER"
    pid=$(prog_pid srv) || fail "echo_server ended early: $(cat "$WORK/srv.err")"
    before=$(fd_count "$pid")
    printf 'x\n' >"$WORK/in"
    # Ten clients (bash's /dev/tcp: quicker to start than ten tcp_peers), each sends a line, reads it back, hangs up.
    prun -h "$SERVE_HINT" bash -c 'for i in $(seq 10); do exec 5<>"/dev/tcp/127.0.0.1/$1"; echo "line $i" >&5; read -r -u 5 back; [ "$back" = "line $i" ] || exit 3; exec 5>&-; done' _ "$PORT"
    assert_success
    sleep 0.1
    after=$(fd_count "$pid")
    because "a client that hung up (read() returned 0) is closed and no longer watched"
    [ "$after" -le "$before" ] || fail "echo_server had $before fds open before 10 clients and $after after: close each client when it hangs up"
    stop_server srv
}

@test "echo_server -a ::1: IPv6" {
    have_ipv6 || skip "::1 cannot be bound here (no IPv6)"
    start_server srv "$ESERVER" -a ::1 -n 1
    [ "$ADDR" = "[::1]" ] || [ "$ADDR" = "::1" ] || fail "expected 'listening on [::1]:PORT', got ADDR '$ADDR'"
    printf 'over IPv6\n' >"$WORK/in"
    long_prun -h "$SERVE_HINT" "${PEER[@]}" get ::1 "$PORT" "$WORK/got" --send "$WORK/in"
    assert_success
    assert_same_bytes "$WORK/in" "$WORK/got" "the echo"
    wait_bg srv
    assert_success
}

# ---- bad input and failures ----------------------------------------------------------------

@test "failures: date_server, date_client and echo_server answer -h and --help" {
    assert_help "$DSERVER"
    assert_help "$DCLIENT"
    assert_help "$ESERVER"
}

@test "failures: bad server command lines are usage errors" {
    for prog in "$DSERVER" "$ESERVER"; do
        for args in "-p" "-p abc" "-p 70000" "-p -1" "-n 0" "-n x" "-a" "-a not-an-address" "-a 127.0.0.1.5" \
            "-x" "extra" "-p 0 -p 0"; do
            # shellcheck disable=SC2086
            prun "$prog" $args
            assert_usage_error "$(basename "$prog")"
        done
    done
}

@test "failures: a port in use is 'bind: Address already in use', exit 1, nothing left running" {
    local round=0
    for prog in "$DSERVER" "$ESERVER"; do
        # A new name each round: the background job empties its output file only
        # when it starts, and the previous round's "listening on" line is there until then.
        round=$((round + 1))
        start_server "srv$round" "$DSERVER"
        prun "$prog" -p "$PORT"
        because "two sockets cannot listen on one address and port (SO_REUSEADDR does not change that)"
        assert_call_error "$(basename "$prog")" "bind: Address already in use"
        assert_equal "$output" ""
        stop_server "srv$round"
    done
}

@test "failures: an address this machine does not have is bind's error" {
    for prog in "$DSERVER" "$ESERVER"; do
        prun "$prog" -p 0 -a 192.0.2.1
        assert_call_error "$(basename "$prog")" "bind: Cannot assign requested address"
    done
}

@test "failures: stdout that cannot be written stops the server before it serves anyone" {
    for prog in "$DSERVER" "$ESERVER"; do
        prun_full_stdout "$prog" -p 0
        because "the 'listening on' line is how users learn the port: if it cannot be written, say so and end (exit 1)"
        assert_call_error "$(basename "$prog")" "write: No space left on device"
    done
}

@test "failures: SIGTERM and SIGINT end echo_server with clients connected" {
    for sig in TERM INT; do
        # new names each round (see "a port in use")
        start_server "srv$sig" "$ESERVER"
        hold_client "quiet$sig"
        stop_server "srv$sig" "$sig"
        because "SIG$sig ends the server; the kernel closes its sockets"
        assert_equal "$status" "$((128 + $(kill -l "$sig")))"
        release_client "quiet$sig"
    done
}
