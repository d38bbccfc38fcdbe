#!/usr/bin/env bats
# Lab 03 — mmap: a file mapped MAP_SHARED is the file; anonymous shared memory across fork.
# Points: 1 per test unless a "# points: N" line precedes it (see tools/grading/grade).

load helpers/common

setup() {
    ipclab_setup 03-mmap
    MMAP_BASIC=$(prog mmap_basic)
    MMAP_WRITE=$(prog mmap_write)
    MMAP_READ=$(prog mmap_read)
    MMAP_ANON=$(prog mmap_anon)
}
teardown() { ipclab_teardown; }

SIGBUS_HINT="a process touched a mapped page past the end of the file (SIGBUS) or crashed: a new file is 0 bytes long, so ftruncate() it to its size before touching the mapping."

# mrun ARGS...: prun, then fail at once, naming the signal, if the program was
# killed by one (a crash must not read as "wrong output").
mrun() {
    brun -h "$SIGBUS_HINT" "$@"
    if [ "$status" -gt 128 ] && [ "$status" -lt 160 ]; then
        local sig
        sig=$(kill -l $((status - 128)) 2>/dev/null || echo "?")
        if [ "$sig" = BUS ]; then
            fail "$(printf '%s\nkilled by SIGBUS: it touched a mapped page past the end of the file. A new (or short) file must be made long enough with ftruncate() BEFORE the mapping is used.' "$IPCLAB_LAST_CMD")"
        fi
        fail "$(printf '%s\nkilled by SIG%s (status %s). stderr: %s' "$IPCLAB_LAST_CMD" "$sig" "$status" "$stderr")"
    fi
    return 0
}

# file_is FILE EXPECTED: FILE holds exactly the bytes of EXPECTED (a string).
file_is() {
    printf '%s' "$2" >"$WORK/expected"
    cmp "$WORK/expected" "$1" ||
        fail "$(printf '%s should hold exactly %q (%s bytes); it holds %q (%s bytes)' "$1" "$2" "${#2}" \
            "$(tr '\0' '@' <"$1" | head -c 200)" "$(stat -c %s "$1")")"
}

# ---- mmap_basic: parent and child share a MAP_SHARED file mapping -----------------------

# points: 2
@test "mmap_basic: the parent reads what the child wrote into the shared mapping" {
    mrun "$MMAP_BASIC" "$WORK/f"
    because "with MAP_SHARED the child's store goes to the file's pages, which are also the parent's pages; the parent must wait for the child before it looks"
    [ "$output" != "parent read: " ] ||
        fail "the parent read nothing: the child's write did not reach the parent's mapping (MAP_PRIVATE instead of MAP_SHARED? the parent looked before waitpid()? the child crashed?). stderr: $stderr"
    assert_stdout "parent read: hello from the child"
    assert_success
}

@test "mmap_basic: a TEXT given on the command line is the one passed" {
    mrun "$MMAP_BASIC" "$WORK/f" "shared pages"
    because "the child writes TEXT, all of it, and the parent prints it once"
    assert_success
    assert_stdout "parent read: shared pages"
}

# points: 2
@test "mmap_basic: FILE holds exactly TEXT afterwards" {
    mrun "$MMAP_BASIC" "$WORK/f" "written through memory"
    because "a MAP_SHARED mapping IS the file: the child's memcpy changes the file, no write() needed; ftruncate gives the file exactly TEXT's length"
    assert_success
    assert_file_exists "$WORK/f"
    file_is "$WORK/f" "written through memory"
}

@test "mmap_basic: a text longer than a page is shared whole" {
    text=$(head -c 10000 /dev/zero | tr '\0' 'm')
    mrun "$MMAP_BASIC" "$WORK/f" "$text"
    because "the file and the mapping must be as long as TEXT (10000 bytes, three pages), not one fixed page"
    assert_success
    [ "$output" = "parent read: $text" ] || fail "the parent did not read the 10000-byte text (it printed ${#output} characters)"
    assert_stdout "parent read: $text"
    file_is "$WORK/f" "$text"
}

@test "mmap_basic: FILE is created with mode 0600" {
    mrun "$MMAP_BASIC" "$WORK/f" hi
    because "the creator opens with O_CREAT | O_EXCL and mode 0600: nobody else may read or change the shared data"
    assert_success
    assert_equal "$(stat -c %a "$WORK/f")" 600
}

