#!/usr/bin/env bats
# Lab 01 — pipe_fork: the parent writes into a pipe, the child reads until EOF.
# Points: 1 per test unless a "# points: N" line precedes it (see tools/grading/grade).

load helpers/common

setup() {
    ipclab_setup 01-pipe-fork
    PIPE_FORK=$(prog pipe_fork)
}
teardown() { ipclab_teardown; }

EOF_HINT="the child never saw EOF. read() returns 0 only when every write end of the pipe is closed: the child must close its copy of fds[1] before reading, and the parent must close fds[1] after writing."

@test "pipe_fork: default message is hello" {
    brun -h "$EOF_HINT" "$PIPE_FORK"
    because "with no argument the parent sends 'hello' and the child prints exactly one line, ending in a newline"
    assert_success
    assert_stdout "child received: hello"
}

@test "pipe_fork: the child prints exactly the message it read" {
    brun -h "$EOF_HINT" "$PIPE_FORK" "pipes are one-way"
    because "the child must print what came through the pipe, all of it, once"
    assert_success
    assert_stdout "child received: pipes are one-way"
}

@test "pipe_fork: an empty message is sent as zero bytes" {
    brun -h "$EOF_HINT" "$PIPE_FORK" ""
    because "zero bytes is valid input: the child sees EOF straight away and prints an empty message"
    assert_success
    assert_stdout "child received: "
}

@test "pipe_fork: the child's line is complete when the parent exits" {
    # If the parent does not wait, the shell gets its prompt back before (or
    # while) the child prints; ipclab-run reports the child left behind.
    brun "$PIPE_FORK" "wait for me"
    because "the parent must waitpid() for the child, so its output is complete and no zombie is left"
    assert_success
    assert_stdout "child received: wait for me"
}

# points: 2
@test "pipe_fork: a message larger than the pipe (100 KB) arrives whole" {
    # A pipe holds 64 KiB. The parent blocks in write() until the child reads,
    # so the child must read while the parent writes (no waitpid before write),
    # and a single read() returns at most what is in the pipe: loop until EOF.
    msg=$(head -c 100000 /dev/zero | tr '\0' 'x')
    brun -h "a 100 KB message does not fit in the pipe: did the parent waitpid() before writing, or does the child read only once? The child must read in a loop until read() returns 0. Or: $EOF_HINT" "$PIPE_FORK" "$msg"
    because "short reads: one read() returns at most what the pipe holds, so the child must loop until EOF"
    assert_success
    [ "${#output}" -eq $((100000 + 16)) ] ||
        fail "expected 'child received: ' plus 100000 x's (100016 characters), got ${#output} characters: the child stopped reading before EOF or the parent wrote only part"
    [ "$output" = "child received: $msg" ] || fail "the length is right but the content differs"
    assert_stdout "child received: $msg"
}

# points: 2
@test "pipe_fork -: several MB of binary data arrive byte-exact" {
    head -c 3000000 /dev/urandom >"$WORK/in.bin"
    prun -h "$EOF_HINT" -i "$WORK/in.bin" -o "$WORK/out.bin" "$PIPE_FORK" -
    because "stream mode must copy every byte, including NUL bytes and partial writes: loop on read() and write()"
    assert_success
    cmp "$WORK/in.bin" "$WORK/out.bin" || fail "output differs from input (sizes: in $(stat -c %s "$WORK/in.bin"), out $(stat -c %s "$WORK/out.bin")); see cmp above"
}

@test "pipe_fork -: text with no final newline is copied unchanged" {
    printf 'line one\nline two, no newline' >"$WORK/in.txt"
    prun -h "$EOF_HINT" -i "$WORK/in.txt" -o "$WORK/out.txt" "$PIPE_FORK" -
    because "the child copies bytes; it must not add, drop or reorder anything"
    assert_success
    cmp "$WORK/in.txt" "$WORK/out.txt"
}

@test "pipe_fork -: empty input gives empty output and exit 0" {
    : >"$WORK/empty"
    prun -h "$EOF_HINT" -i "$WORK/empty" -o "$WORK/out" "$PIPE_FORK" -
    because "0 bytes is valid input: the parent closes its write end at once and the child sees EOF"
    assert_success
    assert_file_empty "$WORK/out"
}

