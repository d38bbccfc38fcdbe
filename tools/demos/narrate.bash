# tools/demos/narrate.bash — the few words a demo script needs.
#
#   title "Lab 01: pipe + fork"       a heading
#   say "text..."                     narration (wrapped to the terminal)
#   show CMD ARGS...                  print "$ CMD ARGS" and run it (10 s limit)
#   fds PID                           list the open fds of PID, as the kernel sees them
#   pause                             wait for Enter when on a terminal
#
# Runs in the lab's folder (solutions/, or labs/ in the student kit), so ./PROG
# is the program to show.
set -euo pipefail

if [ -t 1 ]; then B=$'\e[1m' D=$'\e[2m' C=$'\e[36m' R=$'\e[0m'; else B="" D="" C="" R=""; fi
WIDTH=$(( $(tput cols 2>/dev/null || echo 80) > 100 ? 100 : $(tput cols 2>/dev/null || echo 80) ))

title() { printf '\n%s== %s ==%s\n' "$B" "$*" "$R"; }
say() { printf '%s\n' "$*" | fold -s -w "$WIDTH" | sed "s/^/${D}  | ${R}/"; }
show() {
    local shown="" arg
    for arg in "$@"; do
        if [[ "$arg" =~ [[:space:]\|\'\"\$\\] ]]; then shown+=" '${arg//\'/\'\\\'\'}'"; else shown+=" $arg"; fi
    done
    printf '%s$%s%s\n' "$C" "$shown" "$R"
    timeout -k 2 10 "$@" || printf '%s(exit status %s)%s\n' "$D" "$?" "$R"
}
fds() {
    local pid=$1 fd
    # fds 0-9 only: the terminal or IDE may leave high-numbered fds open in us
    for fd in /proc/"$pid"/fd/[0-9]; do
        printf '    fd %-3s -> %s\n' "${fd##*/}" "$(readlink "$fd" 2>/dev/null)"
    done
}
pause() {
    if [ -t 0 ] && [ "${IPCLAB_DEMO_PAUSE:-1}" != 0 ]; then
        read -r -p "${D}  [Enter]${R}" _
    fi
}