@test "mmap_basic: an existing FILE is an error and is left untouched" {
    printf 'keep me' >"$WORK/f"
    mrun "$MMAP_BASIC" "$WORK/f" "overwrite"
    assert_call_error mmap_basic "open: File exists"
    because "O_EXCL: mmap_basic creates FILE and must not clobber a file that is already there"
    file_is "$WORK/f" "keep me"
}

@test "mmap_basic: a FILE in a missing directory is an error" {
    mrun "$MMAP_BASIC" "$WORK/no/such/dir/f"
    assert_call_error mmap_basic "open: No such file or directory"
}

@test "mmap_basic: wrong arguments are a usage error" {
    mrun "$MMAP_BASIC"
    assert_usage_error mmap_basic
    mrun "$MMAP_BASIC" "$WORK/f" one two
    assert_usage_error mmap_basic
    mrun "$MMAP_BASIC" "$WORK/f" ""
    assert_usage_error mmap_basic
    assert_file_not_exists "$WORK/f"
}

@test "mmap_basic: the fd is closed after mmap, before fork" {
    have_strace || skip "strace cannot run here"
    mrun strace -f -qq -e trace=openat,mmap,close,clone,clone3,fork -o "$WORK/trace" "$MMAP_BASIC" "$WORK/f" hi
    assert_success
    because "the mapping keeps its own reference to the file: the fd can (and should) be closed once mmap has returned, so the child does not inherit it"
    fd=$(grep -F "\"$WORK/f\"" "$WORK/trace" | grep -Eo '= [0-9]+$' | head -n 1 | tr -dc '0-9')
    [ -n "$fd" ] || fail "FILE was never opened: $(cat "$WORK/trace")"
    # The lines after the open, up to the fork: one of them must close that fd.
    awk -v f="\"$WORK/f\"" -v fd="$fd" '
        index($0, f) { opened = 1; next }
        opened && /(clone|fork)/ { exit }
        opened && $0 ~ ("close\\(" fd "\\)") { found = 1 }
        END { exit !found }' "$WORK/trace" ||
        fail "fd $fd (FILE) was not closed between mmap() and fork(): $(grep -E 'mmap|close|clone|fork|openat' "$WORK/trace" | tail -n 12)"
}

# ---- mmap_write / mmap_read: unrelated processes share the file -----------------------------

# points: 2
@test "mmap_write: the file on disk holds the text" {
    mrun "$MMAP_WRITE" "$WORK/f" "stored with memcpy"
    because "a store into a MAP_SHARED mapping changes the file itself; MAP_PRIVATE would keep the change in this process and lose it"
    assert_success
    assert_stdout
    assert_file_exists "$WORK/f"
    file_is "$WORK/f" "stored with memcpy"
    assert_equal "$(stat -c %a "$WORK/f")" 600
}

# points: 2
@test "mmap_write then mmap_read: two unrelated processes see each other's writes" {
    mrun "$MMAP_WRITE" "$WORK/f" "ping from the first process"
    assert_success
    mrun "$MMAP_READ" "$WORK/f"
    because "mmap_read maps the same file: it sees exactly what mmap_write stored through its mapping"
    assert_success
    assert_stdout_bytes "ping from the first process"
    mrun "$MMAP_WRITE" "$WORK/f" "PONG"
    assert_success
    mrun "$MMAP_READ" "$WORK/f"
    because "a second writer changes the first bytes in place; the rest of the file stays (mmap_write never shrinks FILE)"
    assert_stdout_bytes "PONG from the first process"
}

@test "mmap_write: a shorter existing file is extended" {
    printf 'ab' >"$WORK/f"
    mrun "$MMAP_WRITE" "$WORK/f" "longer text"
    because "the file must be made long enough with ftruncate before the mapping is touched: storing past the end of the file raises SIGBUS"
    assert_success
    file_is "$WORK/f" "longer text"
}

@test "mmap_write: a longer existing file keeps its tail" {
    printf 'hello, world' >"$WORK/f"
    mrun "$MMAP_WRITE" "$WORK/f" "HELLO"
    because "mmap_write stores TEXT at offset 0 and never shrinks the file (no O_TRUNC, no ftruncate to a smaller size)"
    assert_success
    file_is "$WORK/f" "HELLO, world"
}

