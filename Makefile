# ipclab — the one entry point. `make help` lists what it does.
#
#   make                     build every reference solution
#   make demo LAB=01         narrated lecture demo of one lab (all labs without LAB)
#   make test                unit tests + every lab's tests on solutions/ (installs what is missing)
#   make test IMPL=labs      the same tests on the starters (or IMPL=/path/to/a/submission)
#   make test LAB=01 T='100 KB'   only the lab tests whose names match T (no unit tests)
#   make test-kit            tests of the grader, autograder and starter generator
#   make grade [LAB=01]      points, Score: X/Y, build/grade/results.json (on labs/ by default)
#   make starters            regenerate labs/ from solutions/
#   make check-starters      labs/ up to date, starters compile, and their tests fail
#   make mutants             every classic bug in tests/mutants/ is caught by a test
#   make mutants ALL=1       ... and how many tests catch each one (runs every test)
#   make mutants RECORD=1    ... and note the test that caught each (it runs first next time)
#   make faults              every system call of every program made to fail once (strace)
#   make release             the student repository in build/release/ (checked)
#   make grade-all SUBS=DIR [JOBS=2]   every submission folder in DIR: scores.csv, class report
#   make autograder          the grader packaged for Gradescope, Autolab and PrairieLearn
#   make sanitize            the test suite on solutions built with ASan + UBSan
#   make valgrind            each program once under memcheck: no error, no leak, no open fd
#   make soak N=20           the lab tests N times; reports any test that ever failed
#   make slides handouts pdf materials-check     lecture materials (see slides/, handouts/)
#   make deps                install every package the kit needs
#   make check-fresh         the README's commands on a fresh minimal Debian 12 root (slow)
#   make compile_commands.json   compilation database for clangd (completion in every lab)
#   make clean
#
# LAB=01 and LAB=01-pipe-fork both select lab 01; LAB="01 04" selects two.

SHELL := /bin/bash
ROOT := $(CURDIR)
export IPCLAB_ROOT := $(ROOT)

# The instructor's tree has solutions/; the student release (make release) only labs/.
SOURCE_TREE := $(if $(wildcard solutions/[0-9][0-9]-*),solutions,labs)
LABS_ALL := $(sort $(notdir $(wildcard $(SOURCE_TREE)/[0-9][0-9]-*)))
ifdef LAB
LABS := $(filter $(LAB) $(addsuffix -%,$(LAB)),$(LABS_ALL))
$(foreach lab,$(LAB),$(if $(filter $(lab) $(lab)-%,$(LABS_ALL)),,$(error LAB=$(lab) matches no lab. Labs: $(LABS_ALL))))
else
LABS := $(LABS_ALL)
endif

# Which tree the tests run on: solutions (default for test), labs (default for
# grade), or the absolute path of a folder holding NN-name/ lab folders.
GRADE_IMPL := $(or $(IMPL),labs)
IMPL ?= $(SOURCE_TREE)
IMPL_DIR = $(if $(filter /%,$(IMPL)),$(IMPL),$(ROOT)/$(IMPL))

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CXX ?= g++
CXXFLAGS ?= -O2 -g
TOOL_CXXFLAGS = $(CXXFLAGS) -std=c++20 -Wall -Wextra -Wpedantic $(if $(filter 1,$(WERROR)),-Werror)
# Unit tests build unoptimised: Catch2's header is slow to compile at -O2.
UNIT_CXXFLAGS = $(filter-out -O% -g,$(TOOL_CXXFLAGS)) -O0
SAN_FLAGS = $(if $(strip $(SANITIZE)),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer)

