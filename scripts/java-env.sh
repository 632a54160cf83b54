# Sourced by ./run-tests, ./offline-stack and .ci/run: selects a JDK 21 or newer for Maven and java. Maven itself comes
# from the Maven Wrapper (./mvnw, pinned in .mvn/wrapper/maven-wrapper.properties), so no Maven install is needed.
# The project compiles with --release 21 (the Lambda java21 runtime), which needs javac 21+. Many machines default to
# an older JDK, so this looks in JAVA_HOME, then on PATH, then in the usual install folders.

java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}

pick_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")" \
            /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
        major=$(java_major "$candidate")
        if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if ! JAVA_HOME=$(pick_jdk); then
    echo "error: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm). Install one, e.g. Temurin 21." >&2
    exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
