# One image for either app: docker build --build-arg APP=express (or koa) .
FROM node:20-bookworm-slim
ARG APP=express
WORKDIR /srv/tessera
RUN npm install --global pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build && pnpm prune --prod
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 APP=${APP}
USER node
EXPOSE 3000
CMD ["sh", "-c", "exec node apps/${APP}/dist/main.js"]
