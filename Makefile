# SPDX-License-Identifier: BSD-2-Clause
# v6stack build. GNU make, C11.
#
#   make            build build/v6stack and the libraries
#   make install    install the command, libv6stack (.so and .a), its headers,
#                   v6stack.pc and the man pages under $(DESTDIR)$(PREFIX)
#   make uninstall  remove what make install installed
#   make demo       install missing Debian packages, build, run `v6stack demo`
#   make test       install missing packages, build, run every test
#   make bench      core benchmark (pps, callgrind) and end-to-end vs the kernel
#   make fuzz       run the libFuzzer harnesses for a while (FUZZ_SECONDS)
#   make bench-lpm  the routing table's trie vs DPDK's rte_lpm6 (bench/lpm.sh)
#   make bench-fwd  forwarding over veth, the kernel vs v6stack as the router (root)
#   make soak       the attack tools against the stack, 60 s each (root)

CC       ?= cc
CLANG    ?= clang
OPT      ?= -O2
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wswitch-enum -Wno-switch-default
CSTD     := -std=c11 -D_GNU_SOURCE
CPPFLAGS := -Iinclude -Isrc
CFLAGS   ?= $(OPT) -g
ALLCFLAGS = $(CSTD) $(WARN) $(CPPFLAGS) $(CFLAGS)
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

B  := build
BS := build/san
BP := build/pic

# Installation (GNU conventions; DESTDIR for staged installs).
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

# The version is written once, in include/v6stack/version.h.
version_field = $(shell sed -n 's/^\#define V6STACK_VERSION_$(1) *\([0-9][0-9]*\).*/\1/p' include/v6stack/version.h)
VERSION_MAJOR := $(call version_field,MAJOR)
VERSION_MINOR := $(call version_field,MINOR)
VERSION_PATCH := $(call version_field,PATCH)
VERSION := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)
SONAME  := libv6stack.so.$(VERSION_MAJOR)
SOFILE  := libv6stack.so.$(VERSION)
PUB_HDRS := $(wildcard include/v6stack/*.h)
PUB_DEFS := $(wildcard include/v6stack/*.def) # included by the public headers

CORE_SRC := $(wildcard src/wire/*.c) $(wildcard src/core/*.c)
LINK_SRC := $(wildcard src/link/*.c)
CLI_SRC  := $(wildcard src/cli/*.c)
TLIB_SRC := $(wildcard tests/lib/*.c)
UNIT_SRC := $(wildcard tests/unit/*_test.c)
DEFS     := $(wildcard include/v6stack/*.def) $(wildcard src/core/*.def)
HDRS     := $(wildcard include/v6stack/*.h) $(wildcard src/*/*.h) $(wildcard tests/lib/*.h) bench/frame.h $(wildcard fuzz/*.h) $(DEFS)

CORE_OBJ  := $(CORE_SRC:%.c=$(B)/%.o)
LINK_OBJ  := $(LINK_SRC:%.c=$(B)/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(B)/%.o)
TLIB_OBJ  := $(TLIB_SRC:%.c=$(B)/%.o)
CORE_SOBJ := $(CORE_SRC:%.c=$(BS)/%.o)
TLIB_SOBJ := $(TLIB_SRC:%.c=$(BS)/%.o)
CORE_POBJ := $(CORE_SRC:%.c=$(BP)/%.o)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
UNIT_SBIN := $(UNIT_SRC:tests/unit/%.c=$(BS)/tests/%)

# Keep every built object (no intermediate-file cleanup after the test summary).
.SECONDARY:

.PHONY: examples all lib man install uninstall deps demo test unit unit-san lint scenario bench bench-lpm bench-fwd fuzz fuzz-build clean soak
all: $(B)/v6stack lib man examples $(B)/bench/core_pps $(B)/bench/fwd_pps $(B)/bench/gen6 $(B)/bench/reflect6 $(B)/bench/udpecho6

deps:
	@tools/deps.sh

$(B)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -c $< -o $@

$(BS)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(CPPFLAGS) $(SANFLAGS) -c $< -o $@

$(B)/libv6core.a: $(CORE_OBJ)
	@rm -f $@; ar rcs $@ $^

# The library people install: the core (wire + core) as libv6stack.a (the
# objects of libv6core.a) and libv6stack.so, built from position-independent
# objects, exporting only the functions include/v6stack/ declares (a version
# script made from the headers: every other symbol is local).
$(BP)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -fPIC -c $< -o $@

$(B)/libv6stack.map: $(PUB_HDRS)
	@mkdir -p $(dir $@)
	@{ echo '{'; echo 'global:'; \
	   grep -hE '^([a-z]|v6_)' $(PUB_HDRS) | grep -oE '\bv6_[a-z0-9_]+\(' | tr -d '(' | \
	   sort -u | sed 's/.*/\t&;/'; echo 'local:'; printf '\t*;\n};\n'; } > $@

