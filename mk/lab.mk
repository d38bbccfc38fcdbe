# mk/lab.mk — how every lab folder builds. A lab's Makefile is three lines:
#
#     # Build this lab's programs: make (or make clean)
#     IPCLAB_ROOT ?= ../..   (the top-level Makefile sets it for trees elsewhere)
#     include $(IPCLAB_ROOT)/mk/lab.mk
#
# Each NAME.cpp in the folder is one program, built in place as ./NAME.
# Headers in the folder and in include/ipclab/ are tracked automatically.
#
# Knobs (from the command line or the top-level Makefile):
#   SANITIZE=address,undefined   build with sanitizers
#   WERROR=1                     treat warnings as errors (CI does)

CXX      ?= g++
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++20 -Wall -Wextra -Wpedantic -I$(IPCLAB_ROOT)/include -MMD -MP
LDLIBS   += -lrt -pthread

ifneq ($(strip $(SANITIZE)),)
CXXFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=$(SANITIZE)
endif
ifeq ($(WERROR),1)
CXXFLAGS += -Werror
endif

PROGRAMS := $(basename $(wildcard *.cpp))

all: $(PROGRAMS)

# Rebuild when the flags change (a sanitizer build must not reuse plain objects).
BUILD_FLAGS := $(CXX) $(CXXFLAGS) $(LDFLAGS) $(LDLIBS)
.build-flags: FORCE
	@echo '$(BUILD_FLAGS)' | cmp -s - $@ || echo '$(BUILD_FLAGS)' > $@

%: %.cpp .build-flags
	$(CXX) $(CXXFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

clean:
	rm -f $(PROGRAMS) *.d .build-flags

-include $(wildcard *.d)

.PHONY: all clean FORCE
