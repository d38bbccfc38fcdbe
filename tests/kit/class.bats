#!/usr/bin/env bats
# Grading a class: make grade-all (every submission, JOBS at a time, the same
# points as graded alone), its class report, and the packages for Autolab and
# PrairieLearn beside Gradescope's.

bats_require_minimum_version 1.5.0

setup() {
    load kit
    LAB=01-pipe-fork
    MAX=$(awk '/^# points: [0-9]+$/ { p = $3 } /^@test / { t += (p ? p : 1); p = 0 } END { print t }' \
        "$ROOT/tests/$LAB.bats")
}

# mutant NAME DEST: lab 01's solution with one classic bug, as a submission folder.
mutant() {
    mkdir -p "$2/$LAB"
    cp "$ROOT/solutions/$LAB"/Makefile "$ROOT/solutions/$LAB"/*.cpp "$2/$LAB/"
    cp "$ROOT/solutions/$LAB"/*.hpp "$2/$LAB/" 2>/dev/null || true
    patch -s -p1 -d "$2/$LAB" <"$ROOT/tests/mutants/$LAB/$1.patch" || fail "mutant $1 does not apply"
}

# A class of six: the solution twice (one as a flat upload), the starter (an
# empty upload), a lab that does not build, and two classic bugs, one of which
# hangs (the child keeps the write end, so it never sees EOF).
make_class() {
    local subs=$1
    mkdir -p "$subs/alice/$LAB" "$subs/bob" "$subs/carol" "$subs/dave/$LAB"
    cp "$ROOT/solutions/$LAB/pipe_fork.cpp" "$subs/alice/$LAB/"
    cp "$ROOT/solutions/$LAB/pipe_fork.cpp" "$subs/bob/"
    printf 'int main() { this is not C++; }\n' >"$subs/dave/$LAB/pipe_fork.cpp"
    mutant child-keeps-write-end "$subs/erin"
    mutant no-wait "$subs/frank"
}

# The class (with a second copy of each bug) is graded once, at JOBS=2 with
# the report; the tests below read that run, and the determinism test grades
# it again at JOBS=1 and 4.
setup_file() {
    ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    LAB=01-pipe-fork
    export CLASS=$BATS_FILE_TMPDIR/subs GRADED=$BATS_FILE_TMPDIR/out2
    make_class "$CLASS"
    cp -r "$CLASS/erin" "$CLASS/erin2"
    cp -r "$CLASS/frank" "$CLASS/frank2"
    "$ROOT/tools/grading/grade-all" --jobs 2 --report --out "$GRADED" "$CLASS" "$LAB" >"$BATS_FILE_TMPDIR/grade-all.out" 2>&1 ||
        echo "status $?" >>"$BATS_FILE_TMPDIR/grade-all.out"
}

# points LINE...: "submission,points" from scores.csv, the seconds left out.
points() { cut -d, -f1,2 "$1" | tail -n +2; }

@test "grade-all: one row per submission, each scored as the grader scores it alone" {
    run cat "$BATS_FILE_TMPDIR/grade-all.out"
    refute_output --partial "status "
    run head -n 1 "$GRADED/scores.csv"
    assert_output "submission,$LAB,total,max,seconds,build_failures"
    run points "$GRADED/scores.csv"
    assert_line --index 0 "\"alice\",$MAX"
    assert_line --index 1 "\"bob\",$MAX"
    assert_line --index 3 "\"dave\",0"
    [ "$(wc -l <"$GRADED/scores.csv")" -eq 9 ] || fail "expected a header and 8 rows: $(cat "$GRADED/scores.csv")"
    # the starter and the bugs score less than the maximum, but something
    local carol erin frank
    carol=$(awk -F, '$1 == "\"carol\"" { print $2 }' "$GRADED/scores.csv")
    erin=$(awk -F, '$1 == "\"erin\"" { print $2 }' "$GRADED/scores.csv")
    frank=$(awk -F, '$1 == "\"frank\"" { print $2 }' "$GRADED/scores.csv")
    [ "$carol" -lt "$MAX" ] && [ "$erin" -lt "$MAX" ] && [ "$erin" -gt 0 ] && [ "$frank" -lt "$MAX" ] ||
        fail "starter $carol, hanging bug $erin, no-wait bug $frank of $MAX: not what their tests give"
    # dave's lab does not build: named in his row, and only in his
    run grep -c "\"$LAB\"\$" "$GRADED/scores.csv"
    assert_output 1
    run grep "^\"dave\"" "$GRADED/scores.csv"
    assert_output --regexp ",\"$LAB\"\$"
    # each submission: Gradescope's results.json, the placement and the report
    for s in alice bob carol dave erin frank; do
        [ -s "$GRADED/subs/$s/results.json" ] || fail "no results.json for $s"
        jq -e '.tests | length > 0' "$GRADED/subs/$s/results.json" >/dev/null || fail "no tests in $s's results"
    done
    grep -q "pipe_fork.cpp -> labs/$LAB/pipe_fork.cpp" "$GRADED/subs/bob/output.txt" ||
        fail "bob's flat upload was not placed into $LAB"
    # the same points as tools/grading/grade on that submission alone
    run "$ROOT/tools/grading/grade" --impl "$CLASS/frank" --out "$T/alone" "$LAB"
    [ "$(jq .score "$T/alone/results.json")" -eq "$frank" ] ||
        fail "frank scores $frank in grade-all but $(jq .score "$T/alone/results.json") alone"
    # nothing of the graded programs is left running or in /dev/shm
    ! pgrep -f "$GRADED/subs" >/dev/null || fail "processes of the graded submissions are still running"
}

@test "grade-all: parallel grading never changes a score (JOBS=1, 2 and 4)" {
    local j
    points "$GRADED/scores.csv" >"$T/points2"
    for j in 1 4; do
        "$ROOT/tools/grading/grade-all" --jobs "$j" --out "$T/out$j" "$CLASS" "$LAB" >/dev/null ||
            fail "grade-all --jobs $j failed"
        points "$T/out$j/scores.csv" >"$T/points$j"
    done
    diff -u "$T/points1" "$T/points2" || fail "JOBS=2 changed a score"
    diff -u "$T/points1" "$T/points4" || fail "JOBS=4 changed a score"
    [ "$(grep '^"erin",' "$T/points1" | cut -d, -f2)" = "$(grep '^"erin2",' "$T/points1" | cut -d, -f2)" ] &&
        [ "$(grep '^"frank",' "$T/points4" | cut -d, -f2)" = "$(grep '^"frank2",' "$T/points4" | cut -d, -f2)" ] ||
        fail "two copies of one submission got different points: $(cat "$T/points1" "$T/points4")"
}

@test "grade-all: bad input is refused with a reason" {
    run "$ROOT/tools/grading/grade-all" "$T/nowhere" "$LAB"
    assert_failure 2
    assert_output --partial "no such folder"
    mkdir -p "$T/empty"
    run "$ROOT/tools/grading/grade-all" "$T/empty" "$LAB"
    assert_failure 2
    assert_output --partial "no submission folders"
    mkdir -p "$T/subs/a"
    run "$ROOT/tools/grading/grade-all" --jobs x "$T/subs" "$LAB"
    assert_failure 2
    run "$ROOT/tools/grading/grade-all" "$T/subs" 99-nothing
    assert_failure 2
    assert_output --partial "no tests for 99-nothing"
    run make -s -C "$ROOT" grade-all LAB=01
    assert_failure
    assert_output --partial "usage: make grade-all SUBS=DIR"
}

@test "class report: one self-contained page, the most failed test first, reasons grouped" {
    local page="$GRADED/report.html"
    [ -s "$page" ] || fail "no class report: $(cat "$BATS_FILE_TMPDIR/grade-all.out")"
    # offline: no request leaves the page, the plots and fonts are inside it
    ! grep -qE '(src|href)="https?:' "$page" || fail "the report loads something from the network"
    grep -q '@font-face' "$page" || fail "the report does not carry its fonts"
    [ "$(grep -c '<svg\|data:image/svg' "$page")" -ge 2 ] || fail "the two plots are not in the page"
    grep -q 'Class report: 8 submissions' "$page" || fail "no title"
    # the table of tests: every test once, its passes as the submissions'
    # results.json count them, the lowest pass rate first
    run python3 - "$GRADED" <<'EOF'
import glob, json, re, sys
out = sys.argv[1]
passes, subs = {}, glob.glob(out + "/subs/*/results.json")
for path in subs:
    for t in json.load(open(path))["tests"]:
        passes[t["name"]] = passes.get(t["name"], 0) + (t["status"] == "passed")
text = open(out + "/report.md").read()
section = text.split("# Tests, the most failed first")[1].split("\n# ")[0]
rows = re.findall(r"^\| (\S+) \| (.*) \| (\d+) of (\d+) \| \d+% \|$", section, re.M)
assert rows, "no rows in the table of tests"
for lab, name, passed, seen in rows:
    key = lab + ": " + re.sub(r"\\(.)", r"\1", name)  # markdown's escapes undone
    assert key in passes, f"not a test of the submissions: {key}"
    assert int(seen) == len(subs), f"{key}: seen by {seen} of {len(subs)} submissions"
    assert int(passed) == passes[key], f"{key}: {passed} passed in the report, {passes[key]} in results.json"
rates = [int(p) / int(n) for _, _, p, n in rows]
assert rates == sorted(rates), f"not the most failed first: {rates}"
print(len(rows))
EOF
    assert_success
    [ "$output" -eq "$(grep -c '^@test' "$ROOT/tests/$LAB.bats")" ] || fail "the table lists $output tests"
    # reasons are grouped: the hang's explanation appears once, counted for
    # the submission(s) that share it
    local n; n=$(grep -c '^@test' "$ROOT/tests/$LAB.bats")
    run grep -c "^| $LAB | the lab does not build | $n | 1 | $n |" "$GRADED/report.md"
    [ "$output" -eq 1 ] || fail "dave's build failure is not one grouped reason: $(grep -A25 'common failure' "$GRADED/report.md")"
    grep -q '^| dave | ' "$GRADED/report.md" || fail "dave is not listed under the labs that do not build"
    # rendered in headless chromium like the materials, with no system font
    if [ -x /usr/bin/chromium ] && [ -d "$ROOT/node_modules" ]; then
        # (the check's blank font is the one the report's own fonts step wrote)
        IPCLAB_BLANK_FONTS="$GRADED/fonts/blank" run node "$ROOT/tools/materials/materials-check.mjs" "$page"
        assert_success
    fi
}

