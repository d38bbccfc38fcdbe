# tools/materials.mk — lecture materials. Included by the top-level Makefile.
#
#   make slides           slides/*.md (Marp)     -> build/slides/*.html (one file each, images inlined)
#   make handouts         handouts/*.md (pandoc) -> build/handouts/*.html (self-contained)
#   make pdf              both, printed by headless chromium -> build/pdf/{slides,handouts}/*.pdf
#   make materials-check  every page opened in headless chromium, every PDF read back,
#                         plus the broken fixture deck (tests/materials/), which must fail
#
# Diagrams: slides/img/*.dot, rendered by graphviz to build/stage/img/*.svg. Decks and
# handouts both refer to them as img/NAME.svg. Nothing rendered lives outside build/.

MAT_DECKS    := $(sort $(filter-out slides/README.md,$(wildcard slides/*.md)))
MAT_HANDOUTS := $(sort $(filter-out handouts/README.md,$(wildcard handouts/*.md)))
MAT_DOTS     := $(sort $(wildcard slides/img/*.dot))

MAT_STAGE    := build/stage
MAT_SVGS     := $(patsubst slides/img/%.dot,$(MAT_STAGE)/img/%.svg,$(MAT_DOTS))
SLIDES_HTML  := $(patsubst slides/%.md,build/slides/%.html,$(MAT_DECKS))
HANDOUTS_HTML:= $(patsubst handouts/%.md,build/handouts/%.html,$(MAT_HANDOUTS))
SLIDES_PDF   := $(patsubst slides/%.md,build/pdf/slides/%.pdf,$(MAT_DECKS))
HANDOUTS_PDF := $(patsubst handouts/%.md,build/pdf/handouts/%.pdf,$(MAT_HANDOUTS))

# Marp drives the browser through puppeteer-core; it must never fetch one of its own.
MARP_ENV := PUPPETEER_SKIP_DOWNLOAD=1 CHROME_PATH=/usr/bin/chromium LANG=en_US.UTF-8
MARP     := $(MARP_ENV) node_modules/.bin/marp --no-config-file
PANDOC   := pandoc --from markdown --to html5 --standalone --self-contained \
            --css handouts/style.css --resource-path=$(MAT_STAGE):handouts \
            --toc --toc-depth=2 --highlight-style=tango --metadata lang=en

.PHONY: materials-deps
# Keep the rendered diagrams and staged decks between runs (make would delete them).
.SECONDARY: $(MAT_SVGS) $(patsubst slides/%.md,$(MAT_STAGE)/%.md,$(MAT_DECKS))

materials-deps:
	@tools/deps materials

slides: $(SLIDES_HTML)
handouts: $(HANDOUTS_HTML)
pdf: $(SLIDES_PDF) $(HANDOUTS_PDF)

materials-check: slides handouts pdf
	@node tools/materials-check.mjs $(SLIDES_HTML) $(HANDOUTS_HTML) $(SLIDES_PDF) $(HANDOUTS_PDF)
	@tools/materials-selftest

$(MAT_STAGE)/img/%.svg: slides/img/%.dot | materials-deps
	@mkdir -p $(@D)
	dot -Tsvg -o $@ $<

# A deck is copied next to the rendered diagrams so that img/NAME.svg resolves for
# Marp's PDF export; the HTML then gets every local image inlined as a data: URI.
$(MAT_STAGE)/%.md: slides/%.md | materials-deps
	@mkdir -p $(@D)
	cp $< $@

build/slides/%.html: $(MAT_STAGE)/%.md $(MAT_SVGS) tools/inline-images.mjs | materials-deps
	@mkdir -p $(@D)
	$(MARP) $< -o $(MAT_STAGE)/$*.html
	node tools/inline-images.mjs $(MAT_STAGE)/$*.html $@

build/pdf/slides/%.pdf: $(MAT_STAGE)/%.md $(MAT_SVGS) | materials-deps
	@mkdir -p $(@D)
	$(MARP) --pdf --allow-local-files $< -o $@

build/handouts/%.html: handouts/%.md handouts/style.css $(MAT_SVGS) | materials-deps
	@mkdir -p $(@D)
	$(PANDOC) -o $@ $<

build/pdf/handouts/%.pdf: build/handouts/%.html tools/chromium-pdf | materials-deps
	@mkdir -p $(@D)
	tools/chromium-pdf $< $@