@test "mmap_write: a text of several pages reaches the file byte-exact" {
    text=$(head -c 20000 /dev/urandom | base64 -w 0 | head -c 20000)
    mrun "$MMAP_WRITE" "$WORK/f" "$text"
    because "the mapping must cover all of TEXT (several pages), and the whole text must be copied"
    assert_success
    file_is "$WORK/f" "$text"
}

@test "mmap_write: an empty TEXT creates an empty file and changes nothing else" {
    mrun "$MMAP_WRITE" "$WORK/new" ""
    because "an empty TEXT is valid: there is nothing to map (mmap refuses length 0), but FILE is created"
    assert_success
    assert_file_exists "$WORK/new"
    assert_file_empty "$WORK/new"
    printf 'unchanged' >"$WORK/old"
    mrun "$MMAP_WRITE" "$WORK/old" ""
    assert_success
    file_is "$WORK/old" "unchanged"
}

@test "mmap_write: msync before munmap, and the fd closed" {
    have_strace || skip "strace cannot run here"
    mrun strace -qq -e trace=openat,mmap,msync,munmap,close -o "$WORK/trace" "$MMAP_WRITE" "$WORK/f" "sync me"
    assert_success
    because "msync(MS_SYNC) is what makes sure the change is on disk when mmap_write reports success; it must come before munmap, and the fd must not leak"
    addr=$(grep -F "\"$WORK/f\"" -A 20 "$WORK/trace" | grep -E '^mmap\(NULL, 7,' | grep -Eo '= 0x[0-9a-f]+' | head -n 1 | cut -c3-)
    [ -n "$addr" ] || fail "no 7-byte mapping of FILE: $(cat "$WORK/trace")"
    grep -Eq "^msync\\($addr, 7, MS_SYNC" "$WORK/trace" ||
        fail "no msync($addr, 7, MS_SYNC) on the mapping: $(grep -E 'msync|munmap' "$WORK/trace")"
    awk -v a="$addr" '$0 ~ ("^msync\\(" a) { s = NR } $0 ~ ("^munmap\\(" a) { u = NR } END { exit !(s && u && s < u) }' "$WORK/trace" ||
        fail "msync must come before munmap of the mapping: $(grep -E "msync|munmap" "$WORK/trace")"
    fd=$(grep -F "\"$WORK/f\"" "$WORK/trace" | grep -Eo '= [0-9]+$' | head -n 1 | tr -dc '0-9')
    grep -Eq "^close\\($fd\\)" "$WORK/trace" || fail "fd $fd (FILE) is never closed"
}

@test "mmap_write: a FILE in a missing directory is an error" {
    mrun "$MMAP_WRITE" "$WORK/no/such/f" text
    assert_call_error mmap_write "open: No such file or directory"
}

@test "mmap_write: wrong arguments are a usage error" {
    mrun "$MMAP_WRITE"
    assert_usage_error mmap_write
    mrun "$MMAP_WRITE" "$WORK/f"
    assert_usage_error mmap_write
    mrun "$MMAP_WRITE" "$WORK/f" a b
    assert_usage_error mmap_write
    assert_file_not_exists "$WORK/f"
}

# points: 2
@test "mmap_read: several MB of binary data come out byte-exact" {
    head -c 3000000 /dev/urandom >"$WORK/in.bin"
    mrun -o "$WORK/out.bin" "$MMAP_READ" "$WORK/in.bin"
    because "mmap_read maps the whole file (its size from fstat) and writes every byte, NUL bytes included; write() may be short, so loop"
    assert_success
    cmp "$WORK/in.bin" "$WORK/out.bin" ||
        fail "output differs from the file (sizes: file $(stat -c %s "$WORK/in.bin"), output $(stat -c %s "$WORK/out.bin"))"
}

@test "mmap_read: a file that ends mid-page is printed without padding" {
    head -c 4097 /dev/urandom >"$WORK/in.bin"
    mrun -o "$WORK/out.bin" "$MMAP_READ" "$WORK/in.bin"
    because "the mapping is rounded up to whole pages (the tail reads as zeros), but only st_size bytes belong to the file"
    assert_success
    cmp "$WORK/in.bin" "$WORK/out.bin" ||
        fail "output differs from the 4097-byte file (output has $(stat -c %s "$WORK/out.bin") bytes)"
}

