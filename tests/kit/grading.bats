#!/usr/bin/env bats
# The kit's own tools: grader, autograder, starter generator, hidden tests.
# These guard the promises made to graders and instructors.

bats_require_minimum_version 1.5.0

setup() {
    load kit
}

# A submission folder holding lab 01 with pipe_fork.cpp replaced by $1.
submission_01() {
    mkdir -p "$T/sub/01-pipe-fork"
    cp "$ROOT/labs/01-pipe-fork/Makefile" "$T/sub/01-pipe-fork/"
    printf '%s\n' "$1" >"$T/sub/01-pipe-fork/pipe_fork.cpp"
}

@test "grade: a lab that does not compile scores 0 and shows the compiler's message" {
    submission_01 'int main() { this is not C++; }'
    run "$ROOT/tools/grading/grade" --impl "$T/sub" --out "$T/out" 01-pipe-fork
    assert_failure
    assert_output --partial "does not build"
    assert_output --partial "Score: 0/"
    run jq -r '.score, .tests[0].status, .tests[0].output' "$T/out/results.json"
    assert_line --index 0 "0"
    assert_line --index 1 "failed"
    assert_output --partial "error:"
}

@test "grade: a submission that hangs in every program: every test runs, ends early, and is explained" {
    submission_01 '#include <unistd.h>
int main() { for (;;) pause(); }'
    run "$ROOT/tools/grading/grade" --impl "$T/sub" --out "$T/out" 01-pipe-fork
    assert_failure 1
    # Ends early: most hangs are proven (every process blocked) long before the
    # time limit, rather than waited out. (Counted, not timed: a loaded machine
    # changes the seconds, not which hangs are proven.)
    local tests stuck
    tests=$(jq '.tests | length' "$T/out/results.json")
    stuck=$(grep -c "stuck after" <<<"$output")
    [ "$stuck" -ge $((tests * 3 / 4)) ] ||
        fail "only $stuck of $tests hanging tests were proven stuck early; the rest ran to the time limit"
    assert_line --index -1 --regexp "^Score: 0/"
    # Under each test: the hang proven early, and what the program is blocked in.
    assert_output --regexp "stuck after [0-9.]+s — every process is blocked and none can wake another: pid [0-9]+ \(pipe_fork\) is blocked in pause\(\)"
    refute_output --partial "not run"
    run jq -r '[.tests[] | select(.score == 0)] | length' "$T/out/results.json"
    assert_output "$(jq '.tests | length' "$T/out/results.json")"
    [ -z "$(ls /dev/shm | grep grade)" ] || fail "objects left in /dev/shm"
}

@test "grade: the points are those of the tests that pass under make test" {
    # A lab 01 that passes some tests and fails others: no early stop, no "not run".
    mkdir -p "$T/sub"
    cp -r "$ROOT/solutions/01-pipe-fork" "$T/sub/"
    rm -f "$T/sub/01-pipe-fork/pipe_fork"
    # the classic bug: the child keeps the write end, so it never sees EOF
    sed -i '0,/close(fds\[1\])/{/close(fds\[1\])/d}' "$T/sub/01-pipe-fork/pipe_fork.cpp"
    run "$ROOT/tools/grading/grade" --impl "$T/sub" --out "$T/out" 01-pipe-fork
    assert_failure 1
    refute_output --partial "not run"
    graded=$(jq '.score' "$T/out/results.json")
    [ "$graded" -gt 0 ] || fail "the partly working submission scored 0 (did it build?)"
    IMPL="$T/sub" run bats --tap "$ROOT/tests/01-pipe-fork.bats"
    passed=0
    while read -r n; do
        passed=$((passed + n))
    done < <(awk '/^# points: [0-9]+$/ { p = $3 } /^@test / { n++; pts[n] = (p ? p : 1); p = 0 }
                  END { for (i = 1; i <= n; i++) print pts[i] }' "$ROOT/tests/01-pipe-fork.bats" |
             paste - <(grep -E '^(not )?ok ' <<<"$output" | cut -c1-2) | awk '$2 == "ok" { print $1 } $2 != "ok" { print 0 }')
    assert_equal "$graded" "$passed"
}

