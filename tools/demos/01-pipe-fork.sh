# Lab 01 demo: a parent writes into a pipe, its child reads until EOF.
source "$(dirname "${BASH_SOURCE[0]}")/narrate.bash"

title "Lab 01: pipe() + fork()"
say "pipe() gives one process two file descriptors: fds[0] reads, fds[1] writes. fork() copies the fd table, so parent and child both hold both ends."
say "The parent closes fds[0] and writes; the child closes fds[1] and reads until read() returns 0 (EOF)."
pause
show ./pipe_fork
show ./pipe_fork "any message you like"
pause

title "Watching the fds while it runs"
say "Now the parent streams its stdin (pipe_fork -). We feed it from a FIFO that we keep open, so both processes stay alive and we can look at their fd tables."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/in"
./pipe_fork - <"$dir/in" >"$dir/out" &
parent=$!
exec 5>"$dir/in"   # we are the writer of the parent's stdin
sleep 0.2
child=$(pgrep -P "$parent" | head -n 1)
say "parent (pid $parent): fd 0 is our FIFO, and it kept only the WRITE end of the pipe:"
fds "$parent"
say "child (pid $child): fd 1 is the output file, and it kept only the READ end of the pipe:"
fds "$child"
pause
say "We write one line, then close our end of the FIFO. The parent sees EOF on stdin, copies the rest into the pipe and closes its write end; that close is the child's EOF."
echo "hello through two pipes" >&5
exec 5>&-
wait "$parent"
say "The parent has waited for the child (no zombie). The child wrote:"
show cat "$dir/out"
pause

title "A message larger than the pipe"
say "A pipe holds 64 KiB on Linux. A 200 000-byte message only fits because the child reads while the parent writes: write() blocks when the pipe is full and wakes up when the child drains it."
show bash -c 'head -c 200000 /dev/zero | tr "\0" x | ./pipe_fork - | wc -c'
say "Same bytes out as in. If the parent called waitpid() before writing, both would wait for each other forever."
