#!/usr/bin/env bash
# Reproduce the vendored fonts in this directory from Debian (bookworm) packages.
#
#   fonts/fetch-fonts.sh              # no-op if everything already matches SHA256SUMS
#   fonts/fetch-fonts.sh --force      # re-download and re-extract regardless
#   fonts/fetch-fonts.sh --write-sums # maintainers only: rewrite SHA256SUMS afterwards
#
# What it does: `apt-get download texlive-lang-chinese` into a temp dir,
# `dpkg -x` it, copies the six Fandol OpenType fonts unchanged, assembles
# LICENSE-Fandol.txt from the license files shipped in the same package, and
# verifies everything against SHA256SUMS. No network access other than the
# Debian archive via apt; needs apt-get/dpkg (root or sudo for `apt-get update`).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PKG=texlive-lang-chinese
PKG_VERSION="${FANDOL_DEB_VERSION:-2022.20230122-1}"   # Debian 12 "bookworm"
FANDOL_DIR=usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
FANDOL_DOC=usr/share/doc/texlive-doc/fonts/fandol
DEB_DOC=usr/share/doc/texlive-lang-chinese
FONTS=(
  FandolSong-Regular.otf
  FandolSong-Bold.otf
  FandolFang-Regular.otf
  FandolHei-Regular.otf
  FandolHei-Bold.otf
  FandolKai-Regular.otf
)

force=0
write_sums=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    --write-sums) write_sums=1; force=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

verify() { (cd "$HERE" && sha256sum --quiet -c SHA256SUMS); }

if [[ $force -eq 0 && -f "$HERE/SHA256SUMS" ]] && verify >/dev/null 2>&1; then
  echo "fonts/: already up to date (SHA256SUMS verified)"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null; then SUDO=sudo; fi

# Make sure apt knows the package (a fresh machine needs `apt-get update` first).
# (`apt-cache show pkg=badversion` exits 0, so ask `apt-cache madison` instead.)
have_version() {
  apt-cache madison "$PKG" 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}' | grep -xF "$PKG_VERSION" >/dev/null
}
if ! have_version; then
  $SUDO apt-get update -qq
fi
if ! have_version; then
  echo "warning: $PKG=$PKG_VERSION not available; using apt's candidate version" >&2
  echo "         (SHA256SUMS verification below will tell whether the files changed)" >&2
  PKG_SPEC="$PKG"
else
  PKG_SPEC="$PKG=$PKG_VERSION"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/junheng-fonts.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
APT_OPTS=()
# As root, download as root: apt's _apt sandbox user cannot write into a mktemp dir.
if [[ $(id -u) -eq 0 ]]; then APT_OPTS=(-o APT::Sandbox::User=root); fi

(cd "$WORK" && apt-get download -q "${APT_OPTS[@]}" "$PKG_SPEC")
deb="$(ls "$WORK"/${PKG}_*.deb)"
version="$(dpkg-deb -f "$deb" Version)"
echo "extracting $(basename "$deb")"
dpkg -x "$deb" "$WORK/root"
R="$WORK/root"

for f in "${FONTS[@]}"; do
  install -m 0644 "$R/$FANDOL_DIR/$f" "$HERE/$f"
done

# LICENSE-Fandol.txt: assembled only from texts shipped in the package.
{
  cat <<EOF
Fandol fonts: license information
=================================

Files in this directory covered by this notice:
$(printf '  %s\n' "${FONTS[@]}")
Copyright (font name table, ID 0): Copyright © 2012-2013, the Fandol team.
Authors (name table, ID 9): Clerk Ma, Jie Su. Version 1.300 (Fandol v0.3, 2015-07-18).
Upstream: CTAN fonts/fandol. Taken unmodified from the Debian package
$PKG $version (TeX Live 2022), path /$FANDOL_DIR/.

License: GNU GPL version 3 or later, with the GPL font exception
(the exception is the last paragraph of section 3 below).

Contents:
  1. Upstream README (verbatim, /$FANDOL_DOC/README)
  2. Debian licensing record (verbatim excerpts, /$DEB_DOC/Licenses.gz
     and /$DEB_DOC/copyright)
  3. Upstream COPYING: GNU GPL v3 followed by the GPL font exception
     (verbatim, /$FANDOL_DOC/COPYING.gz)


======================================================================
1. Upstream README
======================================================================

EOF
  cat "$R/$FANDOL_DOC/README"
  cat <<EOF


======================================================================
2. Debian licensing record
======================================================================

From /$DEB_DOC/Licenses.gz (package: license, then files):

EOF
  zcat "$R/$DEB_DOC/Licenses.gz" | awk '/^fandol:/{p=1; print; next} p && /^texmf-dist\//{print; next} {p=0}'
  printf '\nFrom /%s/copyright, section 3.1 (first sentence):\n\n' "$DEB_DOC"
  awk '/^In the case of gpl and lppl/{p=1} p{print} p && /statement\./{p=0}' "$R/$DEB_DOC/copyright" | sed 's/  In$//'
  cat <<'EOF'


======================================================================
3. Upstream COPYING (GNU GPL v3, then the GPL font exception)
======================================================================

EOF
  zcat "$R/$FANDOL_DOC/COPYING.gz"
} > "$HERE/LICENSE-Fandol.txt"

if [[ $write_sums -eq 1 ]]; then
  (cd "$HERE" && sha256sum "${FONTS[@]}" LICENSE-Fandol.txt > SHA256SUMS)
  echo "wrote SHA256SUMS"
fi

verify
echo "fonts/: OK ($PKG $version, $(printf '%s\n' "${FONTS[@]}" | wc -l) fonts + LICENSE-Fandol.txt verified)"