# The points a lab's tests are worth, counted from its bats file: 1 per
# @test, or N when a "# points: N" line comes before it.
max_points() {
    awk '/^# points: [0-9]+$/ { p = $3 } /^@test / { t += (p ? p : 1); p = 0 } END { print t }' "$ROOT/tests/$1.bats"
}

@test "grade: results.json has Gradescope's fields and points add up" {
    mkdir -p "$T/sub"
    cp -r "$ROOT/solutions/01-pipe-fork" "$T/sub/"
    rm -f "$T/sub/01-pipe-fork/pipe_fork"
    run "$ROOT/tools/grading/grade" --impl "$T/sub" --out "$T/out" 01-pipe-fork
    assert_success
    max=$(max_points 01-pipe-fork)
    assert_output --partial "subtotal 01-pipe-fork: $max/$max"
    run jq -e '(.score == ([.tests[].score] | add)) and
               (.score == ([.tests[].max_score] | add)) and
               (.tests | all(has("name") and has("score") and has("max_score") and
                             has("status") and has("output") and has("visibility")))' "$T/out/results.json"
    assert_success
    [ -s "$T/out/junit/01-pipe-fork.xml" ] || fail "no JUnit report"
}

@test "autograder: run_autograder on a folder grades the solution full and the starter low" {
    make -s -C "$ROOT" autograder LAB=01 >/dev/null
    mkdir -p "$T/ag" && (cd "$T/ag" && unzip -q "$ROOT/build/ipclab-autograder.zip")
    [ -x "$T/ag/setup.sh" ] && [ -x "$T/ag/run_autograder" ] || fail "setup.sh or run_autograder missing from the zip"
    [ ! -e "$T/ag/solutions" ] || fail "the autograder zip contains solutions/"
    mkdir -p "$T/good" "$T/empty" "$T/res1" "$T/res2"
    cp "$ROOT/solutions/01-pipe-fork/pipe_fork.cpp" "$T/good/"
    IPCLAB_SUBMISSION="$T/good" IPCLAB_RESULTS="$T/res1" run "$T/ag/run_autograder"
    assert_success
    assert_output --partial "pipe_fork.cpp -> labs/01-pipe-fork/pipe_fork.cpp"
    run jq -e --argjson max "$(max_points 01-pipe-fork)" '.score == $max' "$T/res1/results.json"
    assert_success
    IPCLAB_SUBMISSION="$T/empty" IPCLAB_RESULTS="$T/res2" run "$T/ag/run_autograder"
    run jq -e --argjson max "$(max_points 01-pipe-fork)" '.score < $max / 2' "$T/res2/results.json"
    assert_success
}

@test "hidden tests: strip-hidden drops exactly the tests marked # hidden" {
    printf '%s\n' '# points: 2' '@test "public" {' '  true' '}' '' '# points: 3' '# hidden' '@test "secret" {' '  false' '}' '@test "after" {' '}' >"$T/in.bats"
    run "$ROOT/tools/strip-hidden" <"$T/in.bats"
    assert_output --partial '@test "public"'
    assert_output --partial '@test "after"'
    refute_output --partial 'secret'
    refute_output --partial 'points: 3'
}

@test "starters: a marker error stops the generator with file:line" {
    mkdir -p "$T/sol/99-bad"
    printf '%s\n' 'int main() {' '    // BEGIN SOLUTION: a' '    // BEGIN SOLUTION: b' '}' >"$T/sol/99-bad/bad.cpp"
    make -s -C "$ROOT" build/bin/gen_starters >/dev/null
    run "$ROOT/build/bin/gen_starters" "$T/out" "$T/sol/99-bad"
    assert_failure
    assert_output --partial "bad.cpp:3: nested BEGIN SOLUTION"
}
