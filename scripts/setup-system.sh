#!/usr/bin/env bash
# System packages some steps need. Installed with apt where we are root and apt exists; otherwise
# each missing tool is named and the steps (and tests) that need it say they are skipped.
#   poppler-utils       pdftotext/pdffonts/pdftoppm: tests read PDFs back
#   libharfbuzz-subset0 fast font subsetting in WeasyPrint (~4x faster small PDFs)
#   chromium, chromium-driver   the real-browser test of the site
#   libreoffice-writer-nogui    opens the comparative-table DOCX in a test
#   zbar-tools          zbarimg: a test reads the certificates' QR codes back from the printed page
set -u
want=()
command -v pdftotext >/dev/null 2>&1 || want+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || want+=(libharfbuzz-subset0)
command -v chromium >/dev/null 2>&1 || want+=(chromium chromium-driver)
command -v soffice >/dev/null 2>&1 || want+=(libreoffice-writer-nogui)
command -v zbarimg >/dev/null 2>&1 || want+=(zbar-tools)
if [ ${#want[@]} -eq 0 ]; then
  echo "setup-system: all system packages present"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: cannot install ${want[*]} (need root and apt-get); tests that need them will be skipped"
  exit 0
fi
echo "setup-system: installing ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
# --no-install-recommends: chromium recommends fonts-liberation 1.x, which lacks Kazakh letters.
if ! apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null 2>&1; then
  for pkg in "${want[@]}"; do
    apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1 \
      || echo "setup-system: could not install $pkg; tests that need it will be skipped"
  done
fi
exit 0
