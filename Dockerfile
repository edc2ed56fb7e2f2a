# syntax=docker/dockerfile:1
# hyper-nano container image.
#   docker build -t hyper-nano .
#   docker run -p 6363:6363 -v hyper-nano-data:/var/lib/hyper-nano hyper-nano
# Two variants, chosen by VARIANT:
#   embedded (default)  the embedded engines only: the smaller image (under 80 MiB compressed). A production
#                       engine's URL (--cache-url redis://...) stops the start with one line naming the variant below.
#   production          also the production engines' adapters and clients (Redis, S3, OpenSearch; Jedis, AWS SDK):
#                         docker build --build-arg VARIANT=production -t hyper-nano:production .
#                       The release tarball always carries every engine.
#   docker run -e HYPER_MAX_MEMORY=512m ...   a larger heap bound than lib/jvm.args's (bin/hyper-nano applies it)
# Base images, pinned by tag:
#   maven:3.9-eclipse-temurin-25  build stage: Maven 3.9 on Eclipse Temurin JDK 25 (the JDK that jlinks the runtime)
#   debian:bookworm-slim          runtime stage: Debian 12, glibc (the jlinked runtime needs nothing else)
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-25
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${BUILD_IMAGE} AS build
ARG VARIANT=embedded
# binutils: strip, which distribution/build.sh runs on the runtime's native libraries (libjvm.so).
RUN apt-get update -q && apt-get install -y -q --no-install-recommends binutils && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The Maven repository is a build cache (BuildKit or buildah), not part of any layer.
# -Dhyper.embeddedOnly leaves out the production-engines profile of server/pom.xml.
RUN --mount=type=cache,target=/root/.m2 \
    case "$VARIANT" in \
      embedded) only=-Dhyper.embeddedOnly ;; \
      production) only= ;; \
      *) echo "VARIANT must be embedded or production, not '$VARIANT'" >&2; exit 2 ;; \
    esac && \
    mvn -B -ntp -q -DskipTests $only package -pl server -am
# jlink runtime + jars + launcher at the final path, then an AOT training run there (JDK 25 AOT cache).
# The JVM options come from lib/jvm.args (a copy of distribution/jvm.args), as for the tarball. Jars with
# stored entries and stripped native libraries: the layers are gzipped, and these gzip smaller.
RUN sh distribution/build.sh --aot --out /opt/hyper-nano

FROM ${RUNTIME_IMAGE}
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/hyper-nano --create-home \
      --shell /usr/sbin/nologin hyper
COPY --from=build /opt/hyper-nano /opt/hyper-nano
# A container's loopback is its own: the image listens on every interface of the container explicitly
# (the server's default is 127.0.0.1). Publish the port to the host's loopback with -p 127.0.0.1:6363:6363.
ENV HYPER_DIR=/var/lib/hyper-nano \
    HYPER_HOST=0.0.0.0 \
    PORT=6363
USER 10001:10001
WORKDIR /var/lib/hyper-nano
EXPOSE 6363
VOLUME ["/var/lib/hyper-nano"]
# No curl in the image: bash sends the request to /health itself.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-6363} && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
# Exec form, and the launcher execs java (with @lib/jvm.args): java is PID 1 and gets SIGTERM from `docker stop`.
# Its shutdown hook prints "[INFO] stopping hyper nano", closes the stores and exits (143) in about a second.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/hyper-nano/bin/hyper-nano"]
