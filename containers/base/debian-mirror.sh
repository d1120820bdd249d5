# Sourced, not run: the Debian mirror that apt on this machine already uses, so that nothing in
# the repository names one. Used by containers/base/build-base.sh, tests/setup/45-hass-forky.sh,
# tests/setup/50-podman.sh and tests/systemhost/build-rootfs.sh.
#
#   debian_mirror SUITE          print the mirror apt uses for SUITE (e.g. bookworm), or nothing
#   require_debian_mirror WHO    print the bookworm mirror, after an `apt-get update` if apt has
#                                not read its lists yet; with none, say so (naming WHO) and fail

debian_mirror() {
    local suite=$1 url
    url=$(apt-get indextargets --format '$(CODENAME) $(REPO_URI)' 2>/dev/null | awk -v suite="$suite" '$1 == suite { print $2; exit }')
    if [[ -z "$url" ]]; then
        # apt has not fetched its lists: read the sources themselves (one-line and deb822 forms).
        url=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
            awk '/^deb / && $0 ~ /debian/ && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }
                 /^URIs:/ && $2 ~ /debian\/?$/ { print $2; exit }')
    fi
    echo "$url"
}

require_debian_mirror() {
    local who=$1 url
    url=$(apt-get indextargets --format '$(CODENAME) $(REPO_URI)' 2>/dev/null | awk '$1 == "bookworm" { print $2; exit }')
    if [[ -z "$url" ]]; then
        apt-get update -q >&2
        url=$(debian_mirror bookworm)
    fi
    if [[ -z "$url" ]]; then
        echo "$who: no Debian bookworm mirror in apt's configuration" >&2
        return 1
    fi
    echo "$url"
}