$(B)/$(SOFILE): $(CORE_POBJ) $(B)/libv6stack.map
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=$(B)/libv6stack.map \
	    -Wl,-z,defs -o $@ $(CORE_POBJ)

$(B)/libv6stack.a: $(B)/libv6core.a
	cp $< $@

lib: $(B)/$(SOFILE) $(B)/libv6stack.a

# Man pages, generated so they cannot drift: v6stack(8) from the command's
# own help (v6stack help, v6stack COMMAND -h) and sysctl.def, libv6stack(3)
# from the public headers (tools/gen-man).
man: $(B)/man/v6stack.8 $(B)/man/libv6stack.3
# v6stack.h first: its opening comment is the page's introduction.
MAN_HDRS := include/v6stack/v6stack.h $(filter-out include/v6stack/v6stack.h,$(PUB_HDRS))

$(B)/man/v6stack.8: $(B)/v6stack tools/gen-man src/core/sysctl.def
	@mkdir -p $(dir $@)
	/usr/bin/python3 tools/gen-man cli $(B)/v6stack $(VERSION) > $@.tmp && mv $@.tmp $@

$(B)/man/libv6stack.3: $(PUB_HDRS) tools/gen-man
	@mkdir -p $(dir $@)
	/usr/bin/python3 tools/gen-man api $(VERSION) $(MAN_HDRS) > $@.tmp && mv $@.tmp $@

install: $(B)/v6stack lib man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	    $(DESTDIR)$(INCLUDEDIR)/v6stack $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man3
	install -m 755 $(B)/v6stack $(DESTDIR)$(BINDIR)/v6stack
	install -m 755 $(B)/$(SOFILE) $(DESTDIR)$(LIBDIR)/$(SOFILE)
	ln -sf $(SOFILE) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libv6stack.so
	install -m 644 $(B)/libv6stack.a $(DESTDIR)$(LIBDIR)/libv6stack.a
	install -m 644 $(PUB_HDRS) $(PUB_DEFS) $(DESTDIR)$(INCLUDEDIR)/v6stack/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' tools/v6stack.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/v6stack.pc
	install -m 644 $(B)/man/v6stack.8 $(DESTDIR)$(MANDIR)/man8/v6stack.8
	install -m 644 $(B)/man/libv6stack.3 $(DESTDIR)$(MANDIR)/man3/libv6stack.3

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/v6stack $(DESTDIR)$(LIBDIR)/$(SOFILE) \
	    $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libv6stack.so \
	    $(DESTDIR)$(LIBDIR)/libv6stack.a $(DESTDIR)$(PKGCONFIGDIR)/v6stack.pc \
	    $(DESTDIR)$(MANDIR)/man8/v6stack.8 $(DESTDIR)$(MANDIR)/man3/libv6stack.3 \
	    $(PUB_HDRS:include/v6stack/%=$(DESTDIR)$(INCLUDEDIR)/v6stack/%) \
	    $(PUB_DEFS:include/v6stack/%=$(DESTDIR)$(INCLUDEDIR)/v6stack/%)
	-rmdir $(DESTDIR)$(INCLUDEDIR)/v6stack 2>/dev/null

