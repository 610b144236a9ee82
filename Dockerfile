# One image per app: docker build --network host --build-arg APP=express (or koa) -t tessera-express .
# Starts from node:20-bookworm-slim; where no registry of images is reachable, build a local one with
# tools/docker/build-node-base.sh and pass --build-arg NODE_IMAGE=tessera-node:20-bookworm.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS pnpm
RUN npm install --global --no-audit --no-fund pnpm@10.34.9
WORKDIR /repo

# The dependencies, from the lockfile alone: a change to the sources does not download them again.
FROM pnpm AS deps
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch

FROM deps AS build
ARG APP=express
COPY . .
# The app and the workspace packages it depends on, built in dependency order.
RUN pnpm install --offline --frozen-lockfile && pnpm --filter "@tessera/${APP}-app..." build
# One app and its production dependencies only, workspace packages copied in.
RUN pnpm --filter "@tessera/${APP}-app" --prod deploy --legacy /out

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATABASE_URL=sqlite:/srv/tessera/data/tessera.db
WORKDIR /srv/tessera
COPY --from=build /out ./
RUN mkdir -p data && chown node:node data
VOLUME /srv/tessera/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
