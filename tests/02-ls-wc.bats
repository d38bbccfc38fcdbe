#!/usr/bin/env bats
# Lab 02 — ls_wc and pipeline: "ls | wc -l" and any pipeline, built from
# pipe, fork, dup2 and exec. Every result is compared with what bash itself
# prints for the same pipeline, run here in the test.

load helpers/common

setup() {
    ipclab_setup 02-ls-wc
    LS_WC=$(prog ls_wc)
    PIPELINE=$(prog pipeline)
}
teardown() { ipclab_teardown; }

OPEN_END_HINT="the reader never saw EOF, or the writer never got SIGPIPE. Every copy of a pipe end must be closed where it is not used: in the parent right after fork, and in each child after dup2 (the original fds[0]/fds[1] are still open next to fd 0/1)."

# A directory with N entries whose names hold spaces (about 30 bytes a line).
# make_dir NAME N [PAD]: a directory of N empty files, each name padded with
# PAD characters (long names make a big listing out of few files: creating
# files is the slow part of these tests).
make_dir() {
    local dir=$WORK/$1 n=$2 pad="" i
    [ -n "${3:-}" ] && printf -v pad '%*s' "$3" '' && pad=${pad// /-}
    mkdir -p "$dir"
    for ((i = 0; i < n; i++)); do : >"$dir/file $i of the listing$pad.txt"; done
    echo "$dir"
}

# ---- ls_wc -----------------------------------------------------------------

@test "ls_wc: counts like ls DIR | wc -l for a directory of 7 files" {
    dir=$(make_dir seven 7)
    ls "$dir" | wc -l >"$WORK/expected"
    brun -h "$OPEN_END_HINT" "$LS_WC" "$dir"
    because "ls_wc must print exactly what the shell prints for 'ls DIR | wc -l'"
    assert_success
    assert_same_bytes "$WORK/expected" "$WORK/stdout"
}

@test "ls_wc: an empty directory gives 0" {
    mkdir "$WORK/empty"
    brun -h "$OPEN_END_HINT" "$LS_WC" "$WORK/empty"
    because "wc must see EOF at once when ls writes nothing: the parent and both children must close the write end"
    assert_success
    assert_stdout "$(ls "$WORK/empty" | wc -l)"
}

# points: 2
@test "ls_wc: 400 entries (more than a pipe holds) are all counted" {
    # 400 names of about 230 bytes: ~92 KB, more than the 64 KiB a pipe holds,
    # so ls blocks until wc reads. With the pipe's read end on the wrong fd, or
    # ls writing anywhere but the pipe, the count is wrong or nothing ends.
    dir=$(make_dir many 400 200)
    [ "$(ls "$dir" | wc -c)" -gt 65536 ] || fail "the listing must be larger than a pipe holds"
    brun -h "$OPEN_END_HINT" "$LS_WC" "$dir"
    because "ls's stdout must be the pipe (dup2(fds[1], 1)) and wc's stdin its read end (dup2(fds[0], 0))"
    assert_success
    assert_stdout "$(ls "$dir" | wc -l)"
}

@test "ls_wc: without an argument it lists the current directory" {
    dir=$(make_dir here 4)
    cd "$dir"
    brun -h "$OPEN_END_HINT" "$LS_WC"
    assert_success
    assert_stdout "$(ls | wc -l)"
}

@test "ls_wc: ls's own output does not leak to stdout" {
    dir=$(make_dir leak 3)
    brun -h "$OPEN_END_HINT" "$LS_WC" "$dir"
    because "if ls's stdout is not the pipe, its file names appear in the output next to wc's count"
    assert_success
    refute_output --partial "of the listing"
    assert_stdout 3
}

@test "ls_wc: a missing directory: ls complains on stderr, wc prints 0, status is wc's (0)" {
    expected_status=0
    bash -c "ls '$WORK/nope' | wc -l" >/dev/null 2>&1 || expected_status=$?
    brun -h "$OPEN_END_HINT" "$LS_WC" "$WORK/nope"
    because "like the shell, the pipeline's status is the last command's (wc), and ls's error goes to stderr, not through the pipe"
    assert_equal "$status" "$expected_status"
    assert_stdout 0
    [[ "$stderr" == *"nope"* ]] || fail "ls's error message should reach stderr, got: '$stderr'"
}

@test "ls_wc: both children are waited for" {
    dir=$(make_dir waited 2)
    prun "$LS_WC" "$dir"
    because "the parent must waitpid() for ls and for wc; ipclab-run reports any child left as a zombie or still running"
    assert_success
}

@test "ls_wc: ls and wc that cannot be run: an error for each and 127, like the shell" {
    # An empty PATH: execlp finds neither ls nor wc.
    prun -h "$OPEN_END_HINT" env PATH="$WORK/empty" "$LS_WC" "$WORK"
    because "exec returns only when it failed: the child must report it on stderr and _exit(127), the shell's status for 'command not found' (the status is wc's, the last command)"
    assert_equal "$status" 127
    assert_output ""
    [[ "$stderr" == *"ls: No such file or directory"* && "$stderr" == *"wc: No such file or directory"* ]] ||
        fail "expected one message for ls and one for wc on stderr, got: '$stderr'"
}

@test "ls_wc: too many arguments is a usage error" {
    prun "$LS_WC" a b
    assert_usage_error ls_wc
}

# ---- pipeline ----------------------------------------------------------------

# Compare pipeline ARGS... with bash running the same stages: stdout and status.
# Arguments are passed to bash quoted, so both see exactly the same words.
same_as_bash() {
    local words=() arg cmd=""
    for arg in "$@"; do
        if [ "$arg" = "|" ]; then cmd+=" |"; else cmd+=" $(printf '%q' "$arg")"; fi
    done
    local expected_status=0
    (cd "$WORK" && bash -c "$cmd" 2>/dev/null) >"$WORK/expected" || expected_status=$?
    brun -h "$OPEN_END_HINT" "$PIPELINE" "$@"
    because "pipeline must print what bash prints for:$cmd (and exit with the last stage's status)"
    assert_same_bytes "$WORK/expected" "$WORK/stdout"
    assert_equal "$status" "$expected_status"
}

@test "pipeline: a single command runs like the shell" {
    same_as_bash echo "one stage, no pipe"
}

@test "pipeline: two stages" {
    same_as_bash printf 'b\na\nc\n' '|' sort
}

@test "pipeline: four stages over 100000 lines" {
    same_as_bash seq 1 100000 '|' grep 7 '|' sort -r '|' head -n 5
}

@test "pipeline: arguments with spaces and a quoted bar stay single words" {
    same_as_bash printf '%s\n' 'a b' 'x|y' '|' grep -c ' '
}

# points: 2
@test "pipeline: 'yes | head -n 3' ends (the writer gets SIGPIPE)" {
    prun -h "yes never got SIGPIPE: someone still holds the read end of its pipe. The parent must close each pipe's read end once the next stage is forked, and each child must close the original pipe fds after dup2 (or create them with O_CLOEXEC)." \
        -o "$WORK/stdout" "$PIPELINE" yes '|' head -n 3
    because "when head exits, the only reader is gone; yes is killed by SIGPIPE only if no other process holds a read end"
    assert_success
    assert_stdout y y y
}

# points: 2
@test "pipeline: 5 MB of binary data through three stages is byte-exact" {
    head -c 5000000 /dev/urandom >"$WORK/in.bin"
    prun -h "$OPEN_END_HINT" -o "$WORK/out.bin" "$PIPELINE" cat "$WORK/in.bin" '|' cat '|' cat
    because "each stage's stdout must be the next stage's stdin, and the last stage must see EOF"
    assert_success
    cmp "$WORK/in.bin" "$WORK/out.bin" || fail "output differs from input (in $(stat -c %s "$WORK/in.bin") bytes, out $(stat -c %s "$WORK/out.bin") bytes)"
}

@test "pipeline: the status is the last stage's" {
    same_as_bash true '|' false
    same_as_bash false '|' true
    same_as_bash true '|' sh -c 'exit 7'
}

@test "pipeline: a stage killed by a signal gives 128 + N, like bash" {
    same_as_bash true '|' sh -c 'kill -TERM $$'
}

@test "pipeline: a missing command prints an error and exits 127" {
    prun -h "$OPEN_END_HINT" "$PIPELINE" echo hi '|' no-such-command-ipclab
    because "when exec fails the child must report it and _exit(127) (the shell's 'not found'), not fall through into the parent's loop"
    assert_equal "$status" 127
    assert_output ""
    assert_equal "$stderr" "pipeline: no-such-command-ipclab: No such file or directory"
    # With stderr closed the message cannot be printed, and the failed
    # fprintf() sets errno: the status must come from exec's errno.
    prun bash -c '"$1" no-such-command-ipclab 2>&-' _ "$PIPELINE"
    because "save errno right after exec fails: printing the message can change it, and the status must still be 127 (exec's ENOENT)"
    assert_equal "$status" 127
}

@test "pipeline: a missing first command still lets the others run" {
    same_as_bash no-such-command-ipclab '|' wc -l
    assert_equal "$stderr" "pipeline: no-such-command-ipclab: No such file or directory"
}

@test "pipeline: each stage starts with only fds 0, 1 and 2 open" {
    # dash lists its own fds; a pipe end leaked into a stage shows up as fd 3, 4...
    brun -h "$OPEN_END_HINT" "$PIPELINE" true '|' sh -c 'ls /proc/$$/fd' '|' cat
    because "after dup2 a child must close the original pipe fds (or use O_CLOEXEC); leaked ends keep pipes open and hide EOF"
    assert_success
    assert_stdout 0 1 2
}

@test "pipeline: every stage is waited for" {
    prun "$PIPELINE" sleep 0.2 '|' true
    because "the parent must waitpid() for every stage, even one that ends after the last"
    assert_success
}

@test "pipeline: the status is the last stage's even when it ends first" {
    # The last stage exits at once with 3; the first ends 0.3 s later. A parent
    # that keeps the status of whichever child it reaped last reports 0.
    prun "$PIPELINE" sleep 0.3 '|' sh -c 'exit 3'
    because "the pipeline's status is the LAST STAGE's, not the last child to end: waitpid() each stage by its pid (or remember which pid wait() returned)"
    assert_equal "$status" 3
    prun "$PIPELINE" sh -c 'exit 4' '|' sleep 0.3
    because "a first stage that fails does not change the pipeline's status: the last stage (sleep) succeeded"
    assert_equal "$status" 0
}

@test "pipeline: output that cannot be written: the last stage's failure is the status" {
    prun -o /dev/full "$PIPELINE" printf 'a\nb\n' '|' cat
    because "cat cannot write to a full disk and exits 1: that is the last stage's status, so the pipeline's too (bash gives 1 as well)"
    assert_equal "$status" 1
    [[ "$stderr" == *"No space left on device"* ]] || fail "cat's error should reach stderr, got: '$stderr'"
    prun bash -c '"$@" >&-' _ "$PIPELINE" echo hi '|' cat
    because "with stdout closed the last stage's write fails (EBADF) and it exits non-zero: the pipeline must pass that on, not report success"
    [ "$status" -ne 0 ] || fail "pipeline exited 0 although its last stage could not write (stdout closed)"
}

@test "pipeline: the first stage reads the pipeline's own stdin, in pieces" {
    head -c 20000 /dev/urandom >"$WORK/in.bin"
    trun -h "$OPEN_END_HINT" 4000 30 "$WORK/in.bin" "$PIPELINE" cat '|' cat
    because "the first stage keeps the stdin pipeline was given (no dup2 onto fd 0 for it), and every stage reads until EOF"
    assert_success
    assert_same_bytes "$WORK/in.bin" "$WORK/stdout"
}

@test "pipeline: exactly a pipe's capacity (65536 bytes) and one byte either side" {
    local n
    for n in 65535 65536 65537; do
        head -c "$n" /dev/urandom >"$WORK/in.bin"
        brun -h "$OPEN_END_HINT" "$PIPELINE" cat "$WORK/in.bin" '|' cat '|' cat
        because "a pipe holds 65536 bytes: the writer blocks there until the next stage reads, so no stage may be waited for before the next one runs"
        assert_success
        assert_same_bytes "$WORK/in.bin" "$WORK/stdout"
    done
}

@test "pipeline: a command that exists but cannot be run exits 126, like bash" {
    printf '#!/bin/sh\necho should not run\n' >"$WORK/not-executable"
    chmod 644 "$WORK/not-executable"
    mkdir "$WORK/a-directory"
    same_as_bash echo hi '|' "$WORK/not-executable"
    because "exec fails with EACCES (no execute permission, or a directory): the shell's status is 126 ('found but cannot run'), 127 only for ENOENT ('not found')"
    assert_equal "$stderr" "pipeline: $WORK/not-executable: Permission denied"
    same_as_bash "$WORK/a-directory" '|' cat
    assert_equal "$stderr" "pipeline: $WORK/a-directory: Permission denied"
}

@test "pipeline: a command name of NAME_MAX (255) characters that does not exist is 127" {
    long=$(head -c 255 /dev/zero | tr '\0' 'c')
    prun "$PIPELINE" "$long" '|' cat
    because "a name of 255 characters is legal (NAME_MAX): execvp searches PATH for it and finds nothing, ENOENT, 127, like the shell"
    assert_equal "$status" 0
    prun "$PIPELINE" echo hi '|' "$long"
    assert_equal "$status" 127
    assert_equal "$stderr" "pipeline: $long: No such file or directory"
}

@test "pipeline: waiting for its stages burns no CPU" {
    mkfifo "$WORK/in"
    fixture "$WORK/in"
    # The stages wait for input from a FIFO the test holds open, so pipeline waits for them.
    start_bg pl -i "$WORK/in" "$PIPELINE" cat '|' cat
    exec 4>"$WORK/in"
    sleep 0.1
    assert_idle pl 400 "pipeline waiting for its stages"
    exec 4>&-
    wait_bg pl "$OPEN_END_HINT"
    rm -f "$WORK/in"
    because "the parent waits with a blocking waitpid(), not a loop of waitpid(WNOHANG)"
    assert_success
}

@test "pipeline: no command is a usage error" {
    prun "$PIPELINE"
    assert_usage_error pipeline
}

@test "pipeline: an empty stage is a usage error, wherever it is" {
    local args
    for args in "|" "| wc" "ls |" "ls | | wc"; do
        # shellcheck disable=SC2086
        prun "$PIPELINE" $args
        assert_usage_error pipeline
    done
}

# ---- bad input and failures ----------------------------------------------------------------

@test "failures: ls_wc and pipeline answer -h and --help with their usage line" {
    assert_help "$LS_WC"
    assert_help "$PIPELINE"
}

@test "failures: a closed stdin (<&-) changes nothing: pipe() must not land on fd 0" {
    mkdir "$WORK/d" && touch "$WORK/d/a" "$WORK/d/b" "$WORK/d/c"
    prun_closed_stdin "$LS_WC" "$WORK/d"
    because "with fd 0 closed, pipe() returns fd 0 as its read end; dup2(0, 0) then does nothing and close(0) loses the pipe. bash prints 3 here"
    assert_success
    assert_output "3"
    prun_closed_stdin "$PIPELINE" echo hi '|' cat
    assert_success
    assert_output "hi"
}

@test "failures: a closed stdout (>&-) fails in the last command, with its status" {
    prun_closed_stdout "$PIPELINE" echo hi '|' cat
    because "the last stage's stdout is closed: it fails (EBADF) and its status is the pipeline's, as in bash"
    assert_equal "$status" 1
    [[ "$stderr" == *"Bad file descriptor"* ]] || fail "expected cat's 'Bad file descriptor', got: $stderr"
    prun_closed_stdout "$LS_WC" /
    assert_equal "$status" 1
}

# signal_to_pipeline SIG: start a two-stage pipeline, send SIG to pipeline alone
# once both stages run, and check that no stage outlives it.
signal_to_pipeline() {
    local sig=$1 pid kids
    start_bg p "$PIPELINE" sleep 30 '|' sleep 31
    pid=$(prog_pid p) || fail "pipeline ended at once: $(cat "$WORK/p.err")"
    wait_until "pipeline never started its two stages" eval '[ "$(children_of "$pid" | wc -l)" -eq 2 ]'
    kids=$(children_of "$pid")
    kill "-$sig" "$pid"
    wait_bg p
    because "kill -$sig sent to pipeline alone must not leave its stages running: it passes the signal on, reaps them, and ends by the same signal"
    assert_equal "$status" "$((128 + $(kill -l "$sig")))"
    for k in $kids; do
        ! kill -0 "$k" 2>/dev/null || fail "stage $k ($(cat /proc/$k/comm 2>/dev/null)) is still running after kill -$sig pipeline"
    done
}

@test "failures: SIGTERM to pipeline stops every stage" { signal_to_pipeline TERM; }
@test "failures: SIGINT to pipeline stops every stage" { signal_to_pipeline INT; }
@test "failures: SIGHUP to pipeline stops every stage" { signal_to_pipeline HUP; }
@test "failures: SIGQUIT to pipeline stops every stage" { signal_to_pipeline QUIT; }
