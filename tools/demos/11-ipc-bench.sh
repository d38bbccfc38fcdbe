# Lab 11 demo: copy vs map, measured live.
source "$(dirname "${BASH_SOURCE[0]}")/narrate.bash"

run=""
err=$(mktemp)
cleanup() {
    [ -n "$run" ] && kill "$run" 2>/dev/null
    wait 2>/dev/null
    rm -f "$err"
}
trap cleanup EXIT

title "Lab 11: every mechanism, side by side"
say "ipc_bench forks a child and sends it messages of one size, COUNT times, through one mechanism at a time. Round trip: the parent sends, the child echoes, the parent checks every byte; the median and the 99th percentile are in microseconds. Throughput: COUNT messages one way, then the child's one-byte answer."
say "A small message first: 64 bytes, 2000 round trips each. Every kernel mechanism costs two system calls and a wake-up per direction; shm-sem and shm-ring only touch shared memory, and sleep in the kernel only when the other side is not there yet."
show ./ipc_bench -s 64 -n 2000
say "memcpy is the same copies in one process: the limit, with no second process and no kernel."
pause

title "A large message: copying is the cost"
say "64 KiB, 500 times. Now the bytes dominate: a pipe copies each one twice (into the kernel, out again); the shared-memory transports copy once into the shared pages and once out, with no system call when both sides are awake."
show ./ipc_bench -m pipe,unix,shm-sem,shm-ring,memcpy -s 64K -n 500
pause

title "The ring waits in the kernel, not in a loop"
say "shm-ring spins for a few microseconds when the other side is not there yet (it usually comes back that fast), then sleeps in futex_wait. Stop the child, and the parent must go to sleep:"
./ipc_bench -m shm-ring -s 64 -n 10000000 >/dev/null 2>"$err" &
run=$!
for _ in $(seq 100); do pgrep -P "$run" -x ipc_bench_peer >/dev/null && break; sleep 0.05; done
child=$(pgrep -P "$run" -x ipc_bench_peer)
kill -STOP "$child"
sleep 0.5
show ps -o pid,stat,wchan:14,time,comm -p "$run,$child"
say "The parent (S, in a futex wait) uses no CPU while its partner is stopped (T). Killing the child wakes the parent's watch thread, which ends the run with a message instead of a wait for ever:"
kill -KILL "$child"
status=0
wait "$run" 2>/dev/null || status=$?
run=""
printf '    %s\n    (exit status %s)\n' "$(cat "$err")" "$status"
say "(make bench runs the standard set, 64 B to 1 MiB, and draws build/bench/latency.svg and throughput.svg.)"