@test "pipe_fork -: the child sees EOF even when the writer stays silent for a while" {
    # The parent copies stdin; stdin here is a slow writer that ends after a pause.
    # Only closing the last write end ends the child's read loop.
    mkfifo "$WORK/slow"
    fixture "$WORK/slow"
    (printf 'late\n'; sleep 0.3) >"$WORK/slow" 3>&- &
    local writer=$!
    brun -h "$EOF_HINT" -i "$WORK/slow" "$PIPE_FORK" -
    wait "$writer"
    rm -f "$WORK/slow"
    because "the child must keep reading across pauses and stop only at EOF"
    assert_success
    assert_stdout "late"
}

@test "pipe_fork -: input that arrives in pieces, with pauses, is copied whole" {
    # stdin is a pipe fed 1000 bytes at a time: each read() returns one piece.
    head -c 7000 /dev/urandom >"$WORK/in.bin"
    trun -h "$EOF_HINT" 1000 30 "$WORK/in.bin" "$PIPE_FORK" -
    because "read() on a pipe returns what is there, not what was asked for: a short read is not EOF. Loop until read() returns 0, on both sides"
    assert_success
    assert_same_bytes "$WORK/in.bin" "$WORK/stdout"
}

@test "pipe_fork: messages of pipe capacity (65536 bytes) and one byte either side" {
    local n msg
    for n in 65535 65536 65537; do
        msg=$(head -c "$n" /dev/zero | tr '\0' 'p')
        brun -h "a message of about 64 KiB fills the pipe: the parent blocks in write() until the child reads, so the child must read in a loop (no fixed 64 KiB buffer read once or until full). Or: $EOF_HINT" "$PIPE_FORK" "$msg"
        because "a pipe holds 65536 bytes: a message of exactly that size, or one byte more, must arrive whole (read until EOF, any buffer size)"
        assert_success
        assert_stdout "child received: $msg"
    done
}

@test "pipe_fork -: a child that cannot write its output makes the parent fail" {
    printf 'short input\n' >"$WORK/in"
    prun -h "$EOF_HINT" -i "$WORK/in" -o /dev/full "$PIPE_FORK" -
    because "the child's write to a full disk fails: it reports it and exits non-zero, and the parent's exit status must say so (WIFEXITED and WEXITSTATUS of the child, not always 0)"
    [ "$status" -ne 0 ] || fail "pipe_fork exited 0 although its child could not write to stdout (/dev/full): the parent must turn the child's failure into its own non-zero status"
    [[ "$stderr" == *"No space left on device"* ]] || fail "expected the child's 'No space left on device' on stderr, got: '$stderr'"
    prun -h "$EOF_HINT" -i "$WORK/in" bash -c '"$@" >&-' _ "$PIPE_FORK" -
    because "with stdout closed the child's write fails (EBADF): that too is a failure of the whole program"
    [ "$status" -ne 0 ] || fail "pipe_fork exited 0 with stdout closed: the child's write failed, the parent must exit non-zero"
}

@test "pipe_fork -: a reader that has quit kills the child (SIGPIPE), and the parent reports it" {
    printf 'nobody reads this\n' >"$WORK/in"
    mkfifo "$WORK/out"
    fixture "$WORK/out"
    # fd 7: the write end of a FIFO whose only reader (fd 6) is already closed,
    # like a pipe into a reader that has quit: the first write() gets SIGPIPE.
    prun -h "$EOF_HINT" -i "$WORK/in" bash -c 'exec 6<>"$1" 7>"$1" 6<&-; shift; "$@" >&7' _ "$WORK/out" "$PIPE_FORK" -
    rm -f "$WORK/out"
    because "the child dies of SIGPIPE when it writes to a pipe nobody reads: the parent must see that in waitpid()'s status and exit non-zero (a child killed by a signal did not succeed)"
    [ "$status" -ne 0 ] || fail "pipe_fork exited 0 although its child was killed by SIGPIPE: check WIFEXITED(status) && WEXITSTATUS(status) == 0 before reporting success"
}

