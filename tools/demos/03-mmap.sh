# Lab 03 demo: a mapped file is the file; anonymous shared memory across fork().
source "$(dirname "${BASH_SOURCE[0]}")/narrate.bash"

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

title "Lab 03: mmap() a file, MAP_SHARED"
say "mmap_basic creates a file, makes it as long as the text with ftruncate (the new bytes read as zeros), maps it MAP_SHARED and closes the fd: the mapping keeps its own reference to the file."
say "Then it forks. The child copies the text into the mapping with memcpy and exits. The parent waits and prints what its own mapping holds."
pause
show ./mmap_basic "$dir/shared.txt" "hello from the child"
say "Neither process called write(), yet the file holds the text: the mapping's pages ARE the file's pages."
show od -c "$dir/shared.txt"
pause

title "Two unrelated processes, one file"
say "No fork this time. mmap_write maps the file and stores text at offset 0; mmap_read, a separate program started later, maps the same file and prints it."
show ./mmap_write "$dir/notes.txt" "written by one process, read by another"
show ./mmap_read "$dir/notes.txt"
echo  # the file has no final newline
say "mmap_write never shrinks the file: a shorter text overwrites the first bytes in place and leaves the rest."
show ./mmap_write "$dir/notes.txt" "WRITTEN"
show ./mmap_read "$dir/notes.txt"
echo  # the file has no final newline
say "mmap_write calls msync(MS_SYNC) before munmap: the other process saw the change at once anyway (same page cache); msync waits until it is on disk. strace shows the calls:"
if command -v strace >/dev/null && strace -qq -o /dev/null true 2>/dev/null; then
    show strace -qq -e trace=openat,ftruncate,mmap,msync,munmap,close -o "$dir/trace" ./mmap_write "$dir/fresh.txt" "synced"
    grep -A 20 -F "$dir/fresh.txt" "$dir/trace" | sed 's/^/    /'
else
    say "(strace is not installed here)"
fi
pause

title "Why ftruncate comes first"
say "A new file has 0 bytes. Touching a mapped page that lies wholly past the end of the file raises SIGBUS. An empty file cannot even be mapped: mmap refuses a length of 0, so mmap_read checks the size first."
: >"$dir/empty"
show ./mmap_read "$dir/empty"
say "(nothing printed, exit status 0)"
pause

title "MAP_ANONYMOUS: sharing without a file"
say "Between a parent and its children no file is needed. mmap(NULL, len, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) gives zero-filled pages that survive fork() as shared pages. The child adds 1 to a counter; the parent waits and looks."
show ./mmap_anon
say "With MAP_PRIVATE the child's store copies the page first (copy-on-write): the parent still sees 0."
show ./mmap_anon --private
say "Before MAP_ANONYMOUS existed, programs mapped /dev/zero MAP_SHARED for the same effect."
show ./mmap_anon --dev-zero
say "An anonymous mapping has no name, so unrelated processes cannot find it: for them, map a file, or use POSIX shared memory (lab 04)."
