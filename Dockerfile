# syntax=docker/dockerfile:1
# Verdict's admission webhook image: `docker build -t verdict:0.1.0 .`
# RUN steps use paths relative to WORKDIR, so .ci/dockerfile-steps.sh can replay them without Docker.
ARG NODE_IMAGE=node:20-bookworm-slim

# Build: all dependencies (TypeScript, AssemblyScript), the compiled CLI and runtime, the built-in policy bundle.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here; the build runs below, explicitly.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build
RUN node bin/verdict.js build policies -o dist/policies.tar.gz

# Production dependencies only, in a stage of their own so that no compiler reaches the runtime image.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# Runtime: node, production dependencies, compiled output. Everything is owned by root and only read by the
# non-root user, so the container runs with a read-only root filesystem; probes come from Kubernetes, not a
# HEALTHCHECK.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/policies.tar.gz ./dist/policies.tar.gz
# The node image's unprivileged "node" user, by number so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 8443
ENTRYPOINT ["node", "/app/bin/verdict.js"]
CMD ["serve", "--port=8443", "--bundle=/app/dist/policies.tar.gz", "--config=/etc/verdict/config/verdict.yaml", "--cert-dir=/etc/verdict/certs"]