# examples/: programs that embed the library as its users do, through the
# public headers only (tests/run.sh runs embed; the scenario test
# tests/scenario/test_examples.py runs the others against the kernel).
# loop.c is the stack's own loop (a TAP or AF_PACKET link, poll(2)).
EXAMPLES := embed udp_echo ping vhosts
EXAMPLE_BIN := $(EXAMPLES:%=$(B)/examples/%)
examples: $(EXAMPLE_BIN)
$(B)/examples/embed: examples/embed.c $(B)/libv6core.a $(PUB_HDRS) $(PUB_DEFS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -Iinclude $(CFLAGS) -o $@ $< $(B)/libv6core.a
$(B)/examples/%: examples/%.c examples/loop.c examples/loop.h $(B)/libv6core.a $(PUB_HDRS) $(PUB_DEFS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -Iinclude $(CFLAGS) -o $@ $< examples/loop.c $(B)/libv6core.a

$(BS)/libv6core.a: $(CORE_SOBJ)
	@mkdir -p $(dir $@); rm -f $@; ar rcs $@ $^

$(B)/v6stack: $(CLI_OBJ) $(LINK_OBJ) $(B)/libv6core.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(LINK_OBJ) $(B)/libv6core.a -lpcap

$(B)/tests/%: tests/unit/%.c $(TLIB_OBJ) $(B)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -Itests -o $@ $< $(TLIB_OBJ) $(B)/libv6core.a

$(BS)/tests/%: tests/unit/%.c $(TLIB_SOBJ) $(BS)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(CPPFLAGS) $(SANFLAGS) -Itests -o $@ $< $(TLIB_SOBJ) $(BS)/libv6core.a

# The CLI's route and rule arguments (src/cli/route_args.c, rule_args.c)
# need no core: their test and fuzz harnesses link those files.
ARGS_SRC := src/cli/route_args.c src/cli/rule_args.c
$(B)/tests/cli_route_args_test: tests/unit/cli_route_args_test.c $(ARGS_SRC) $(TLIB_OBJ) $(B)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -Itests -o $@ $< $(ARGS_SRC) $(TLIB_OBJ) $(B)/libv6core.a

$(BS)/tests/cli_route_args_test: tests/unit/cli_route_args_test.c $(ARGS_SRC) $(TLIB_SOBJ) $(BS)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(CPPFLAGS) $(SANFLAGS) -Itests -o $@ $< $(ARGS_SRC) $(TLIB_SOBJ) $(BS)/libv6core.a

# The --pcap-out writer (src/link/pcapfile.c) needs nothing else.
PCAPFILE_SRC := src/link/pcapfile.c
$(B)/tests/link_pcapfile_test: tests/unit/link_pcapfile_test.c $(PCAPFILE_SRC) $(TLIB_OBJ) $(B)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -Itests -o $@ $< $(PCAPFILE_SRC) $(TLIB_OBJ) $(B)/libv6core.a

$(BS)/tests/link_pcapfile_test: tests/unit/link_pcapfile_test.c $(PCAPFILE_SRC) $(TLIB_SOBJ) $(BS)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(CPPFLAGS) $(SANFLAGS) -Itests -o $@ $< $(PCAPFILE_SRC) $(TLIB_SOBJ) $(BS)/libv6core.a

# The capture reader of explain (src/cli/cap_read.c) needs nothing else.
CAP_READ_SRC := src/cli/cap_read.c
$(B)/tests/cli_cap_read_test: tests/unit/cli_cap_read_test.c $(CAP_READ_SRC) $(TLIB_OBJ) $(B)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -Itests -o $@ $< $(CAP_READ_SRC) $(TLIB_OBJ) $(B)/libv6core.a

$(BS)/tests/cli_cap_read_test: tests/unit/cli_cap_read_test.c $(CAP_READ_SRC) $(TLIB_SOBJ) $(BS)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(CPPFLAGS) $(SANFLAGS) -Itests -o $@ $< $(CAP_READ_SRC) $(TLIB_SOBJ) $(BS)/libv6core.a

# The radvd.conf parser (src/cli/radvd_conf*.c) needs only the core's
# v6_radv_conf_default: its test and fuzz harnesses link those files.
RADVD_CONF_SRC := src/cli/radvd_conf.c src/cli/radvd_conf_lex.c src/cli/radvd_conf_print.c
$(B)/tests/cli_radvd_conf_test: tests/unit/cli_radvd_conf_test.c $(RADVD_CONF_SRC) $(TLIB_OBJ) $(B)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -Itests -o $@ $< $(RADVD_CONF_SRC) $(TLIB_OBJ) $(B)/libv6core.a

$(BS)/tests/cli_radvd_conf_test: tests/unit/cli_radvd_conf_test.c $(RADVD_CONF_SRC) $(TLIB_SOBJ) $(BS)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(CPPFLAGS) $(SANFLAGS) -Itests -o $@ $< $(RADVD_CONF_SRC) $(TLIB_SOBJ) $(BS)/libv6core.a

# The -j answers' JSON writer (src/cli/json.c) needs nothing else.
JSON_SRC := src/cli/json.c
$(B)/tests/cli_json_test: tests/unit/cli_json_test.c $(JSON_SRC) $(TLIB_OBJ) $(B)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -Itests -o $@ $< $(JSON_SRC) $(TLIB_OBJ) $(B)/libv6core.a

$(BS)/tests/cli_json_test: tests/unit/cli_json_test.c $(JSON_SRC) $(TLIB_SOBJ) $(BS)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(CPPFLAGS) $(SANFLAGS) -Itests -o $@ $< $(JSON_SRC) $(TLIB_SOBJ) $(BS)/libv6core.a

$(B)/bench/core_pps: bench/core_pps.c $(TLIB_OBJ) $(B)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -Itests -o $@ $< $(TLIB_OBJ) $(B)/libv6core.a

$(B)/bench/fwd_pps: bench/fwd_pps.c bench/bgp_gen.c bench/bgp_gen.h $(B)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -o $@ $< bench/bgp_gen.c $(B)/libv6core.a

$(B)/bench/reflect6: bench/reflect6.c
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -o $@ $<

$(B)/bench/udpecho6: bench/udpecho6.c
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -o $@ $<

$(B)/bench/gen6: bench/gen6.c bench/frame.h
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -o $@ $<

# The LPM bench, with DPDK's rte_lpm6 beside it when libdpdk is installed
# (dpdk-dev, tools/deps.sh bench): the bench only, never the stack.
DPDK_CFLAGS := $(shell pkg-config --cflags libdpdk 2>/dev/null | sed 's/-I/-isystem /g')
DPDK_LIBS   := $(if $(DPDK_CFLAGS),-lrte_lpm -lrte_hash -lrte_rcu -lrte_ring -lrte_eal -lrte_kvargs -lrte_telemetry)
$(B)/bench/lpm: bench/lpm.c bench/bgp_gen.c bench/bgp_gen.h $(B)/libv6core.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) $(if $(DPDK_CFLAGS),-DV6_BENCH_DPDK $(DPDK_CFLAGS)) -o $@ $< bench/bgp_gen.c $(B)/libv6core.a $(DPDK_LIBS)

# libFuzzer harnesses (clang), with ASan and UBSan.
FUZZ_SRC := $(wildcard fuzz/*.c)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=$(B)/fuzz/%)
# The frame harnesses take the core's blocks from fuzz/lib/alloc.c: input and
# input_seq a snapshot of a stack built once, sysctl a cache of large blocks.
FUZZ_ALLOC := -include fuzz/lib/alloc.h fuzz/lib/alloc.c
$(B)/fuzz/%: fuzz/%.c $(CORE_SRC) $(HDRS) fuzz/lib/alloc.c fuzz/lib/alloc.h
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $< $(CORE_SRC) $(FUZZ_ALLOC)
$(B)/fuzz/route_args: fuzz/route_args.c $(ARGS_SRC) $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $< $(ARGS_SRC)
$(B)/fuzz/rule_args: fuzz/rule_args.c $(ARGS_SRC) $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $< $(ARGS_SRC)
$(B)/fuzz/radvd_conf: fuzz/radvd_conf.c $(RADVD_CONF_SRC) $(CORE_SRC) $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $< $(RADVD_CONF_SRC) $(CORE_SRC)
# The capture reader and v6stack explain (src/cli/cap_read.c, explain*.c).
CAP_SRC := src/cli/cap_read.c
EXPLAIN_SRC := $(CAP_SRC) $(wildcard src/cli/explain*.c)
$(B)/fuzz/cap_read: fuzz/cap_read.c $(CAP_SRC) $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $< $(CAP_SRC)
$(B)/fuzz/explain: fuzz/explain.c $(EXPLAIN_SRC) $(CORE_SRC) $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $< $(EXPLAIN_SRC) $(CORE_SRC)
$(B)/fuzz/ctl_line: fuzz/ctl_line.c src/cli/ctl_line.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $< src/cli/ctl_line.c
$(B)/fuzz/run_args: fuzz/run_args.c src/cli/run_args.c src/link/link.c $(RADVD_CONF_SRC) $(CORE_SRC) $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $< src/cli/run_args.c src/link/link.c $(RADVD_CONF_SRC) $(CORE_SRC)
# The determinism check (fuzz/lib/replay.c): each corpus input gives the
# same result alone and after the others.
FUZZ_REPLAY := $(B)/fuzz-replay/input $(B)/fuzz-replay/input_seq
$(B)/fuzz-replay/%: fuzz/%.c fuzz/lib/replay.c $(CORE_SRC) $(HDRS) fuzz/lib/alloc.c fuzz/lib/alloc.h
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(CPPFLAGS) -g -O1 -fsanitize=address,undefined -o $@ $< fuzz/lib/replay.c $(CORE_SRC) $(FUZZ_ALLOC)
# The leak check: the frame harnesses with a stack of their own per input
# (-DFUZZ_FRESH, the libc allocator), so that LeakSanitizer sees what the
# core forgets to free; tests/run.sh runs each over its corpus once.
FUZZ_FRESH := $(B)/fuzz-fresh/input $(B)/fuzz-fresh/input_seq $(B)/fuzz-fresh/sysctl
$(B)/fuzz-fresh/%: fuzz/%.c $(CORE_SRC) $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(CPPFLAGS) -DFUZZ_FRESH -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $< $(CORE_SRC)
fuzz-build: $(FUZZ_BIN) $(FUZZ_REPLAY) $(FUZZ_FRESH)
FUZZ_SECONDS ?= 60
fuzz: fuzz-build
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); mkdir -p $(B)/fuzz/corpus-$$n; \
	  $$f -max_total_time=$(FUZZ_SECONDS) $(B)/fuzz/corpus-$$n fuzz/corpus/$$n || exit 1; done

unit: $(UNIT_BIN)
unit-san: $(UNIT_SBIN)

demo: deps all
	$(B)/v6stack demo

test: deps all unit unit-san fuzz-build
	@tests/run.sh

bench: deps all $(B)/bench/lpm
	@bench/run.sh

bench-lpm: $(B)/libv6core.a $(B)/bench/lpm
	@bench/lpm.sh

bench-fwd: $(B)/v6stack $(B)/bench/gen6
	@bench/fwd_e2e.sh

# The attack suite at 60 s per attack (make test runs it at 3 s; root).
soak: deps all
	cd tests/scenario && V6_SOAK_S=60 /usr/bin/python3 -m pytest -q -s test_attacks.py test_ns_exhaust.py

clean:
	rm -rf $(B)