BIN := build/bin
HELPERS := $(BIN)/ipclab-run $(BIN)/ipcname $(BIN)/trickle
GEN := $(BIN)/gen_starters
UNIT := build/unit/unit_tests
UNIT_SRCS := $(sort $(wildcard tests/unit/*.cpp))


.PHONY: all help build-impl build-impl/% helpers unit test test-build test-kit grade starters check-starters \
        sanitize soak valgrind demo mutants release autograder deps deps-check clean slides handouts pdf materials-check \
        check-fresh compile_commands.json FORCE

all: $(addprefix build-$(SOURCE_TREE)/,$(LABS))

# Every target first makes sure its Debian packages are there: `tools/deps LIST...`
# installs what is missing or prints the command that would (tools/deps --list).
deps-%:
	@tools/deps $(subst +, ,$*)

help:
	@sed -n '3,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

# ---- building -------------------------------------------------------------

build-solutions/% build-labs/%: | deps-build
	@$(MAKE) -s -C $(SOURCE_TREE)/$* all

build-impl: $(addprefix build-impl/,$(LABS))

build-impl/%: | deps-build
	@$(MAKE) -s -C "$(IMPL_DIR)/$*" all

$(BIN)/ipclab-run: tests/helpers/ipclab-run.cpp | $(BIN) deps-build
	$(CXX) $(TOOL_CXXFLAGS) -o $@ $<

$(BIN)/ipcname: tests/helpers/ipcname.cpp | $(BIN) deps-build
	$(CXX) $(TOOL_CXXFLAGS) -o $@ $< -lrt -pthread

$(BIN)/trickle: tests/helpers/trickle.cpp | $(BIN)
	$(CXX) $(TOOL_CXXFLAGS) -o $@ $<

$(GEN): tools/starters/gen_starters.cpp tools/starters/markers.hpp | $(BIN) deps-build
	$(CXX) $(TOOL_CXXFLAGS) -o $@ $<

helpers: $(HELPERS)

# Unit tests: every tests/unit/*.cpp in one Catch2 binary (Debian's catch2 2.13).
# (The student release has neither solutions/ nor the generator: only what exists.)
# Rebuilt when the flags change: `make sanitize` after `make test` must not
# link the plain objects (the labs' Makefiles do the same with .build-flags).
UNIT_FLAGS := build/unit/.build-flags
$(UNIT_FLAGS): FORCE
	@mkdir -p $(@D)
	@echo '$(CXX) $(UNIT_CXXFLAGS) $(SAN_FLAGS)' | cmp -s - $@ || echo '$(CXX) $(UNIT_CXXFLAGS) $(SAN_FLAGS)' > $@
build/unit/%.o: tests/unit/%.cpp $(UNIT_FLAGS) $(wildcard tests/unit/*.hpp) $(wildcard include/ipclab/*.hpp) $(wildcard solutions/*/*.hpp) $(wildcard tools/starters/markers.hpp)
	@mkdir -p $(@D)
	$(CXX) $(UNIT_CXXFLAGS) $(SAN_FLAGS) -Iinclude -I. -c -o $@ $<

$(UNIT): $(patsubst tests/unit/%.cpp,build/unit/%.o,$(UNIT_SRCS))
	$(CXX) $(SAN_FLAGS) -o $@ $^ -lCatch2WithMain -lrt -pthread

unit: $(UNIT)

FORCE:

$(BIN):
	@mkdir -p $@

# ---- testing and grading ----------------------------------------------------

deps-check:
	@tools/deps test

deps:
	@tools/deps all

# When tests fail (or a grade is below the maximum) the command exits non-zero,
# but make ends quietly: its "*** Error" line would read like a failed build
# under the results. Only at the top level: a make run by make keeps its errors.
quietly = { status=$$?; [ "$$MAKELEVEL" = 1 ] && kill -PIPE $$PPID; exit $$status; }

test: deps-check
	@$(MAKE) -s -j$(JOBS) test-build
	@tools/run-tests $(if $(T),--filter '$(T)',--unit $(UNIT)) $(LABS) || $(quietly)

test-build: helpers unit build-impl

# The kit's own tools: grader, autograder, generator (slower; CI runs it).
test-kit: deps-check helpers
	@tools/run-tests --kit

# Sanitizer builds run slower: their programs get three times the time limit.
sanitize:
	@IPCLAB_TIMEOUT=$${IPCLAB_TIMEOUT:-15} $(MAKE) -s test SANITIZE=address,undefined

grade: deps-check helpers
	@tools/grading/grade --impl "$(if $(filter /%,$(GRADE_IMPL)),$(GRADE_IMPL),$(ROOT)/$(GRADE_IMPL))" $(LABS) || $(quietly)

starters: $(GEN)
	$(GEN) labs $(addprefix solutions/,$(LABS_ALL))

check-starters: deps-check $(GEN) helpers
	@tools/checks/check-starters $(LABS)

demo: deps-demo all
	@tools/demos/demo $(LABS)

# The student repository (no solutions, no hidden tests), checked to build and grade.
release: deps-release helpers
	@tools/release

# A whole class: every folder in SUBS graded, JOBS at a time (GNU parallel), into
# build/grade-all/: scores.csv, each submission's results.json and output, and
# report.html, the class report.
JOBS ?= 2
.PHONY: grade-all
grade-all: deps-check deps-report deps-fonts helpers
	@test -n "$(SUBS)" || { echo "usage: make grade-all SUBS=DIR [LAB=NN] [JOBS=N]" >&2; exit 2; }
	@tools/grading/grade-all --jobs "$(JOBS)" --report "$(SUBS)" $(LABS)

# Gradescope (build/ipclab-autograder.zip), Autolab (build/autolab/) and
# PrairieLearn (build/prairielearn/): the kit grading $(LABS) on each.
autograder: deps-autograder
	@tools/grading/autograder $(LABS)

# The lab tests N times (default 20): reports any test that failed even once.
N ?= 20
soak: deps-check helpers all
	@tools/checks/soak $(N) $(LABS)

# Each program once under valgrind memcheck: no error, no leak, no fd left open.
valgrind: deps-check deps-valgrind helpers all
	@tools/checks/valgrind $(LABS)

# Classic student bugs (tests/mutants/) must each fail at least one test.
mutants: deps-check helpers $(addprefix build-solutions/,$(LABS))
	@tools/checks/mutants $(if $(ALL),--all) $(if $(RECORD),--record) $(LABS)

# Lab 11's ipc_bench on the standard set: table, build/bench/results.csv, SVG plots
# (gnuplot), and the measured ratios beside the lab's goals. Not a test.
.PHONY: bench
BENCH_IMPL = $(if $(filter /%,$(IMPL)),$(IMPL),$(ROOT)/$(or $(IMPL),solutions))
bench: deps-bench
	@$(MAKE) -s -C $(BENCH_IMPL)/11-ipc-bench
	@tools/bench $(BENCH_IMPL)

# How long make test and make grade take here (a correct and a hanging submission);
# CLASS=1: a class of 20 mixed submissions through make grade-all, JOBS=1 against 2.
.PHONY: grade-bench
grade-bench: deps-check helpers
	@tools/grading/grade-bench $(if $(CLASS),--class) $(LABS)

# Every system call of every program made to fail once (strace -e inject): each
# failure must be reported as PROG: CALL: reason and leave nothing behind.
.PHONY: faults
faults: deps-check helpers
	@tools/checks/faults $(LABS)

# ---- materials ---------------------------------------------------------------

-include tools/materials/materials.mk

# ---- a fresh machine, editors ---------------------------------------------------

# The README's commands, as a new user runs them, on a minimal Debian 12 root
# (debootstrap, cached in $${IPCLAB_FRESH_CACHE:-/var/cache/ipclab/bookworm-minbase}).
check-fresh: deps-fresh
	@tools/checks/check-fresh

# clangd reads it: completion and diagnostics in every lab with the kit's flags.
compile_commands.json: $(wildcard $(SOURCE_TREE)/*/*.cpp) mk/lab.mk Makefile tools/compile-commands
	@tools/compile-commands $(SOURCE_TREE) > $@.tmp && mv $@.tmp $@
	@echo "compile_commands.json: $$(grep -c '"file"' $@) files of $(SOURCE_TREE)/ (clangd finds it in the top folder)"

# ---- cleaning ------------------------------------------------------------------

clean:
	rm -rf build
	@for d in $(wildcard solutions/*/ labs/*/); do $(MAKE) -s -C "$$d" clean; done