@test "mmap_read: sees what an ordinary write() put in the file" {
    printf 'line one\nno newline at the end' >"$WORK/f"
    mrun "$MMAP_READ" "$WORK/f"
    because "a mapping and read()/write() look at the same page cache; mmap_read adds and drops nothing"
    assert_success
    assert_stdout_bytes "$(printf 'line one\nno newline at the end')"
}

# points: 2
@test "mmap_read: an empty file prints nothing and exits 0" {
    : >"$WORK/empty"
    mrun "$MMAP_READ" "$WORK/empty"
    because "mmap() refuses a length of 0 (EINVAL): an empty file must be handled before mapping, and it is not an error"
    assert_success
    assert_stdout
    assert_equal "$stderr" ""
}

@test "mmap_read: a read-only file can be mapped" {
    printf 'read only' >"$WORK/ro"
    chmod 400 "$WORK/ro"
    mrun "$MMAP_READ" "$WORK/ro"
    because "mmap_read opens O_RDONLY and maps PROT_READ: it needs no write permission"
    assert_success
    assert_stdout_bytes "read only"
}

# points: 2
@test "mmap_read: a missing file is an error" {
    mrun "$MMAP_READ" "$WORK/missing"
    assert_call_error mmap_read "open: No such file or directory"
    assert_output ""
}

@test "mmap_read: wrong arguments are a usage error" {
    mrun "$MMAP_READ"
    assert_usage_error mmap_read
    mrun "$MMAP_READ" "$WORK/a" "$WORK/b"
    assert_usage_error mmap_read
}

# ---- the classes of bugs a quick test does not see ---------------------------------------

@test "mmap_basic: a text of exactly one page (4096 bytes), and of two" {
    local n text
    for n in 4096 8192; do
        text=$(head -c "$n" /dev/zero | tr '\0' 'q')
        rm -f "$WORK/f"
        mrun "$MMAP_BASIC" "$WORK/f" "$text"
        because "a text that fills its pages exactly has no zero byte after it in the mapping: the parent must print len bytes (or strnlen(shared, len)), not the mapping as a C string, which runs off the end of the mapping"
        assert_success
        assert_stdout "parent read: $text"
        file_is "$WORK/f" "$text"
    done
}

@test "mmap_write then mmap_read: a text of exactly one page" {
    text=$(head -c 4096 /dev/urandom | base64 -w 0 | head -c 4096)
    mrun "$MMAP_WRITE" "$WORK/f" "$text"
    assert_success
    file_is "$WORK/f" "$text"
    mrun "$MMAP_READ" "$WORK/f"
    because "a file of exactly one page maps to exactly one page: all 4096 bytes, nothing more"
    assert_success
    assert_stdout_bytes "$text"
}

@test "mmap_read: another user's read-only file (0400) can be mapped by that user" {
    have_nobody "$MMAP_READ" || skip "needs root, setpriv, and programs that user nobody may run"
    # nobody must be able to reach the file: let it through the test's directories.
    local d=$WORK
    while [ "$d" != / ] && [ "${#d}" -ge "${#BATS_RUN_TMPDIR}" ]; do chmod o+x "$d"; d=$(dirname "$d"); done
    printf 'read only, not mine to change' >"$WORK/ro"
    chown nobody "$WORK/ro"
    chmod 400 "$WORK/ro"
    brun -h "$SIGBUS_HINT" "${AS_NOBODY[@]}" "$MMAP_READ" "$WORK/ro"
    because "mmap_read only reads: open(O_RDONLY) and PROT_READ. Root may open any file for writing, so only as an ordinary user does O_RDWR show up: it fails with EACCES on a file its owner may only read"
    [ "$status" -eq 0 ] || fail "mmap_read run as the file's owner (nobody, mode 0400) failed with status $status: $stderr. Open FILE with O_RDONLY and map it PROT_READ, MAP_SHARED"
    assert_stdout_bytes "read only, not mine to change"
}

