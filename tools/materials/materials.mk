# tools/materials/materials.mk — lecture materials. Included by the top-level Makefile.
#
#   make slides           slides/*.md (Marp)     -> build/slides/*.html (one file each, images inlined)
#   make handouts         handouts/*.md (pandoc) -> build/handouts/*.html (self-contained)
#   make pdf              both, printed by headless chromium -> build/pdf/{slides,handouts}/*.pdf
#   make materials-check  every page opened in headless chromium, every PDF read back,
#                         plus the broken fixture deck (tests/materials/), which must fail
#
# Diagrams: slides/img/*.dot, rendered by graphviz to build/stage/img/*.svg. Decks and
# handouts both refer to them as img/NAME.svg. Plots: slides/data/NAME.csv (measured
# by make bench), drawn by gnuplot as img/NAME-latency.svg and img/NAME-throughput.svg.
# Nothing rendered lives outside build/.
#
# Fonts: every page carries its own. tools/materials/fonts subsets Inter and JetBrains Mono (Debian's
# fonts-inter, fonts-jetbrains-mono) to the characters the materials use and writes them
# as WOFF2 data: URLs into build/fonts/fonts.css; the deck theme (slides/theme/ipclab.css,
# `theme: ipclab`) and the handouts (handouts/style.css) name only those two families.

MAT_DECKS    := $(sort $(filter-out slides/README.md,$(wildcard slides/*.md)))
MAT_HANDOUTS := $(sort $(filter-out handouts/README.md,$(wildcard handouts/*.md)))
MAT_DOTS     := $(sort $(wildcard slides/img/*.dot))
# Measured results (ipc_bench's CSV, from make bench): plotted by gnuplot (tools/materials/bench-plot)
MAT_DATA     := $(sort $(wildcard slides/data/*.csv))

MAT_STAGE    := build/stage
MAT_SVGS     := $(patsubst slides/img/%.dot,$(MAT_STAGE)/img/%.svg,$(MAT_DOTS)) \
                $(foreach d,$(MAT_DATA),$(patsubst slides/data/%.csv,$(MAT_STAGE)/img/%-latency.svg,$(d)) \
                                        $(patsubst slides/data/%.csv,$(MAT_STAGE)/img/%-throughput.svg,$(d)))
SLIDES_HTML  := $(patsubst slides/%.md,build/slides/%.html,$(MAT_DECKS))
HANDOUTS_HTML:= $(patsubst handouts/%.md,build/handouts/%.html,$(MAT_HANDOUTS))
SLIDES_PDF   := $(patsubst slides/%.md,build/pdf/slides/%.pdf,$(MAT_DECKS))
HANDOUTS_PDF := $(patsubst handouts/%.md,build/pdf/handouts/%.pdf,$(MAT_HANDOUTS))

# Marp drives the browser through puppeteer-core; it must never fetch one of its own.
MARP_ENV := PUPPETEER_SKIP_DOWNLOAD=1 CHROME_PATH=/usr/bin/chromium LANG=en_US.UTF-8
MAT_FONTS    := build/fonts/fonts.css
MAT_THEME    := $(MAT_STAGE)/theme/ipclab.css
MARP     := $(MARP_ENV) node_modules/.bin/marp --no-config-file
# last on the command line: --theme-set takes every argument after it
MARP_THEME := --theme-set $(MAT_THEME)
PANDOC   := pandoc --from markdown --to html5 --standalone --self-contained \
            --css handouts/style.css --include-in-header build/fonts/fonts.html \
            --resource-path=$(MAT_STAGE):handouts \
            --toc --toc-depth=2 --highlight-style=tango --metadata lang=en

.PHONY: materials-deps materials-check-deps
# Keep the rendered diagrams and staged decks between runs (make would delete them).
.SECONDARY: $(MAT_SVGS) $(patsubst slides/%.md,$(MAT_STAGE)/%.md,$(MAT_DECKS))

materials-deps:
	@tools/deps materials fonts

materials-check-deps:
	@tools/deps materials fonts materials-check

slides: $(SLIDES_HTML)
handouts: $(HANDOUTS_HTML)
pdf: $(SLIDES_PDF) $(HANDOUTS_PDF)

# Every page twice: as rendered here, then with no system font at all (an empty
# fontconfig): same layout, same slide and page counts, or it fails.
materials-check: materials-check-deps slides handouts pdf
	@node tools/materials/materials-check.mjs $(SLIDES_HTML) $(HANDOUTS_HTML) $(SLIDES_PDF) $(HANDOUTS_PDF)
	@tools/materials/materials-selftest

# Rewritten only when the subset changes (a new character in a deck or handout).
$(MAT_FONTS): tools/materials/fonts $(MAT_DECKS) $(MAT_HANDOUTS) | materials-deps
	@tools/materials/fonts build/fonts $(MAT_DECKS) $(MAT_HANDOUTS)

build/fonts/fonts.html: $(MAT_FONTS) ;

$(MAT_THEME): slides/theme/ipclab.css $(MAT_FONTS)
	@mkdir -p $(@D)
	cat slides/theme/ipclab.css $(MAT_FONTS) > $@

# Diagrams carry their fonts too (an SVG shown as an image cannot use the page's).
$(MAT_STAGE)/img/%.svg: slides/img/%.dot $(MAT_FONTS) tools/materials/render-diagram | materials-deps
	@mkdir -p $(@D)
	tools/materials/render-diagram $< $(MAT_FONTS) $@

# Both plots of one CSV come from one run of gnuplot's script (a grouped pattern rule).
$(MAT_STAGE)/img/%-latency.svg $(MAT_STAGE)/img/%-throughput.svg: slides/data/%.csv $(MAT_FONTS) tools/materials/bench-plot tools/materials/svg-fonts | materials-deps
	@mkdir -p $(@D)
	tools/materials/bench-plot $< $(@D) $(MAT_FONTS) $*-

# A deck is copied next to the rendered diagrams so that img/NAME.svg resolves for
# Marp's PDF export; the HTML then gets every local image inlined as a data: URI.
$(MAT_STAGE)/%.md: slides/%.md | materials-deps
	@mkdir -p $(@D)
	cp $< $@

build/slides/%.html: $(MAT_STAGE)/%.md $(MAT_SVGS) $(MAT_THEME) tools/materials/inline-images.mjs | materials-deps
	@mkdir -p $(@D)
	$(MARP) $< -o $(MAT_STAGE)/$*.html $(MARP_THEME)
	node tools/materials/inline-images.mjs $(MAT_STAGE)/$*.html $@

build/pdf/slides/%.pdf: $(MAT_STAGE)/%.md $(MAT_SVGS) $(MAT_THEME) | materials-deps
	@mkdir -p $(@D)
	$(MARP) --pdf --allow-local-files $< -o $@ $(MARP_THEME)

build/handouts/%.html: handouts/%.md handouts/style.css build/fonts/fonts.html $(MAT_SVGS) | materials-deps
	@mkdir -p $(@D)
	$(PANDOC) -o $@ $<

build/pdf/handouts/%.pdf: build/handouts/%.html tools/materials/chromium-pdf | materials-deps
	@mkdir -p $(@D)
	tools/materials/chromium-pdf $< $@
