# Lab 04 demo: POSIX shared memory with two unnamed semaphores inside it.
source "$(dirname "${BASH_SOURCE[0]}")/narrate.bash"

dir=$(mktemp -d)
name="/ipclab-demo-$$"
writer=""
cleanup() {
    [ -n "$writer" ] && kill "$writer" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT

title "Lab 04: shm_open + two semaphores"
say "shm_writer creates the shared memory object $name with shm_open(O_CREAT | O_EXCL, 0600), sizes it with ftruncate and maps it. At its start sits the lecture's struct shmbuf: two semaphores, wsem and rsem, and cnt, the number of bytes in the buffer that follows."
say "sem_init(&wsem, 1, 1) and sem_init(&rsem, 1, 0): pshared = 1 because two processes use them; the writer takes the first turn."
pause

title "The object lives in /dev/shm"
printf 'one buffer of text\n' >"$dir/in"
./shm_writer "$name" <"$dir/in" 2>"$dir/writer.err" &
writer=$!
for _ in $(seq 50); do [ -e "/dev/shm${name}" ] && break; sleep 0.05; done
say "The writer (pid $writer) has filled the buffer, posted rsem, and now waits on wsem for a reader:"
show ls -l "/dev/shm${name}"
say "It is a file in a tmpfs: the header plus 1024 bytes of buffer, mode 0600."
pause
say "Now the reader: it opens the existing object (no O_CREAT), learns the buffer size from the header, and takes turns: wait rsem, copy cnt bytes out, post wsem. cnt == 0 means end of data; it then posts wsem once more so the writer knows it has finished."
show ./shm_reader "$name"
wait "$writer"
writer=""
say "The writer's own report (on stderr), after it removed the name with shm_unlink:"
show cat "$dir/writer.err"
show ls "/dev/shm${name}"
pause

title "Either may start first"
say "The reader retries shm_open for up to 5 s, then waits until the writer has sized the object and published the header. Here the reader starts first and the writer half a second later, with 3 MB and a 4 KiB buffer:"
head -c 3000000 /dev/urandom >"$dir/big"
./shm_reader "$name" >"$dir/big.out" 2>"$dir/reader.err" &
reader=$!
sleep 0.5
show ./shm_writer -b 4096 "$name" <"$dir/big"
wait "$reader"
show cat "$dir/reader.err"
show cmp "$dir/big" "$dir/big.out"
say "cmp prints nothing: every byte arrived, in 733 turns of the two semaphores."
pause

title "Ctrl-C does not leave the object behind"
say "A writer with no reader waits forever in sem_wait. SIGINT or SIGTERM ends it, and its handler still calls shm_unlink:"
./shm_writer "$name" </dev/null 2>/dev/null &
writer=$!
for _ in $(seq 50); do [ -e "/dev/shm${name}" ] && break; sleep 0.05; done
show ls "/dev/shm${name}"
kill -TERM "$writer"
wait "$writer" 2>/dev/null || true
writer=""
show ls "/dev/shm${name}"
