#!/usr/bin/env bash
# setup.sh — Gradescope runs this once, as root, when it builds the autograder
# image (choose a Debian 12 or Ubuntu 24.04 base). Installs what grading needs.
set -euo pipefail
cd "$(dirname "$0")"
apt-get update
tools/deps test
