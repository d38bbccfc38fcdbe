# tests/kit/kit.bash — loaded by every kit test file: the kit's root, bats-support
# and bats-assert, and T, the test's own scratch folder.
ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
load "/usr/lib/bats/bats-support/load"
load "/usr/lib/bats/bats-assert/load"
T=$BATS_TEST_TMPDIR
