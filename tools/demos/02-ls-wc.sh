# Lab 02 demo: ls | wc -l built from pipe, fork, dup2 and exec.
source "$(dirname "${BASH_SOURCE[0]}")/narrate.bash"

title "Lab 02: ls | wc -l by hand"
say "The shell runs 'ls DIR | wc -l' with one pipe and two children. Child 1 does dup2(fds[1], 1): its stdout IS the pipe. Child 2 does dup2(fds[0], 0): its stdin IS the pipe. Each then closes both original pipe fds and calls exec, so ls and wc never know a pipe is involved."
pause
show ./ls_wc /usr/include
show bash -c 'ls /usr/include | wc -l'
say "Same number: ls_wc is what the shell does."
pause

title "Why the parent closes both ends"
say "wc reads until EOF, and EOF comes only when every write end is closed: the one in child 1 (closed when ls exits) and the parent's copy. If the parent kept fds[1] open, wc would wait forever, and the parent would wait for wc."
show ./ls_wc /nonexistent
say "ls failed (its message on stderr), wc still counted 0 lines, and ls_wc exits with wc's status, like the shell."
pause

title "Any number of stages"
say "pipeline generalises it: stage i reads pipe i-1 and writes pipe i. The parent closes its copies right after each fork."
show ./pipeline ls /usr/include '|' grep -c '\.h$'
show ./pipeline seq 1 100000 '|' grep 7 '|' wc -l
say "'yes | head -n 3' ends only because nobody but head holds the read end: when head exits, yes gets SIGPIPE."
show ./pipeline yes '|' head -n 3
show ./pipeline no-such-command '|' wc -l
say "A missing command: the child's exec fails, it prints the error and exits 127, the shell's code for 'not found'."
