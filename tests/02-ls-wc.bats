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
make_dir() {
    local dir=$WORK/$1 n=$2 i
    mkdir -p "$dir"
    for ((i = 0; i < n; i++)); do : >"$dir/file $i of the listing.txt"; done
    echo "$dir"
}

# ---- ls_wc -----------------------------------------------------------------

@test "ls_wc: counts like ls DIR | wc -l for a directory of 7 files" {
    dir=$(make_dir seven 7)
    expected=$(ls "$dir" | wc -l)
    prun -h "$OPEN_END_HINT" "$LS_WC" "$dir"
    because "ls_wc must print exactly what the shell prints for 'ls DIR | wc -l'"
    assert_success
    assert_output "$expected"
}

@test "ls_wc: an empty directory gives 0" {
    mkdir "$WORK/empty"
    prun -h "$OPEN_END_HINT" "$LS_WC" "$WORK/empty"
    because "wc must see EOF at once when ls writes nothing: the parent and both children must close the write end"
    assert_success
    assert_output "$(ls "$WORK/empty" | wc -l)"
}

# points: 2
@test "ls_wc: 3000 entries (more than a pipe holds) are all counted" {
    # 3000 names of about 30 bytes: ~90 KB, more than the 64 KiB a pipe holds,
    # so ls blocks until wc reads. With the pipe's read end on the wrong fd, or
    # ls writing anywhere but the pipe, the count is wrong or nothing ends.
    dir=$(make_dir many 3000)
    prun -h "$OPEN_END_HINT" "$LS_WC" "$dir"
    because "ls's stdout must be the pipe (dup2(fds[1], 1)) and wc's stdin its read end (dup2(fds[0], 0))"
    assert_success
    assert_output "$(ls "$dir" | wc -l)"
}

@test "ls_wc: without an argument it lists the current directory" {
    dir=$(make_dir here 4)
    cd "$dir"
    prun -h "$OPEN_END_HINT" "$LS_WC"
    assert_success
    assert_output "$(ls | wc -l)"
}

@test "ls_wc: ls's own output does not leak to stdout" {
    dir=$(make_dir leak 3)
    prun -h "$OPEN_END_HINT" "$LS_WC" "$dir"
    because "if ls's stdout is not the pipe, its file names appear in the output next to wc's count"
    assert_success
    refute_output --partial "of the listing"
    assert_equal "$(wc -l <<<"$output")" 1
}

@test "ls_wc: a missing directory: ls complains on stderr, wc prints 0, status is wc's (0)" {
    expected_status=0
    bash -c "ls '$WORK/nope' | wc -l" >/dev/null 2>&1 || expected_status=$?
    prun -h "$OPEN_END_HINT" "$LS_WC" "$WORK/nope"
    because "like the shell, the pipeline's status is the last command's (wc), and ls's error goes to stderr, not through the pipe"
    assert_equal "$status" "$expected_status"
    assert_output "0"
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
    local expected expected_status=0
    expected=$(cd "$WORK" && bash -c "$cmd" 2>/dev/null) || expected_status=$?
    prun -h "$OPEN_END_HINT" "$PIPELINE" "$@"
    because "pipeline must print what bash prints for:$cmd (and exit with the last stage's status)"
    assert_equal "$output" "$expected"
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
        "$PIPELINE" yes '|' head -n 3
    because "when head exits, the only reader is gone; yes is killed by SIGPIPE only if no other process holds a read end"
    assert_success
    assert_output "$(printf 'y\ny\ny')"
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
    prun -h "$OPEN_END_HINT" "$PIPELINE" true '|' sh -c 'ls /proc/$$/fd' '|' cat
    because "after dup2 a child must close the original pipe fds (or use O_CLOEXEC); leaked ends keep pipes open and hide EOF"
    assert_success
    assert_output "$(printf '0\n1\n2')"
}

@test "pipeline: every stage is waited for" {
    prun "$PIPELINE" sleep 0.2 '|' true
    because "the parent must waitpid() for every stage, even one that ends after the last"
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
