# Test target for rules/semgrep/dockerfile.yml (`semgrep --test`).
#
# A "ruleid" comment marks the next instruction as a finding the named rule must report; an "ok"
# comment marks a safe near-miss it must not report. semgrep --test takes one target per rules
# file and a file has one final stage, so runs-as-root is tested here through its "USER root is
# the last USER" branch; earlier stages without USER are its near-misses.

ARG BASE_IMAGE=python:3.12-slim
# ok: margo.dockerfile.secret-in-env-or-arg
ARG NPM_TOKEN
# ruleid: margo.dockerfile.secret-in-env-or-arg
ARG GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwx

# ruleid: margo.dockerfile.unpinned-base-image
FROM golang:latest AS tools
# ok: margo.dockerfile.secret-in-env-or-arg
ENV GOFLAGS=-mod=readonly
RUN go version

# ok: margo.dockerfile.runs-as-root
FROM golang:1.22-bookworm AS build
# ruleid: margo.dockerfile.secret-in-env-or-arg
ENV CGO_ENABLED=0 DB_PASSWORD=hunter2
# ruleid: margo.dockerfile.secret-in-env-or-arg
ENV LEGACY_API_KEY abcdef0123456789
# ok: margo.dockerfile.secret-in-env-or-arg
ENV DB_PASSWORD_FILE=/run/secrets/db_password
# ok: margo.dockerfile.secret-in-env-or-arg
ENV API_TOKEN=""
# ok: margo.dockerfile.secret-in-env-or-arg
ENV UPSTREAM_TOKEN=$NPM_TOKEN
# ruleid: margo.dockerfile.add-remote-url
ADD https://example.com/releases/tool-1.2.3.tar.gz /tmp/tool.tar.gz
# ruleid: margo.dockerfile.add-remote-url
ADD --chown=1000:1000 https://example.com/releases/extra.tar.gz /tmp/extra.tar.gz
# ok: margo.dockerfile.add-remote-url
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/releases/tool-1.2.3.tar.gz /tmp/tool.tar.gz
# ok: margo.dockerfile.add-remote-url
ADD vendor/tool-1.2.3.tar.gz /tmp/
# ruleid: margo.dockerfile.curl-pipe-shell
RUN curl -fsSL https://get.example.com/install.sh | sh
# ruleid: margo.dockerfile.curl-pipe-shell
RUN apt-get update && \
    wget -qO- https://deb.example.com/setup \
    | sudo -E bash -
# ruleid: margo.dockerfile.curl-pipe-shell
RUN sh -c "$(curl -fsSL https://get.example.com/install.sh)"
# ok: margo.dockerfile.curl-pipe-shell
RUN curl -fsSLo /tmp/install.sh https://get.example.com/install.sh \
    && echo "24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d  /tmp/install.sh" | sha256sum -c - \
    && sh /tmp/install.sh
# ok: margo.dockerfile.curl-pipe-shell
RUN curl -fsSL https://example.com/releases/tool-1.2.3.tar.gz | tar -xz -C /usr/local/bin
# ok: margo.dockerfile.secret-in-env-or-arg
RUN --mount=type=secret,id=npm_token NPM_TOKEN="$(cat /run/secrets/npm_token)" npm ci
RUN go build -o /out/app ./cmd/app

# ruleid: margo.dockerfile.unpinned-base-image
FROM alpine AS certs
RUN apk add --no-cache ca-certificates

# ok: margo.dockerfile.unpinned-base-image
FROM scratch AS empty

# ok: margo.dockerfile.unpinned-base-image
FROM ${BASE_IMAGE} AS runtime-base

# ok: margo.dockerfile.unpinned-base-image
FROM build AS test
RUN go test ./...

# ok: margo.dockerfile.unpinned-base-image
FROM gcr.io/distroless/static-debian12@sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d AS pinned

# ok: margo.dockerfile.runs-as-root
FROM debian:12-slim
RUN useradd --system --uid 10001 app
COPY --from=build /out/app /usr/local/bin/app
# ok: margo.dockerfile.runs-as-root
USER app
RUN apt-get update && apt-get install -y --no-install-recommends curl
# ruleid: margo.dockerfile.runs-as-root
USER root
ENTRYPOINT ["/usr/local/bin/app"]
