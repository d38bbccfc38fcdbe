# Lab 10 demo: System V shared memory and message queues; signals as IPC.
source "$(dirname "${BASH_SOURCE[0]}")/narrate.bash"

dir=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT

title "Lab 10: System V IPC and signals"
say "System V objects have keys and numeric ids, not names in /dev/shm. ipcs lists them; they stay until IPC_RMID or a reboot."
show ipcs -m -q
pause

title "A shared memory segment between a parent and its child"
say "svshm_demo: shmget(IPC_PRIVATE) makes a segment only this family can use; the child attaches it (shmat), writes, detaches; the parent waits, attaches, reads, detaches and removes it (shmctl IPC_RMID)."
show ./svshm_demo "written by the child, read by the parent"
say "strace shows each step, in both processes:"
show sh -c "strace -f -qq -e trace=shmget,shmat,shmdt,shmctl ./svshm_demo hi 2>&1 >/dev/null | sed -E 's/0x[0-9a-f]+/ADDR/g'"
pause

title "A message queue: one server, many clients"
: >"$dir/key"
say "svmsg_server makes its key with ftok(KEYFILE, 'L') and creates the queue with IPC_CREAT | IPC_EXCL:"
./svmsg_server "$dir/key" >"$dir/server.out" 2>&1 &
server=$!
for _ in $(seq 100); do [ -s "$dir/server.out" ] && break; sleep 0.05; done
show cat "$dir/server.out"
show ipcs -q
say "Clients send requests with mtype 1 and their pid inside; each reply comes back with mtype = that pid, so msgrcv(type = my pid) takes only mine. Five clients at once:"
show sh -c "for i in 1 2 3 4 5; do ./svmsg_client $dir/key \"message from client \$i\" & done; wait"
kill -TERM "$server"
wait "$server" 2>/dev/null || true
server=""
say "SIGTERM: the server's handler removed the queue (msgctl IPC_RMID):"
show ipcs -q
pause

title "Signals as IPC"
say "sig_pingpong: parent and child take turns with SIGUSR1. It is blocked before fork, and each side waits with sigsuspend, which unblocks and sleeps in one step: no signal can slip in between a check and the wait."
show sh -c "time -p ./sig_pingpong 100000"
say "real divided by 100000 is one round trip (two signals); nearly all of it is the kernel's work (sys): no time is spent spinning (user)."
pause
say "sig_count: the child sends 1000 SIGUSR1 and 1000 SIGRTMIN (with sigqueue and a value) to its parent, which has both blocked."
show ./sig_count 1000
say "A standard signal is one pending bit: 1000 sent, 1 received. Real-time signals are queued one by one, with their values, in order."
