#!/usr/bin/env bats
# Lab 01 — pipe_fork: the parent writes into a pipe, the child reads until EOF.
# Points: 1 per test unless a "# points: N" line precedes it (see tools/grade).

load helpers/common

setup() {
    ipclab_setup 01-pipe-fork
    PIPE_FORK=$(prog pipe_fork)
}
teardown() { ipclab_teardown; }

EOF_HINT="the child never saw EOF. read() returns 0 only when every write end of the pipe is closed: the child must close its copy of fds[1] before reading, and the parent must close fds[1] after writing."

@test "pipe_fork: default message is hello" {
    prun -h "$EOF_HINT" "$PIPE_FORK"
    because "with no argument the parent sends 'hello' and the child prints exactly one line"
    assert_success
    assert_output "child received: hello"
}

@test "pipe_fork: the child prints exactly the message it read" {
    prun -h "$EOF_HINT" "$PIPE_FORK" "pipes are one-way"
    because "the child must print what came through the pipe, all of it, once"
    assert_success
    assert_output "child received: pipes are one-way"
}

@test "pipe_fork: an empty message is sent as zero bytes" {
    prun -h "$EOF_HINT" "$PIPE_FORK" ""
    because "zero bytes is valid input: the child sees EOF straight away and prints an empty message"
    assert_success
    assert_output "child received: "
}

@test "pipe_fork: the child's line is complete when the parent exits" {
    # If the parent does not wait, the shell gets its prompt back before (or
    # while) the child prints; ipclab-run reports the child left behind.
    prun "$PIPE_FORK" "wait for me"
    because "the parent must waitpid() for the child, so its output is complete and no zombie is left"
    assert_success
    assert_equal "$(wc -l <<<"$output")" 1
    assert_output "child received: wait for me"
}

# points: 2
@test "pipe_fork: a message larger than the pipe (100 KB) arrives whole" {
    # A pipe holds 64 KiB. The parent blocks in write() until the child reads,
    # so the child must read while the parent writes (no waitpid before write),
    # and a single read() returns at most what is in the pipe: loop until EOF.
    msg=$(head -c 100000 /dev/zero | tr '\0' 'x')
    prun -h "a 100 KB message does not fit in the pipe: did the parent waitpid() before writing, or does the child read only once? The child must read in a loop until read() returns 0. Or: $EOF_HINT" "$PIPE_FORK" "$msg"
    because "short reads: one read() returns at most what the pipe holds, so the child must loop until EOF"
    assert_success
    [ "${#output}" -eq $((100000 + 16)) ] ||
        fail "expected 'child received: ' plus 100000 x's (100016 characters), got ${#output} characters: the child stopped reading before EOF or the parent wrote only part"
    [ "$output" = "child received: $msg" ] || fail "the length is right but the content differs"
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
    prun -h "$EOF_HINT" -i "$WORK/slow" "$PIPE_FORK" -
    wait
    rm -f "$WORK/slow"
    because "the child must keep reading across pauses and stop only at EOF"
    assert_success
    assert_output "late"
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
