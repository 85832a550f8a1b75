# One image for the API and the worker; docker-compose.yml picks the entry point.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY worker ./worker
COPY scripts/release ./scripts/release
COPY test/workflow/histories ./test/workflow/histories
# The workflow bundle the workers load (VT_WORKFLOW_BUNDLE) is built once here and replayed against
# every recorded history: an image whose workflow code would break running cases does not build.
RUN npx tsc -p tsconfig.build.json \
  && npx tsx scripts/release/verify-release.ts --out dist/workflow-bundle.js \
  && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production VT_MODE=production VT_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
# The web interface's static files sit beside its compiled routes (tsc copies no CSS or HTML).
COPY --from=build /app/src/web/public ./dist/src/web/public
USER node
CMD ["node", "dist/src/api/main.js"]