@test "mmap_basic and mmap_write: nobody else can open the file they create (0600)" {
    have_nobody "$MMAP_READ" || skip "needs root, setpriv, and programs that user nobody may run"
    local d=$WORK
    while [ "$d" != / ] && [ "${#d}" -ge "${#BATS_RUN_TMPDIR}" ]; do chmod o+x "$d"; d=$(dirname "$d"); done
    mrun "$MMAP_BASIC" "$WORK/b" "secret"
    assert_success
    mrun "$MMAP_WRITE" "$WORK/w" "secret"
    assert_success
    because "the creator opens with mode 0600: another user may neither read nor change the shared data"
    for f in "$WORK/b" "$WORK/w"; do
        assert_equal "$(stat_mode "$f")" 600
        ! as_nobody cat "$f" >/dev/null 2>&1 || fail "user nobody could read $f (mode $(stat_mode "$f")): create it with mode 0600"
    done
}

@test "mmap_read: output that cannot be written is an error" {
    printf 'some text' >"$WORK/f"
    mrun -o /dev/full "$MMAP_READ" "$WORK/f"
    because "write() to a full disk fails: mmap_read must check it, say 'mmap_read: write: ...' and exit 1, not report success"
    assert_equal "$status" 1
    [[ "$stderr" == "mmap_read: write: No space left on device"* ]] || fail "expected 'mmap_read: write: No space left on device' on stderr, got: '$stderr'"
    head -c 300000 /dev/urandom >"$WORK/big"
    prun bash -c '"$@" | head -c 10 >/dev/null; exit "${PIPESTATUS[0]}"' _ "$MMAP_READ" "$WORK/big"
    because "a reader that quits early makes the next write fail (SIGPIPE or EPIPE): not a success"
    [ "$status" -ne 0 ] || fail "mmap_read exited 0 although its reader quit after 10 of 300000 bytes"
}

@test "mmap_basic and mmap_anon: output that cannot be written is an error" {
    mrun -o /dev/full "$MMAP_BASIC" "$WORK/f" "full disk"
    because "the parent's line cannot be written to a full disk: exit 1 with 'PROG: write: ...', not 0"
    [ "$status" -eq 1 ] || fail "mmap_basic exited $status when its output could not be written (expected 1): check what printf/fflush return"
    mrun -o /dev/full "$MMAP_ANON"
    [ "$status" -eq 1 ] || fail "mmap_anon exited $status when its output could not be written (expected 1): check what printf/fflush return"
}

# ---- mmap_anon: anonymous shared memory across fork ------------------------------------

# points: 2
@test "mmap_anon: MAP_SHARED | MAP_ANONYMOUS: the parent sees the child's increment" {
    mrun "$MMAP_ANON"
    because "a MAP_SHARED anonymous mapping is one set of zero-filled pages that parent and child share after fork(); the parent prints after waitpid()"
    [ "$output" != "parent sees: 0" ] ||
        fail "the parent still sees 0: the counter is not shared (a plain variable, or MAP_PRIVATE), or the parent looked before the child ran"
    assert_stdout "parent sees: 1"
    assert_success
}

# points: 2
@test "mmap_anon --private: MAP_PRIVATE: the child's increment stays in the child" {
    mrun "$MMAP_ANON" --private
    because "with MAP_PRIVATE the child's store copies the page (copy-on-write): the parent's counter stays 0"
    assert_success
    assert_stdout "parent sees: 0"
}

# points: 2
@test "mmap_anon --dev-zero: a shared mapping of /dev/zero is shared too" {
    mrun "$MMAP_ANON" --dev-zero
    because "mapping /dev/zero MAP_SHARED is the older way to get shared zero-filled memory"
    assert_success
    assert_stdout "parent sees: 1"
}

