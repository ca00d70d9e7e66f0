# asyncdoc in a container: build on Debian 12 with the same script CI uses
# (scripts/setup), run on debian:12-slim with only the runtime libraries.
#
#   docker build -t asyncdoc .
#   docker run --rm -v "$PWD:/docs" -u "$(id -u):$(id -g)" asyncdoc build asyncapi.yaml -o site
#
# The build context must hold node_modules/@asyncapi/specs (scripts/setup
# installs it) or a release tarball's src/check/schemas_gen.c: the image
# build fetches nothing from npm.

FROM debian:12 AS build
WORKDIR /src
# The system packages first, from setup's own list (a layer that changes
# only when the list does).
COPY scripts/setup scripts/lib.sh scripts/
RUN scripts/setup --deps
COPY . .
# Build and install into /usr (DESTDIR: a tree to copy into the runtime
# image), exactly as scripts/setup builds for users and CI.
RUN PREFIX=/usr scripts/setup --no-install \
    && make -C build install DESTDIR=/out \
    && rm -rf /out/usr/share/bash-completion /out/usr/share/zsh /out/usr/share/fish

FROM debian:12-slim
# The shared libraries asyncdoc links with or opens on first use (libcurl,
# Graphviz's libgvc, libmicrohttpd: the runtime half of setup's -dev
# packages).
RUN apt-get update -q && apt-get install -y -q --no-install-recommends \
        libyaml-0-2 libcjson1 libcmark0.30.2 libctemplate3 \
        libmicrohttpd12 libpcre2-8-0 libstdc++6 libcurl4 libgvc6 \
    && apt-get clean && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 asyncdoc
COPY --from=build /out/ /
USER asyncdoc
WORKDIR /docs
ENTRYPOINT ["asyncdoc"]
CMD ["--help"]
