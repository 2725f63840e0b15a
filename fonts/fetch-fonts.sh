#!/usr/bin/env bash
# Reproduce the vendored fonts in this directory from Debian (bookworm) packages.
#
#   fonts/fetch-fonts.sh              # no-op if everything already matches SHA256SUMS
#   fonts/fetch-fonts.sh --force      # re-download and re-extract regardless
#   fonts/fetch-fonts.sh --write-sums # maintainers only: rewrite SHA256SUMS afterwards
#
# What it does: `apt-get download texlive-lang-chinese` into a temp dir,
# `dpkg -x` it, copies the six Fandol OpenType fonts unchanged, assembles
# LICENSE-Fandol.txt from the license files shipped in the same package; then
# takes the 通用规范汉字表 list (kTGH of Unihan) from `unicode-data` into
# TGH-8105.txt and subsets four Noto CJK SC faces from `fonts-noto-cjk` (with
# fontTools' pyftsubset) to the characters of that list the Fandol faces lack;
# verifies everything against SHA256SUMS. No network access other than the
# Debian archive via apt; needs apt-get/dpkg (root or sudo for `apt-get update`)
# and python3-fonttools (4.38.0 gives the recorded bytes).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PKG=texlive-lang-chinese
PKG_VERSION="${FANDOL_DEB_VERSION:-2022.20230122-1}"   # Debian 12 "bookworm"
NOTO_PKG=fonts-noto-cjk
NOTO_VERSION="${NOTO_DEB_VERSION:-1:20220127+repack1-1}"
UNIHAN_PKG=unicode-data
UNIHAN_VERSION="${UNIHAN_DEB_VERSION:-15.0.0-1}"
NOTO_DIR=usr/share/fonts/opentype/noto
# Fallback face: (output file, source collection; face 2 of each collection is SC).
FALLBACK=(
  "NotoSerifCJKsc-Regular-TGH.otf NotoSerifCJK-Regular.ttc"
  "NotoSerifCJKsc-Bold-TGH.otf NotoSerifCJK-Bold.ttc"
  "NotoSansCJKsc-Regular-TGH.otf NotoSansCJK-Regular.ttc"
  "NotoSansCJKsc-Bold-TGH.otf NotoSansCJK-Bold.ttc"
)
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
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
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
have_version() { # package version
  apt-cache madison "$1" 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}' | grep -xF "$2" >/dev/null
}
if ! have_version "$PKG" "$PKG_VERSION" || ! have_version "$NOTO_PKG" "$NOTO_VERSION" \
  || ! have_version "$UNIHAN_PKG" "$UNIHAN_VERSION"; then
  $SUDO apt-get update -qq
fi
spec() { # package version -> package=version, or the candidate with a warning
  if have_version "$1" "$2"; then
    echo "$1=$2"
  else
    echo "warning: $1=$2 not available; using apt's candidate version" >&2
    echo "         (SHA256SUMS verification below will tell whether the files changed)" >&2
    echo "$1"
  fi
}
PKG_SPEC="$(spec "$PKG" "$PKG_VERSION")"
NOTO_SPEC="$(spec "$NOTO_PKG" "$NOTO_VERSION")"
UNIHAN_SPEC="$(spec "$UNIHAN_PKG" "$UNIHAN_VERSION")"
# A python3 that has fontTools (Debian's, when another python3 comes first on PATH).
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import fontTools.subset' 2>/dev/null && [[ -x /usr/bin/python3 ]]; then
  PYTHON=/usr/bin/python3
fi
if ! "$PYTHON" -c 'import fontTools.subset' 2>/dev/null; then
  echo "error: python3-fonttools is needed to subset the fallback faces (apt-get install python3-fonttools)" >&2
  exit 1
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/junheng-fonts.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
APT_OPTS=()
# As root, download as root: apt's _apt sandbox user cannot write into a mktemp dir.
if [[ $(id -u) -eq 0 ]]; then APT_OPTS=(-o APT::Sandbox::User=root); fi

(cd "$WORK" && apt-get download -q "${APT_OPTS[@]}" "$PKG_SPEC" "$NOTO_SPEC" "$UNIHAN_SPEC")
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

# The 通用规范汉字表 (2013): every code point with a kTGH field in Unihan.
udeb="$(ls "$WORK"/${UNIHAN_PKG}_*.deb)"
dpkg -x "$udeb" "$WORK/unihan"
{
  echo "# 通用规范汉字表（2013）8,105 字：Unihan 的 kTGH 字段（码位、字、kTGH 值即 年份:序号）。"
  echo "# 生成：fonts/fetch-fonts.sh，取自 Debian 软件包 $UNIHAN_PKG $(dpkg-deb -f "$udeb" Version) 的"
  echo "# /usr/share/unicode/Unihan_OtherMappings.txt.bz2（Unicode 15.0.0）。"
  "$PYTHON" - "$WORK/unihan/usr/share/unicode/Unihan_OtherMappings.txt.bz2" <<'PY'
import bz2, sys
for line in bz2.open(sys.argv[1], "rt", encoding="utf-8"):
    fields = line.rstrip("\n").split("\t")
    if len(fields) == 3 and fields[1] == "kTGH":
        print(f"{fields[0]}\t{chr(int(fields[0][2:], 16))}\t{fields[2]}")
PY
} > "$HERE/TGH-8105.txt"

# The fallback faces: the Noto CJK SC glyphs of exactly the listed characters that no
# Fandol face has (the six Fandol faces lack the same ones).
ndeb="$(ls "$WORK"/${NOTO_PKG}_*.deb)"
dpkg -x "$ndeb" "$WORK/noto"
"$PYTHON" - "$HERE" > "$WORK/missing.txt" <<'PY'
import sys
from fontTools.ttLib import TTFont
here = sys.argv[1]
faces = ["FandolSong-Regular", "FandolSong-Bold", "FandolFang-Regular",
         "FandolHei-Regular", "FandolHei-Bold", "FandolKai-Regular"]
maps = [TTFont(f"{here}/{f}.otf", lazy=True).getBestCmap() for f in faces]
wanted = [line.split("\t")[0] for line in open(f"{here}/TGH-8105.txt", encoding="utf-8")
          if line.startswith("U+")]
print(",".join(u for u in wanted if any(int(u[2:], 16) not in m for m in maps)))
PY
for entry in "${FALLBACK[@]}"; do
  read -r out ttc <<<"$entry"
  "$PYTHON" -m fontTools.subset "$WORK/noto/$NOTO_DIR/$ttc" --font-number=2 \
    --unicodes="$(cat "$WORK/missing.txt")" --output-file="$HERE/$out" \
    --name-IDs='*' --name-languages='*' --notdef-outline
done
zcat -f "$WORK/noto/usr/share/doc/$NOTO_PKG/copyright" > "$HERE/LICENSE-Noto-CJK.txt"
echo "subset $(tr ',' '\n' < "$WORK/missing.txt" | wc -l) characters from $(basename "$ndeb")"

if [[ $write_sums -eq 1 ]]; then
  (cd "$HERE" && sha256sum "${FONTS[@]}" LICENSE-Fandol.txt TGH-8105.txt \
    $(for e in "${FALLBACK[@]}"; do echo "${e%% *}"; done) LICENSE-Noto-CJK.txt > SHA256SUMS)
  echo "wrote SHA256SUMS"
fi

verify
echo "fonts/: OK ($PKG $version, $(printf '%s\n' "${FONTS[@]}" | wc -l) Fandol fonts, ${#FALLBACK[@]} Noto fallback subsets, TGH-8105.txt and licenses verified)"
