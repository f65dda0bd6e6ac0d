# The urbis image: built from this workspace, run as an unprivileged user.
#   docker build -t urbis .
#   docker run -p 8080:8080 -v urbis-data:/var/lib/urbis urbis serve --addr 0.0.0.0:8080 --demo

# --- build ---------------------------------------------------------------------------------------
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p urbis \
    && cp target/release/urbis /usr/local/bin/urbis

# --- run -----------------------------------------------------------------------------------------
FROM debian:bookworm-slim
# ca-certificates: TLS to S3 and SMTP; curl: the health check below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/urbis --create-home --uid 10001 urbis \
    && install -d -o urbis /backups
COPY --from=build /usr/local/bin/urbis /usr/local/bin/urbis
USER urbis
WORKDIR /var/lib/urbis
# Everything the node writes lives here: the SQLite file (when no PostgreSQL is named), uploaded
# files (when no bucket is named), the search index, outgoing mail files.
VOLUME ["/var/lib/urbis"]
ENV URBIS_LOG_FORMAT=json
# glibc's malloc otherwise keeps a memory pool per thread: two keep the server's memory small.
ENV MALLOC_ARENA_MAX=2
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
# SIGTERM lets running requests finish and the mail worker put back what it holds.
STOPSIGNAL SIGTERM
ENTRYPOINT ["urbis"]
CMD ["serve", "--addr", "0.0.0.0:8080"]
