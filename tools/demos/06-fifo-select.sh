# Lab 06 demo: several producers, one consumer, select() and poll() on FIFOs.
source "$(dirname "${BASH_SOURCE[0]}")/narrate.bash"

dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$dir"' EXIT

# start_producer FIFO COUNT DELAY_MS: wait until fifo_select has made FIFO, then produce.
start_producer() {
    (for _ in $(seq 100); do [ -p "$1" ] && break; sleep 0.05; done
     exec ./fifo_producer "$@") &
}

title "Lab 06: one consumer, many channels"
say "Three producers write into three FIFOs at different speeds. A consumer that calls read() on the first FIFO is stuck there while the others fill up. select() waits on all of them at once and says which ones are ready."
say "fifo_select creates the FIFOs (mkfifo, mode 0600), opens each with O_RDONLY | O_NONBLOCK (a plain open() would wait for a writer), and prints 'NAME: LINE'."
pause
start_producer "$dir/slow" 3 400
start_producer "$dir/medium" 5 150
start_producer "$dir/fast" 8 20
show ./fifo_select "$dir/slow" "$dir/medium" "$dir/fast"
say "The lines arrive in the order they were written, whatever FIFO they came through. Each 'NAME: EOF' came when the last writer of that FIFO closed it, and fifo_select ended after the third. The FIFOs it created are gone again:"
show ls -A "$dir"
pause

title "select() forgets, poll() remembers"
say "select() overwrites its fd_set with the answer, so the loop must FD_ZERO and FD_SET every open FIFO again before each call. poll() keeps the question (events) apart from the answer (revents); a FIFO that has ended gets fd -1 and is skipped."
start_producer "$dir/a" 4 100
start_producer "$dir/b" 4 130
show ./fifo_select --poll "$dir/a" "$dir/b"
pause

title "No writer yet is not the end"
say "read() on a FIFO with no writer returns 0 at once, like EOF. But select() and poll() do not report such a FIFO until a writer has come and gone, so fifo_select waits for 'late' while 'early' runs its course."
./fifo_select "$dir/early" "$dir/late" >"$dir/out" &
consumer=$!
for _ in $(seq 100); do [ -p "$dir/late" ] && break; sleep 0.05; done
./fifo_producer "$dir/early" 2
sleep 0.3
show cat "$dir/out"
say "fifo_select (pid $consumer) is still running: it closed early after its EOF, and still holds late open for reading:"
fds "$consumer"
./fifo_producer "$dir/late" 1
wait "$consumer"
show cat "$dir/out"
rm -f "$dir/out"
pause

title "A FIFO with nobody reading"
say "open(O_WRONLY) on a FIFO waits until a reader has it open: a producer alone just waits. Here we give it one second:"
mkfifo "$dir/lonely"
show timeout 1 ./fifo_producer "$dir/lonely" 1
say "Exit status 124: timeout stopped it inside open(). As soon as a reader opens the FIFO, the same producer goes through:"
start_producer "$dir/lonely" 1 0
show cat "$dir/lonely"
wait
