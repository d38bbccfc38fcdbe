# Lab 05 demo: POSIX message queues — messages, priorities, limits, names.
source "$(dirname "${BASH_SOURCE[0]}")/narrate.bash"

Q="/ipclab-demo-$(id -u)-$$"
# The queue outlives every process that uses it: remove it however the demo ends.
trap './mq_receive -a -u "$Q" >/dev/null 2>&1 || true' EXIT

title "Lab 05: POSIX message queues"
say "A message queue is a kernel object with a name like $Q. mq_open(name, O_CREAT | O_EXCL | O_WRONLY, 0600, NULL) creates it (NULL: default limits); any process that knows the name can open it, and it stays until someone calls mq_unlink()."
show ./mq_send -c "$Q" "hello world"
show ./mq_attr "$Q"
say "maxmsg and msgsize are the queue's limits (the defaults come from /proc/sys/fs/mqueue); curmsgs counts what is waiting. The sender has exited, the message is still there."
if [ -d /dev/mqueue ] && mountpoint -q /dev/mqueue 2>/dev/null; then
    say "/dev/mqueue is mounted here, so the queue is visible as a file:"
    show cat "/dev/mqueue${Q}"
fi
pause

title "Messages keep their boundaries and come out by priority"
show ./mq_send "$Q" "routine report" 1
show ./mq_send "$Q" "second routine report" 1
show ./mq_send "$Q" "fire alarm" 30
show ./mq_attr "$Q"
say "Each mq_receive() returns exactly one whole message: the highest priority first, and the oldest first among equal priorities."
show ./mq_receive -a "$Q"
pause

title "The receive buffer comes from mq_getattr()"
say "mq_receive() refuses any buffer smaller than msgsize, even for a 5-byte message: the kernel cannot know in advance which message you will get. So mq_receive asks mq_getattr() first and allocates msgsize bytes. A message one byte over msgsize cannot be sent at all:"
msgsize=$(./mq_attr "$Q" | sed -n 's/^msgsize: //p')
show bash -c './mq_send "$1" "$(head -c "$2" /dev/zero | tr "\0" x)"' - "$Q" $((msgsize + 1))
pause

title "Blocking, and -n"
say "An empty queue makes mq_receive() wait. We start a receiver in the background, then send."
./mq_receive "$Q" &
receiver=$!
sleep 0.5
say "The receiver (pid $receiver) is waiting inside mq_receive(). Now a sender:"
show ./mq_send "$Q" "worth the wait" 7
wait "$receiver"
say "With -n the queue is opened with O_NONBLOCK and an empty queue is an error instead:"
show ./mq_receive -n "$Q"
say "The same holds for a full queue. We fill it (maxmsg messages), then try one more:"
maxmsg=$(./mq_attr "$Q" | sed -n 's/^maxmsg: //p')
for ((i = 1; i <= maxmsg; i++)); do ./mq_send -n "$Q" "message $i"; done
show ./mq_attr "$Q"
show ./mq_send -n "$Q" "one too many"
say "Without -n, that mq_send would wait until a receiver made room."
pause

title "Names: O_EXCL and mq_unlink"
show ./mq_send -c "$Q" "am I the creator?"
say "O_EXCL refuses to 'create' a queue that exists: two programs cannot both believe they own it. The queue goes away only with mq_unlink(): mq_receive -u does that when it is done."
show ./mq_receive -a -u "$Q"
show ./mq_attr "$Q"
