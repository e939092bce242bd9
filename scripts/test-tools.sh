#!/usr/bin/env bash
# Installs the Debian tools that tests use as oracles, when they are missing: `zbarimg` (zbar-tools) decodes the
# payment QR codes the package renders, `rsvg-convert` (librsvg2-bin) rasterizes their SVG for it; `chromium`,
# `ps2pdf` (ghostscript) and `soffice` (libreoffice-writer-nogui) print the invoices the emulator must read
# (test/fixtures/realWriters.cts). Runs as root (CI and the project's machines do; on a GitHub-hosted runner through
# sudo). .ci/run and .github/workflows/ci.yml call it before `npm test`; test/unit/epcQr.property.test.cts and
# test/integration/realWriters*.test.cts name it when a tool is missing.
set -euo pipefail

missing=()
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v ps2pdf >/dev/null 2>&1 || missing+=(ghostscript)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "missing Debian packages: ${missing[*]}; run this script as root (sudo $0)" >&2
	exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
