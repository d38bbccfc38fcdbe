# Lab 07 demo: UNIX domain sockets, stream and datagram, socketpair, passing an fd.
source "$(dirname "${BASH_SOURCE[0]}")/narrate.bash"

dir=$(mktemp -d /tmp/ipclab-demo07.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$dir"' EXIT

# wait_socket PATH: until a server has bound PATH
wait_socket() { for _ in $(seq 100); do [ -S "$1" ] && break; sleep 0.05; done; sleep 0.1; }

title "Lab 07: a stream socket with a name in the file system"
say "us_server creates a socket, bind()s it to a path, listen()s, and accept()s one client at a time. The path is a file of type socket (the 's' in ls -l): it is how clients find the server, not where the bytes go."
./us_server -n 2 "$dir/stream" >"$dir/stream.out" &
server=$!
wait_socket "$dir/stream"
show ls -l "$dir/stream"
say "ss lists the socket as LISTENING, with the process that holds it:"
show bash -c "ss -xlp | grep -F -e State -e '$dir/stream'"
say "In its fd table the listening socket is a socket:[inode], like a pipe is pipe:[inode]:"
fds "$server"
pause

title "A client connects, sends, closes"
say "us_client connect()s and copies its stdin into the socket. When it closes its end, the server's read() returns 0 (EOF) and it goes back to accept() for the next client."
show bash -c "printf 'first client\n' | ./us_client '$dir/stream'"
show bash -c "seq 3 | ./us_client '$dir/stream'"
wait "$server"
say "After -n 2 clients the server ended and removed its socket file. What it received:"
show cat "$dir/stream.out"
show ls -A "$dir"
pause

title "Datagrams: one message in, one answer out"
say "ud_server binds a datagram socket: no listen(), no accept(). recvfrom() returns one whole datagram and the sender's address; sendto() answers there. ud_client binds an address of its own in the abstract namespace (a name that starts with a zero byte and is no file), or the server could not answer it."
./ud_server -n 3 "$dir/dgram" &
server=$!
wait_socket "$dir/dgram"
show bash -c "ss -xap | grep -F -e State -e '$dir/dgram'"
show ./ud_client "$dir/dgram" "hello" "two words" "line one
line two"
wait "$server"
say "Three messages, three datagrams, three answers: the boundaries are kept, even for a message with a newline inside."
pause

title "socketpair(): a pipe that goes both ways"
say "socketpair() returns two sockets already connected to each other. After fork() the parent writes, then shutdown(SHUT_WR)s its sending side (the child reads EOF), and reads the child's answer on the same socket."
show ./sockpair "hello from the parent"
pause

title "Passing an open file to another process"
say "fd_pass forks first, then the parent opens the file and sends the descriptor with sendmsg() and an SCM_RIGHTS control message. The kernel gives the child a new fd for the same open file; the child never opens the path."
printf 'a file only the parent opened\n' >"$dir/note.txt"
show ./fd_pass "$dir/note.txt"
if command -v strace >/dev/null; then
    say "strace shows who opens what: the parent's openat(), its sendmsg() with SCM_RIGHTS, and the child's recvmsg() receiving a new fd:"
    show bash -c "strace -f -qq -e trace=openat,sendmsg,recvmsg ./fd_pass '$dir/note.txt' 2>&1 >/dev/null | grep -E 'note.txt|SCM_RIGHTS'"
fi
