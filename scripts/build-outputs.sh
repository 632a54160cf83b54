# Sourced by the launchers (./offline-stack, ./clarifai-sync): builds one module of this checkout, with what it depends
# on, when a source is newer than its last build, quietly (Maven's output is shown only when it fails), tests skipped.
# The module's runtime dependencies land in MODULE/target/lib (its pom's copy-dependencies), so a launcher runs from
# this checkout's own build outputs: nothing is installed into ~/.m2 and nothing from another checkout is used.
#   build_outputs ROOT MODULE LAUNCHER SOURCE_DIR...   (source dirs relative to ROOT; pom.xml, mvnw, .mvn always)

# Maven's output is shown only when it fails.
quiet_mvn() {
    local root="$1" log
    shift
    log="$(mktemp)"
    if ! "$root/mvnw" -B -q -ntp "$@" >"$log" 2>&1; then
        sed 's/\x1b\[[0-9;]*m//g' "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}

build_outputs() {
    local root="$1" module="$2" launcher="$3"
    shift 3
    local lib="$root/$module/target/lib" built="$root/$module/target/$launcher.built" sources=()
    for dir in "$@"; do
        sources+=("$root/$dir")
    done
    if [[ -f "$built" && -d "$lib" && -z "$(find "$root/pom.xml" "$root/mvnw" "$root/.mvn" "${sources[@]}" \
            -path '*/target' -prune -o -type f -newer "$built" -print -quit 2>/dev/null)" ]]; then
        return 0
    fi
    echo "$launcher: building with Maven (the first run downloads Maven and the dependencies)..." >&2
    # A fresh lib/ so that a dependency whose version changed leaves no old jar beside the new one.
    rm -rf "$lib" "$built"
    # Stamped before the build starts, so a file edited while it runs is seen as newer next time.
    mkdir -p "$root/$module/target"
    touch "$built.new"
    quiet_mvn "$root" -f "$root/pom.xml" -pl "$module" -am -DskipTests package
    mv "$built.new" "$built"
}