@test "autolab: the package grades the solution to full marks and the starter lower, scores last" {
    make -s -C "$ROOT" autograder LAB=01 >/dev/null
    local dir
    for who in good starter; do
        dir="$T/autolab-$who"
        mkdir -p "$dir/hand"
        cp "$ROOT/build/autolab/autograde.tar" "$dir/"
        cp "$ROOT/build/autolab/autograde-Makefile" "$dir/Makefile"
        [ "$who" = good ] && cp "$ROOT/solutions/$LAB/pipe_fork.cpp" "$dir/hand/"
        [ "$who" = starter ] && cp "$ROOT/labs/$LAB/pipe_fork.cpp" "$dir/hand/"
        tar -cf "$dir/handin.tar" -C "$dir/hand" .
        rm -rf "$dir/hand"
        # a top-level make, as Autolab runs it (under make test-kit, a sub-make
        # would add "Leaving directory" after the scores)
        (cd "$dir" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make >"$dir/out" 2>&1) ||
            fail "Autolab's make failed: $(tail -5 "$dir/out")"
    done
    [ ! -e "$T/autolab-good/ipclab/solutions" ] || fail "the Autolab package contains solutions/"
    run tail -n 1 "$T/autolab-good/out"
    assert_output "{\"scores\":{\"$LAB\":$MAX}}"
    grep -q "pipe_fork.cpp -> labs/$LAB/pipe_fork.cpp" "$T/autolab-good/out" || fail "no placement report"
    run tail -n 1 "$T/autolab-starter/out"
    run jq -e --argjson max "$MAX" ".scores[\"$LAB\"] < \$max / 2" <<<"$output"
    assert_success
}

