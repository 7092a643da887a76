# One image for the API, the worker and the Trackstar sandbox (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY server/vendor ./server/vendor
# Dev dependencies too: tsx runs the TypeScript sources, Vite and codegen build the dashboard.
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
# The same step every entry point runs first: Prisma client, Pothos types and the dashboard,
# stamped so the containers (running as `node`) find them current and never regenerate.
RUN npx tsx server/scripts/prepare.ts --dashboard
EXPOSE 4000 4010
USER node
CMD ["npm", "run", "api"]
