#!/usr/bin/env bash
# Brings the catalogs branch up to date with the English of the commit checked out, on top of
# what translators committed there: the branch only moves forward (a merge, then a commit),
# so a plain push publishes it and nobody's work is rewritten.
#
#   update-catalogs-branch.sh BRANCH OUTPUT_FOLDER
#
# Run in a clone that has origin/BRANCH if the branch exists (catalogs.yml's checkout fetches
# every branch). When the branch has something new to propose, OUTPUT_FOLDER/catalogs.bundle
# holds it (git fetch catalogs.bundle HEAD); otherwise nothing is written. UPDATE_CATALOGS
# is the command that updates locale/ from the English (default: make translations).
set -euo pipefail
branch=$1 output=$2
english=$(git rev-parse HEAD)
published=$(git rev-parse -q --verify "refs/remotes/origin/$branch^{commit}" || true)

if [[ -n $published ]]; then
  git switch -q --detach "$published"
  if ! git merge -q --no-edit -m "Merge the English into $branch" "$english"; then
    git merge --abort
    echo "::error::$branch and the English edit change the same lines: merge $english into" \
      "$branch by hand (git merge), then this workflow carries on from there."
    exit 1
  fi
fi
${UPDATE_CATALOGS:-make translations}
git add -A locale
git diff --cached --quiet || git commit -q -m "Catalogs: the English changed"

# Nothing new for the branch, or nothing in it that main lacks: nothing to propose.
if [[ $(git rev-parse HEAD) == "$published" ]] || git diff --quiet "$english" HEAD -- locale; then
  echo "The catalogs are up to date."
  exit 0
fi
mkdir -p "$output"
git bundle create -q "$output/catalogs.bundle" HEAD