@test "pipe_fork -: waiting for slow input and a slow reader burns no CPU" {
    mkfifo "$WORK/in" "$WORK/out"
    fixture "$WORK/in"
    fixture "$WORK/out"
    # The test holds the other ends of both FIFOs: it decides when input
    # comes, and reads the output only at the end.
    # it lives through the test's own pauses and CPU measurements: twice the usual limit
    with_limit $((IPCLAB_TIMEOUT * 2)) start_bg pf -i "$WORK/in" bash -c 'exec "$@" >"$0"' "$WORK/out" "$PIPE_FORK" -
    exec 4>"$WORK/in" 5<"$WORK/out"
    sleep 0.1
    assert_idle pf 400 "pipe_fork waiting for input (parent and child both in read())"
    # 100 KB: more than stdout (a 64 KiB pipe) holds, so the child blocks
    # writing; less than stdout and the parent's pipe hold together, so the
    # parent gets through its input and waits for the child.
    head -c 100000 /dev/zero >&4 3>&- &
    exec 4>&-
    wait $!
    sleep 0.1
    assert_idle pf 400 "pipe_fork waiting for its reader (the child in write(), the parent in waitpid())"
    head -c 100000 <&5 >/dev/null
    exec 5<&-
    wait_bg pf "$EOF_HINT"
    rm -f "$WORK/in" "$WORK/out"
    because "waiting must block (read, write, waitpid without WNOHANG), not loop"
    assert_success
}

@test "pipe_fork: exits 0 and writes nothing on stderr" {
    prun "$PIPE_FORK" hi
    assert_success
    assert_equal "$stderr" ""
}

@test "pipe_fork: too many arguments is a usage error" {
    prun "$PIPE_FORK" one two
    assert_usage_error pipe_fork
}

# ---- bad input and failures ----------------------------------------------------------------
# Every failure gets a clear answer: "pipe_fork: CALL: reason" naming the call
# that really failed, exit 1; -h/--help alike in every program.

@test "failures: -h and --help print the usage line on stdout, send nothing" {
    assert_help "$PIPE_FORK"
}

@test "failures: the child's output failing (>/dev/full, >&-) is reported, exit 1" {
    prun_full_stdout "$PIPE_FORK" hi
    because "the child must check that its line was written (fflush's result): a full disk is not a success"
    assert_call_error pipe_fork "write: No space left on device"
    prun_closed_stdout "$PIPE_FORK" hi
    assert_call_error pipe_fork "write: Bad file descriptor"
}

@test "failures: pipe_fork - names the side that failed: read (stdin a directory) or write (stdout full)" {
    prun -i "$WORK" "$PIPE_FORK" -
    because "reading stdin failed, not writing: the message must name read"
    assert_call_error pipe_fork "read: Is a directory"
    head -c 1000000 /dev/zero >"$WORK/in"
    prun -i "$WORK/in" bash -c 'exec "$@" >/dev/full' _ "$PIPE_FORK" -
    because "the child's write to stdout failed: it says so; the parent, whose pipe then has no reader, must not die of SIGPIPE (status 141) but exit 1"
    assert_call_error pipe_fork "write: No space left on device"
    [ "$(grep -c . <<<"$stderr")" -eq 1 ] || fail "one failure, one message; got: $stderr"
}

@test "failures: pipe_fork - into a reader that quits exits 1 with a message" {
    head -c 1000000 /dev/zero >"$WORK/in"
    prun -i "$WORK/in" bash -c '"$@" | head -c 1 >/dev/null; exit "${PIPESTATUS[0]}"' _ "$PIPE_FORK" -
    because "a reader that quits is a failed write (EPIPE): say 'pipe_fork: write: Broken pipe' and exit 1, not 0 and not silently"
    assert_call_error pipe_fork "write: Broken pipe"
}

@test "failures: closed stdin or stdout (<&-, >&-) is EBADF, not a pipe on fd 0 or 1" {
    prun_closed_stdin "$PIPE_FORK" -
    because "with fd 0 closed, pipe() could hand out fd 0: the program must still fail reading stdin (EBADF), not read its own pipe"
    assert_call_error pipe_fork "read: Bad file descriptor"
    prun -i /dev/null bash -c 'exec "$@" >&-' _ "$PIPE_FORK" -
    assert_success
    printf 'x' >"$WORK/in"
    prun -i "$WORK/in" bash -c 'exec "$@" >&-' _ "$PIPE_FORK" -
    assert_call_error pipe_fork "write: Bad file descriptor"
}
