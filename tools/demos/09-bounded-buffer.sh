# Lab 09 demo: the bounded buffer, with named semaphores and without.
source "$(dirname "${BASH_SOURCE[0]}")/narrate.bash"

dir=$(mktemp -d)
name="/ipclab-demo-$$"
run=""
cleanup() {
    [ -n "$run" ] && kill "$run" 2>/dev/null
    exec 5>&- 2>/dev/null
    wait 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT

title "Lab 09: the bounded buffer"
say "The lecture's producer and consumer share a ring of slots and two indexes: in (the next free slot) and out (the next item). bb_run puts the ring in the shared memory object $name and guards it with three named semaphores: $name-empty counts free slots, $name-full counts items, $name-mutex lets one process at a time move in or out."
show ./bb_run -s 4 -p 2 -c 1 -n 3 "$name"
say "Two producers, three items each, through four slots: every item exactly once, each producer's in order."
pause

title "The ring and its semaphores live in /dev/shm"
say "Here nobody reads bb_run's output: the consumer blocks in write() once the pipe is full, and the producers fill the ring and wait in sem_wait(empty)."
mkfifo "$dir/pipe"
exec 5<>"$dir/pipe"
./bb_run -s 5 -p 2 -c 1 -n 100000 "$name" >"$dir/pipe" 2>/dev/null &
run=$!
for _ in $(seq 100); do [ -e "/dev/shm/sem.${name#/}-mutex" ] && break; sleep 0.05; done
sleep 0.5
show ls -l "/dev/shm/${name#/}" "/dev/shm/sem.${name#/}-empty" "/dev/shm/sem.${name#/}-full" "/dev/shm/sem.${name#/}-mutex"
say "sem_open made each semaphore a small file, sem.NAME, beside the ring. The semaphore's value is the first word of its file:"
show od -An -t u4 -N 4 "/dev/shm/sem.${name#/}-full"
show od -An -t u4 -N 4 "/dev/shm/sem.${name#/}-empty"
say "full = 5, empty = 0: the ring holds exactly -s 5 items. The processes, with the roles they gave themselves:"
show ps -o pid,ppid,stat,wchan:14,comm --ppid "$run" -p "$run"
say "State S and a futex wait: they sleep in the kernel, using no CPU, until someone posts."
pause

title "SIGTERM removes every name"
kill -TERM "$run"
wait "$run" 2>/dev/null || true
run=""
exec 5>&-
say "bb_run passed SIGTERM on to its children, reaped them, closed and unlinked the semaphores and NAME:"
show ls "/dev/shm/${name#/}" "/dev/shm/sem.${name#/}-empty" "/dev/shm/sem.${name#/}-full" "/dev/shm/sem.${name#/}-mutex"
pause

title "Without semaphores: bb_naive"
say "bb_naive is the lecture's first version: the producer spins while ((in + 1) % BUFFER_SIZE) == out, the consumer while in == out. One slot always stays free. With one producer it is correct:"
show sh -c "./bb_naive -n 2000 $name | wc -l"
say "With two producers, both may read the same in, fill the same slot and move in on. -w 2000 widens that window to 2 ms, so it happens every time:"
show sh -c "./bb_naive -p 2 -n 100 -w 2000 $name | sort | uniq -c | sort -rn | head -n 3"
say "Items lost (and, when in moves back, old ones read twice): in and out are safe with one writer each, not with two. That is what the mutex is for."
