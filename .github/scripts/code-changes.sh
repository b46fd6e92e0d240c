#!/usr/bin/env bash
# In a pull request's merge commit (HEAD^1 is its base), prints one GitHub notice listing the
# changed files that .github/CODEOWNERS gives to the maintainers: those that change how the
# site is built, not what it says. CODEOWNERS is read from the base, so that a pull request
# cannot hide its own changes by editing it.
set -euo pipefail
owners=$(git show HEAD^1:.github/CODEOWNERS 2>/dev/null || cat .github/CODEOWNERS)
# Each pattern is written from the root (/conf.py, /_ext/), which is also a git pathspec.
mapfile -t paths < <(sed -n 's|^/\([^[:space:]]*\).*|\1|p' <<<"$owners")
mapfile -t changed < <(git diff --name-only --no-renames HEAD^1 HEAD -- "${paths[@]}")
if ((${#changed[@]})); then
  files=$(printf '%s, ' "${changed[@]}")
  files=${files%, }
  echo "::notice title=This pull request changes how the site is built::${files//%/%25}:" \
    "code, not content. A maintainer reviews it (.github/CODEOWNERS), and its Read the Docs" \
    "preview runs this code."
fi
