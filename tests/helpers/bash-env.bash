# tests/helpers/bash-env.bash — read by every bash that runs a bats file
# (tools/bats-watch sets BASH_ENV to it): bats makes two directories for each
# test with mkdir(1) and removes files with rm(1), and each of those is a fork
# and an exec. Debian's bash-builtins has both as bash builtins; without it,
# nothing changes. (sleep stays a program here: tools/why recognises bats'
# watchdog for a whole test by its sleep process.)
for _ipclab_b in mkdir rm; do
    enable -f "/usr/lib/bash/$_ipclab_b" "$_ipclab_b" 2>/dev/null || true
done
unset _ipclab_b