@test "prairielearn: the entry point grades /grade/student into results.json with PrairieLearn's fields" {
    make -s -C "$ROOT" autograder LAB=01 >/dev/null
    local kit="$ROOT/build/prairielearn/serverFilesCourse/ipclab"
    [ -x "$kit/tools/grading/prairielearn/run" ] || fail "no entry point in the package"
    jq -e '.externalGradingOptions.entrypoint == "/grade/serverFilesCourse/ipclab/tools/grading/prairielearn/run"' \
        "$ROOT/build/prairielearn/info.json" >/dev/null || fail "info.json names another entry point"
    mkdir -p "$T/good/student" "$T/starter/student"
    cp "$ROOT/solutions/$LAB/pipe_fork.cpp" "$T/good/student/"
    IPCLAB_GRADE_DIR="$T/good" run "$kit/tools/grading/prairielearn/run"
    assert_success
    run jq -e --argjson max "$MAX" '.gradable == true and .score == 1 and
        (.tests | length > 0) and all(.tests[]; has("name") and has("points") and has("max_points") and has("output"))
        and ([.tests[].max_points] | add) == $max' "$T/good/results/results.json"
    assert_success
    IPCLAB_GRADE_DIR="$T/starter" run "$kit/tools/grading/prairielearn/run"
    assert_success
    run jq -e '.gradable == true and .score < 0.5 and .score >= 0 and
        any(.tests[]; .points == 0 and (.output | length) > 0)' "$T/starter/results/results.json"
    assert_success
}

@test "grade-all over several machines: the README's --sshlogin command (ssh played by a local shell)" {
    mkdir -p "$T/subs/alice" "$T/subs/bob"
    cp "$ROOT/solutions/$LAB/pipe_fork.cpp" "$T/subs/alice/"
    # ssh HOST COMMAND: here the "hosts" are this machine; the log shows which
    # one ran what, as ssh would on two graders sharing the disk.
    cat >"$T/ssh" <<EOS
#!/bin/bash
while [[ \$1 == -* ]]; do case \$1 in -[lopS]) shift 2 ;; *) shift ;; esac; done
echo "\$1" >>"$T/hosts"
shift
[ "\$1" = -- ] && shift
# sshd starts the command with SHELL set to the login shell; parallel's
# remote worker runs the job with it
export SHELL=\$(getent passwd "\$(id -un)" | cut -d: -f7)
exec bash -c "\$*"
EOS
    chmod +x "$T/ssh"
    IPCLAB_PARALLEL="--ssh $T/ssh --sshlogin 1/grader1,1/grader2" \
        run "$ROOT/tools/grading/grade-all" --out "$T/out" "$T/subs" "$LAB"
    assert_success
    run points "$T/out/scores.csv"
    assert_line --index 0 "\"alice\",$MAX"
    assert_line --index 1 --regexp '^"bob",[0-9]+$'
    grep -q grader "$T/hosts" || fail "parallel did not go through ssh"
}
