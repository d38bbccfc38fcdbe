# Lab 08 demo: the lecture's date server (a child per client), its client, and
# an echo server that serves many clients in one process with poll().
source "$(dirname "${BASH_SOURCE[0]}")/narrate.bash"

dir=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null
    kill $(jobs -p) 2>/dev/null || true
    wait 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT

# start NAME PROG ARGS...: PROG in the background, stdout in $dir/NAME; waits for
# its "listening on ADDR:PORT" line and sets port (the demo never uses a fixed port).
start() {
    local name=$1
    shift
    "$@" >"$dir/$name" &
    server=$!
    for _ in $(seq 100); do [ -s "$dir/$name" ] && break; sleep 0.05; done
    port=$(sed -n '1s/.*://p' "$dir/$name")
    show cat "$dir/$name"
}

title "Lab 08: the lecture's date server"
say "The lecture's DateServer listens on port 6013. Here it listens on a port the kernel picks (-p 0), so the demo never collides with anything: date_server asks getsockname() which port it got and prints it, right after listen()."
start date ./date_server -p 0
say "socket(), setsockopt(SO_REUSEADDR), bind(127.0.0.1:$port), listen(). ss shows the listening socket and who owns it:"
show ss -tlnp "sport = :$port"
say "In the server's fd table the socket is fd 3 (socket:[INODE], the same inode ss reports):"
fds "$server"
pause

title "A client, and a child per client"
say "date_client looks the host up with getaddrinfo(), connects, and copies what arrives until the server closes the connection:"
show ./date_client 127.0.0.1 "$port"
show ./date_client localhost "$port"
say "For each client the server forked a child: it wrote the date, closed the connection and ended. The parent reaped it (SIGCHLD, then waitpid with WNOHANG), so none is left, not even as a zombie (Z): only the server itself is listed:"
show ps -o pid,ppid,stat,cmd -p "$server" --ppid "$server"
say "The server closed each connection first, so they wait in TIME_WAIT on its port:"
show ss -tan "sport = :$port"
pause

title "A restart on the same port"
say "kill -TERM: the server stops accepting, waits for its children and ends by the signal. Started again on the same port at once, bind() succeeds despite the TIME_WAIT connections: that is SO_REUSEADDR."
kill -TERM "$server"
wait "$server" 2>/dev/null || true
start date2 ./date_server -p "$port" -n 1
show ./date_client 127.0.0.1 "$port"
wait "$server" 2>/dev/null || true
say "With -n 1 it ended after its one client. A second server on a port in use is still refused:"
start date3 ./date_server -p 0
show ./date_server -p "$port"
kill -TERM "$server"
wait "$server" 2>/dev/null || true
pause

title "One process for many clients: echo_server"
say "echo_server watches the listening socket and every client with poll(); every socket is non-blocking, so no client can put it to sleep."
start echo ./echo_server -p 0
exec 5<>"/dev/tcp/127.0.0.1/$port" 6<>"/dev/tcp/127.0.0.1/$port"
say "Two clients are connected (bash's /dev/tcp). The first sends a line; the second stays silent:"
printf 'hello from client one\n' >&5
read -r line <&5
show echo "client one got back: $line"
say "The connections, and the server's fd table: the listening socket and one socket per client:"
show ss -tnp "sport = :$port"
fds "$server"
say "Waiting for the silent one costs nothing: poll() sleeps in the kernel. CPU time of the server so far (clock ticks, user and system):"
show awk '{ print $14, $15 }' "/proc/$server/stat"
exec 5>&- 6>&-
sleep 0.2
say "Both clients have hung up (read() returned 0): the server closed their sockets and only listens again:"
fds "$server"