@test "mmap_anon: each mode maps what it says (anonymous, private, /dev/zero)" {
    have_strace || skip "strace cannot run here"
    because "the default must map MAP_SHARED|MAP_ANONYMOUS, --private MAP_PRIVATE|MAP_ANONYMOUS, and --dev-zero must open /dev/zero and map it MAP_SHARED"
    mrun strace -qq -e trace=openat,mmap -o "$WORK/shared" "$MMAP_ANON"
    assert_success
    grep -Eq 'MAP_SHARED\|MAP_ANONYMOUS, -1, 0\)' "$WORK/shared" || fail "no MAP_SHARED|MAP_ANONYMOUS mapping: $(grep mmap "$WORK/shared" | tail -n 3)"
    mrun strace -qq -e trace=openat,mmap -o "$WORK/private" "$MMAP_ANON" --private
    assert_success
    # The C library maps private anonymous memory too: just check that no shared one is made.
    ! grep -Eq 'MAP_SHARED\|MAP_ANONYMOUS' "$WORK/private" || fail "--private made a MAP_SHARED anonymous mapping"
    mrun strace -qq -e trace=openat,mmap -o "$WORK/devzero" "$MMAP_ANON" --dev-zero
    assert_success
    grep -q '"/dev/zero"' "$WORK/devzero" || fail "--dev-zero never opened /dev/zero"
    grep -Eq 'MAP_SHARED, [0-9]+, 0\)' "$WORK/devzero" || fail "--dev-zero made no MAP_SHARED mapping of a file: $(grep mmap "$WORK/devzero" | tail -n 3)"
}

@test "mmap_anon: the counter is shared every time (no race with the child)" {
    for _ in 1 2 3 4 5; do
        mrun "$MMAP_ANON"
        because "the parent must waitpid() before reading the counter; otherwise it sometimes reads 0"
        assert_success
        assert_stdout "parent sees: 1"
    done
}

@test "mmap_anon: a wrong option is a usage error" {
    mrun "$MMAP_ANON" --shared-please
    assert_usage_error mmap_anon
    mrun "$MMAP_ANON" --private --dev-zero
    assert_usage_error mmap_anon
}

# ---- bad input and failures ----------------------------------------------------------------

@test "failures: every mmap program answers -h and --help (and mmap_basic creates no file)" {
    cd "$WORK"
    for p in "$MMAP_BASIC" "$MMAP_WRITE" "$MMAP_READ" "$MMAP_ANON"; do assert_help "$p"; done
    because "mmap_basic --help must not create a file named --help"
    [ ! -e "$WORK/--help" ] && [ ! -e "$WORK/-h" ] || fail "a file named -h or --help was created"
}

@test "failures: mmap_read on a FIFO refuses it at once instead of waiting in open()" {
    mkfifo "$WORK/fifo"
    fixture "$WORK/fifo"
    IPCLAB_TIMEOUT=3 prun "$MMAP_READ" "$WORK/fifo"
    because "a FIFO has no pages to map; open() without O_NONBLOCK would wait for a writer forever"
    assert_equal "$status" 1
    assert_equal "$stderr" "mmap_read: $WORK/fifo: not a regular file (a FIFO): only a file can be mapped"
}

@test "failures: mmap_read on a directory, a device and a /proc file names the cause" {
    prun "$MMAP_READ" "$WORK"
    assert_equal "$status" 1
    assert_equal "$stderr" "mmap_read: $WORK: not a regular file (a directory): only a file can be mapped"
    prun "$MMAP_READ" /dev/null
    assert_equal "$status" 1
    [[ "$stderr" == *"(a character device)"* ]] || fail "got: $stderr"
    prun "$MMAP_READ" /proc/self/status
    because "a /proc file says it is 0 bytes long whatever it shows: printing nothing and exiting 0 would be a lie"
    assert_equal "$status" 1
    assert_equal "$stderr" "mmap_read: /proc/self/status: a /proc or /sys file cannot be mapped (its size says 0 bytes)"
}

@test "failures: mmap_basic on an existing directory fails in open (O_EXCL), exit 1" {
    prun "$MMAP_BASIC" "$WORK"
    assert_call_error mmap_basic "open: File exists"
}

@test "failures: stdout errors keep their errno (ENOSPC, EBADF), said once" {
    prun_full_stdout "$MMAP_ANON"
    because "the write that failed said why: No space left on device, not a generic Input/output error"
    assert_call_error mmap_anon "write: No space left on device"
    [ "$(grep -c . <<<"$stderr")" -eq 1 ] || fail "one failure, one message; got: $stderr"
    prun_closed_stdout "$MMAP_BASIC" "$WORK/f" text
    assert_call_error mmap_basic "write: Bad file descriptor"
    [ "$(grep -c . <<<"$stderr")" -eq 1 ] || fail "one failure, one message; got: $stderr"
    printf 'abc' >"$WORK/g"
    prun_full_stdout "$MMAP_READ" "$WORK/g"
    assert_call_error mmap_read "write: No space left on device"
}
